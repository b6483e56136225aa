"""One test per kind of problem: each edits the valid fixture bank once and expects exactly that
problem, at the right file, line and field."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from tests.unit.bank.bank_fixtures import VALID_FILES

REF = "topics/referral-patterns.yaml"
PHY = "topics/physiology.yaml"
MUS = "muscles.yaml"
REFS = "references.yaml"


@dataclass(frozen=True)
class Case:
    id: str
    file: str
    old: str  # replaced once, at its first occurrence after `after`
    new: str
    field: str
    line: str | None  # a text on the expected line of the edited file; None: no line
    message: str  # a fragment of the expected message
    after: str = ""


def edit(text: str, old: str, new: str, after: str = "") -> str:
    start = text.index(after) if after else 0
    at = text.index(old, start)
    return text[:at] + new + text[at + len(old) :]


def line_of(text: str, needle: str) -> int:
    """The line where ``needle`` (which may span lines) starts; it must occur once."""
    assert text.count(needle) == 1, f"{needle!r} occurs {text.count(needle)} times"
    return text.count("\n", 0, text.index(needle)) + 1


CASES = [
    # --- item type and fields
    Case("unknown-type", REF, "type: matching", "type: matchng",
         "ref-004.type", "type: matchng", "unknown item type 'matchng'"),
    Case("unknown-field", REF, "    explanation: Upper", "    answr: x\n    explanation: Upper",
         "ref-003.answr", "answr: x", "unknown field 'answr'"),
    Case("field-of-another-type", REF, "    choices:\n", "    answer: Temple\n    choices:\n",
         "ref-001.answer", "answer: Temple", "unknown field 'answer'"),
    Case("missing-prompt", REF, "    prompt: Match each muscle to a region it refers to.\n", "",
         "ref-004.prompt", "id: ref-004", "missing required field"),
    Case("missing-explanation", REF, "    explanation: Upper trapezius.\n", "",
         "ref-003.explanation", "id: ref-003", "missing required field"),
    Case("missing-difficulty", PHY, "    difficulty: 2\n", "",
         "phy-002.difficulty", "id: phy-002", "missing required field"),
    Case("missing-flashcard-answer", PHY, "    answer: A hyperirritable spot in a taut band of"
         " skeletal muscle.\n", "", "phy-001.answer", "id: phy-001", "missing required field"),
    Case("missing-true-false-answer", PHY, "    answer: false\n", "",
         "phy-002.answer", "id: phy-002", "missing required field"),
    Case("missing-choices", PHY, "    choices:\n      - text: Spontaneous pain\n"
         "        correct: true\n      - text: Referred pain on compression\n"
         "        correct: true\n      - text: Always visible on X-ray\n"
         "        feedback: No imaging shows trigger points reliably.\n", "",
         "phy-003.choices", "id: phy-003", "missing required field"),
    Case("missing-pairs", REF, "    pairs:\n      - left: Soleus\n        right: Heel\n"
         "      - left: Masseter\n        right: Teeth\n      - left: Temporalis\n"
         "        right: Teeth\n", "", "ref-004.pairs", "id: ref-004", "missing required field"),
    Case("missing-regions", REF, "    regions: [temple, mastoid]\n", "",
         "ref-002.regions", "id: ref-002", "missing required field"),
    Case("missing-body-map-mode", REF, "    mode: identify_muscle\n", "",
         "ref-003.mode", "id: ref-003", "missing required field"),
    Case("difficulty-out-of-range", REF, "difficulty: 3", "difficulty: 5",
         "ref-003.difficulty", "difficulty: 5", "must be 1, 2 or 3"),
    Case("difficulty-not-a-number", PHY, "difficulty: 3", "difficulty: hard",
         "phy-003.difficulty", "difficulty: hard", "must be 1, 2 or 3"),
    Case("difficulty-boolean", PHY, "difficulty: 1", "difficulty: true",
         "phy-001.difficulty", "difficulty: true", "read as a boolean"),
    # --- ids and duplicates
    Case("bad-id-format", REF, "id: ref-004", "id: ref-04",
         "ref-04.id", "id: ref-04", "not a valid item id"),
    Case("id-prefix-not-topic", REF, "id: ref-005", "id: phy-005",
         "phy-005.id", "id: phy-005", "must start with 'ref-'"),
    Case("duplicate-id", REF, "id: ref-005", "id: ref-001",
         "ref-001.id", "id: ref-001\n    type: body_map",
         "duplicate id (also topics/referral-patterns.yaml"),
    Case("duplicate-prompt", REF, "prompt: Select where levator scapulae trigger points refer.",
         "prompt: WHAT is a  trigger point?", "ref-005.prompt", "WHAT",
         "duplicate prompt (same as phy-001, topics/physiology.yaml line 9)"),
    # --- choices
    Case("no-correct-choice", REF, "        correct: true\n", "",
         "ref-001.choices", "choices:\n      - text: Temple", "no choice is marked correct"),
    Case("two-correct-single-choice", REF, "        feedback: That is soleus.\n",
         "        correct: true\n", "ref-001.choices", "choices:\n      - text: Temple",
         "2 choices are marked correct"),
    Case("all-correct-multiple-response", PHY,
         "feedback: No imaging shows trigger points reliably.", "correct: true",
         "phy-003.choices", "choices:", "every choice is marked correct"),
    Case("none-correct-multiple-response", PHY,
         "      - text: Spontaneous pain\n        correct: true\n"
         "      - text: Referred pain on compression\n        correct: true\n",
         "      - text: Spontaneous pain\n      - text: Referred pain on compression\n",
         "phy-003.choices", "choices:", "no choice is marked correct"),
    Case("too-few-choices", REF, "      - text: 'Sole: the whole of it'\n", "",
         "ref-001.choices", "choices:\n      - text: Temple",
         "has 2 choices; a single_choice item has 3 to 6"),
    Case("too-many-choices", REF, "      - text: 'Sole: the whole of it'\n",
         "".join(f"      - text: Choice {n}\n" for n in range(5)),
         "ref-001.choices", "choices:\n      - text: Temple", "has 7 choices"),
    Case("duplicate-choice-text", REF, "text: Heel", "text: ' TEMPLE'",
         "ref-001.choices[1].text", "TEMPLE", "duplicate choice text (same as choices[0])"),
    Case("multiple-response-prompt", PHY, " Select all that apply.", "",
         "phy-003.prompt", "Which are features", "must say 'select all that apply'"),
    # --- true_false
    Case("true-false-answer-text", PHY, "answer: false", "answer: 'false'",
         "phy-002.answer", "answer: 'false'", "must be true or false"),
    Case("choice-correct-yaml11", REF, "        correct: true\n", "        correct: yes\n",
         "ref-001.choices[0].correct", "correct: yes", "write true or false, not 'yes'"),
    Case("true-false-answer-yaml11", PHY, "answer: false", "answer: no",
         "phy-002.answer", "answer: no", "write true or false, not 'no'"),
    # --- matching
    Case("pair-missing-side", REF, "        right: Heel\n", "",
         "ref-004.pairs[0].right", "left: Soleus", "missing required field"),
    Case("duplicate-left", REF, "left: Masseter", "left: soleus",
         "ref-004.pairs[1].left", "left: soleus", "duplicate left (same as pairs[0])"),
    Case("too-few-pairs", REF, "      - left: Temporalis\n        right: Teeth\n", "",
         "ref-004.pairs", "pairs:", "has 2 pairs; a matching item needs at least 3"),
    Case("distractor-equals-right", REF, "distractors: [Big toe]", "distractors: [heel]",
         "ref-004.distractors[0]", "distractors:", "distractor 'heel' equals a right-hand side"),
    # --- body map
    Case("unknown-mode", REF, "mode: select_regions", "mode: select",
         "ref-002.mode", "mode: select\n", "unknown body_map mode 'select'"),
    Case("unknown-region-in-item", REF, "regions: [temple, mastoid]", "regions: [temple, mastiod]",
         "ref-002.regions[1]", "mastiod", "unknown body-map region 'mastiod'"),
    Case("region-outside-referral-zone", REF, "regions: [temple, mastoid]",
         "regions: [temple, heel]", "ref-002.regions[1]", "[temple, heel]",
         "'heel' is not in the referral zone of 'upper-trapezius'"),
    Case("select-regions-without-muscle", REF, "    muscle: upper-trapezius\n", "",
         "ref-002.muscle", "id: ref-002", "missing required field", after="id: ref-002"),
    Case("select-regions-with-choices", REF, "    explanation: |-",
         "    choices:\n      - text: x\n    explanation: |-",
         "ref-002.choices", "choices:\n      - text: x", "a select_regions item has no choices"),
    Case("identify-muscle-unknown-muscle", REF, "- muscle: soleus", "- muscle: solius",
         "ref-003.choices[2].muscle", "solius", "unknown muscle 'solius'"),
    Case("identify-muscle-two-correct", REF, "      - muscle: temporalis\n",
         "      - muscle: temporalis\n        correct: true\n",
         "ref-003.choices", "choices:\n      - muscle",
         "2 choices are marked correct", after="id: ref-003"),
    Case("identify-muscle-too-few", REF, "      - muscle: soleus\n", "",
         "ref-003.choices", "choices:\n      - muscle", "has 2 choices", after="id: ref-003"),
    Case("identify-muscle-zone", REF, "regions: [posterior-neck, mastoid]",
         "regions: [posterior-neck, heel]", "ref-003.regions[1]", "posterior-neck, heel",
         "'heel' is not in the referral zone of 'upper-trapezius'"),
    Case("identify-muscle-ambiguous", REF, "regions: [posterior-neck, mastoid]",
         "regions: [temple]",
         "ref-003.choices[1].muscle", "- muscle: temporalis", "also refers to every shaded region"),
    Case("identify-muscle-item-muscle", REF, "    prompt: Which muscle's",
         "    muscle: temporalis\n    prompt: Which muscle's", "ref-003.muscle",
         "    muscle: temporalis\n    prompt",
         "must be the correct choice's muscle ('upper-trapezius')"),
    # --- muscles and references cited by items
    Case("unknown-item-muscle", REF, "muscle: upper-trapezius", "muscle: upper-trap",
         "ref-001.muscle", "upper-trap\n", "unknown muscle 'upper-trap'"),
    Case("no-references", REF, "    references:\n      - key: namtpt\n",
         "    references: []\n", "ref-004.references", "references: []",
         "at least one reference is required", after="id: ref-004"),
    Case("missing-references", REF, "    references:\n      - key: namtpt\n", "",
         "ref-003.references", "id: ref-003", "missing required field", after="id: ref-003"),
    Case("unknown-reference-key", PHY, "- key: brady2014", "- key: brady2015",
         "phy-001.references[1].key", "brady2015", "unknown reference 'brady2015'"),
    # --- tags and text
    Case("tag-not-hyphenated", REF, "tags: [patterns]", "tags: [Referral_Patterns]",
         "ref-004.tags[0]", "Referral_Patterns", "not a valid tag"),
    Case("duplicate-tag", REF, "tags: [patterns]", "tags: [patterns, patterns]",
         "ref-004.tags[1]", "tags: [patterns, patterns]", "'patterns' is listed twice"),
    Case("empty-string", REF, "explanation: Upper trapezius.", "explanation: '  '",
         "ref-003.explanation", "explanation: '  '", "must not be empty"),
    Case("null-string", REF, "explanation: Upper trapezius.", "explanation:",
         "ref-003.explanation", "explanation:\n", "must not be empty"),
    Case("text-read-as-boolean", REF, "text: Heel", "text: yes",
         "ref-001.choices[1].text", "text: yes", "must be text, not 'yes' (read as a boolean)"),
    Case("html-in-text", PHY, "answer: A hyperirritable", "answer: A <b>hyperirritable</b>",
         "phy-001.answer", "<b>", "must be plain text"),
    Case("item-not-a-mapping", PHY, "items:\n", "items:\n  - just text\n",
         "items[0]", "just text", "must be a mapping (an item)"),
    Case("duplicate-yaml-key", PHY, "    difficulty: 3\n", "    difficulty: 3\n    difficulty: 2\n",
         "phy-003.difficulty", "difficulty: 2\n    prompt: Which are",
         "duplicate key", after="id: phy-003"),
    # --- topic
    Case("topic-id-not-file-name", PHY, "id: physiology", "id: physiology-basics",
         "topic.id", "physiology-basics", "does not match the file name 'physiology.yaml'"),
    Case("topic-missing-title", PHY, "  title: Physiology and pathophysiology\n", "",
         "topic.title", "topic:", "missing required field"),
    Case("topic-unknown-field", PHY, "topic:\n", "topic:\n  order: 1\n",
         "topic.order", "order: 1", "unknown field 'order'"),
    # --- muscles.yaml
    Case("duplicate-muscle-id", MUS, "id: masseter", "id: temporalis",
         "temporalis.id", "temporalis\n    name: Masseter",
         "duplicate muscle id (first on line 15)"),
    Case("muscle-missing-name", MUS, "    name: Soleus\n", "",
         "soleus.name", "id: soleus", "missing required field"),
    Case("muscle-unknown-group", MUS, "group: leg-foot", "group: leg",
         "soleus.group", "group: leg", "unknown group 'leg'"),
    Case("muscle-unknown-field", MUS, "    mimics:", "    mimic: [x]\n    mimics:",
         "upper-trapezius.mimic", "mimic: [x]", "unknown field 'mimic'"),
    Case("muscle-bad-id", MUS, "id: masseter", "id: Masseter",
         "muscles[2].id", "id: Masseter", "not a valid muscle id"),
    Case("muscle-unknown-region", MUS, "referral_regions: [heel]", "referral_regions: [heal]",
         "soleus.trigger_points[0].referral_regions[0]", "[heal]", "unknown body-map region"),
    Case("trigger-point-missing-location", MUS, "        location: null\n", "",
         "soleus.trigger_points[0].location", "- name: Soleus trigger point",
         "missing required field", after="id: soleus"),
    Case("muscle-no-trigger-points", MUS,
         "    trigger_points:\n      - name: Soleus trigger point\n        location: null\n"
         "        referral_regions: [heel]\n", "    trigger_points: []\n",
         "soleus.trigger_points", "trigger_points: []", "at least one trigger point"),
    Case("muscle-no-references", MUS, "    references:\n      - key: namtpt\n",
         "    references: []\n", "soleus.references", "references: []",
         "at least one reference is required", after="id: soleus"),
    Case("muscle-unknown-reference", MUS, "key: namtpt", "key: namtp",
         "upper-trapezius.references[0].key", "key: namtp\n", "unknown reference 'namtp'"),
    # --- references.yaml
    Case("reference-missing-citation", REFS, "    citation: A source nobody cites yet.\n", "",
         "unused2020.citation", "unused2020:", "missing required field"),
    Case("reference-unknown-kind", REFS, "kind: review", "kind: blog",
         "unused2020.kind", "kind: blog", "unknown kind 'blog'"),
    Case("reference-pmid-number", REFS, 'pmid: "25125935"', "pmid: 25125935",
         "brady2014.pmid", "pmid:", "must be text, not '25125935' (read as a number)"),
    Case("reference-bad-doi", REFS, "doi: 10.1179", "doi: https://doi.org/10.1179",
         "brady2014.doi", "doi:", "is not valid: a DOI"),
    Case("reference-bad-key", REFS, "unused2020:", "Unused 2020:",
         "Unused 2020", "Unused 2020:", "a reference key is lowercase"),
    Case("reference-unknown-field", REFS, "    kind: review", "    year: 2020\n    kind: review",
         "unused2020.year", "year: 2020", "unknown field 'year'"),
]  # fmt: skip


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_problem_is_reported_at_file_line_and_field(check, case: Case) -> None:
    text = edit(VALID_FILES[case.file], case.old, case.new, case.after)
    problems = check({case.file: text})
    assert len(problems) == 1, "\n".join(map(str, problems))
    [problem] = problems
    assert problem.file == case.file
    assert problem.field == case.field
    assert problem.line == (line_of(text, case.line) if case.line else None)
    assert case.message in problem.message


def test_case_ids_are_unique() -> None:
    assert len({c.id for c in CASES}) == len(CASES)


MANY = [
    "unknown-type", "duplicate-choice-text", "unknown-region-in-item",
    "identify-muscle-unknown-muscle", "id-prefix-not-topic", "difficulty-boolean",
    "true-false-answer-yaml11", "multiple-response-prompt", "topic-unknown-field",
    "muscle-unknown-group", "muscle-unknown-field", "muscle-bad-id", "reference-unknown-kind",
    "reference-pmid-number",
]  # fmt: skip


def test_every_problem_is_reported_in_one_call(check) -> None:
    cases = [c for c in CASES if c.id in MANY]
    files = dict(VALID_FILES)
    for case in cases:
        files[case.file] = edit(files[case.file], case.old, case.new, case.after)
    problems = check(files)
    expected = sorted(
        (c.file, line_of(files[c.file], c.line) if c.line else None, c.field) for c in cases
    )
    assert [(p.file, p.line, p.field) for p in problems] == expected
    for case in cases:
        [problem] = [p for p in problems if p.field == case.field]
        assert case.message in problem.message
