"""bank lint on small hand-built banks: every figure against numbers worked by hand."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from trainer.bank import (
    Bank,
    BodyMapMode,
    Choice,
    Item,
    ItemType,
    Muscle,
    MuscleChoice,
    MuscleGroup,
    SourceRef,
    Topic,
    TriggerPoint,
    load_bank,
)
from trainer.bank import lint as banklint

REF = (SourceRef("namtpt"),)


def single(item_id: str, prompt: str, key: str, *distractors: str, topic="physiology") -> Item:
    choices = (Choice(key, correct=True), *(Choice(d) for d in distractors))
    return Item(item_id, topic, ItemType.SINGLE_CHOICE, 1, prompt, "x", REF, choices=choices)


def multiple(item_id: str, keys: int, options: int, topic="physiology") -> Item:
    choices = tuple(Choice(f"option {i}", correct=i < keys) for i in range(options))
    prompt = f"Select all that apply: {item_id}"
    return Item(item_id, topic, ItemType.MULTIPLE_RESPONSE, 1, prompt, "x", REF, choices=choices)


def muscle(muscle_id: str, group: MuscleGroup, *regions: str) -> Muscle:
    return Muscle(muscle_id, muscle_id, group, (TriggerPoint("tp", None, regions),), REF)


def identify(item_id: str, regions: tuple[str, ...], key: str, *distractors: str) -> Item:
    choices = (MuscleChoice(key, correct=True), *(MuscleChoice(m) for m in distractors))
    return Item(
        item_id,
        "referral-patterns",
        ItemType.BODY_MAP,
        1,
        "Which muscle?",
        "x",
        REF,
        mode=BodyMapMode.IDENTIFY_MUSCLE,
        regions=regions,
        choices=choices,
    )


def bank_of(*items: Item, muscles: tuple[Muscle, ...] = ()) -> Bank:
    topics = tuple(Topic(t, t) for t in dict.fromkeys(i.topic for i in items))
    return Bank(topics=topics, items=items, muscles=muscles)


# --- text helpers -------------------------------------------------------------------------------


def test_content_words_drop_stopwords_and_plurals_and_keep_numbers() -> None:
    assert banklint.content_words("Which of the 3 taut bands is the trigger point's?") == {
        "3",
        "taut",
        "band",
    }


def test_absolute_words_are_whole_words() -> None:
    assert banklint.has_absolute("It is never painful")
    assert banklint.has_absolute("ONLY in women")
    assert not banklint.has_absolute("Allodynia is onlooking")  # 'all', 'only' inside words


def test_jaccard() -> None:
    assert banklint.jaccard(frozenset("abc"), frozenset("bcd")) == 0.5
    assert banklint.jaccard(frozenset(), frozenset()) == 0.0


# --- single choice ------------------------------------------------------------------------------


def test_single_choice_figures() -> None:
    # key 20 chars; distractors 10 and 6 chars: mean 8, ratio 2.5, strictly longest
    item = single(
        "phy-001", "Where is the taut band?", "aaaaaaaaaaaaaaaaaaaa", "bbbbbbbbbb", "cccccc"
    )
    lint = banklint.lint_single_choice(item)
    assert lint.figures["longest_key"] is True
    assert lint.figures["key_length_ratio"] == 2.5
    assert lint.figures["choices"] == 3
    assert lint.flags == ("long_key", "longest_key")


def test_a_tie_for_longest_is_not_a_longest_key() -> None:
    lint = banklint.lint_single_choice(single("phy-001", "Q?", "abcd", "efgh", "ij"))
    assert lint.figures["longest_key"] is False
    assert lint.figures["key_length_ratio"] == round(4 / 3, 3)
    assert lint.flags == ()


def test_stem_overlap_only_when_the_key_alone_repeats_the_stem() -> None:
    giveaway = single(
        "phy-001", "What does a taut band feel like?", "A taut cord", "A bump", "Soft"
    )
    assert banklint.lint_single_choice(giveaway).figures["stem_overlap"] == ["taut"]
    fair = single("phy-002", "What does a taut band feel like?", "A taut cord", "A taut sheet", "X")
    assert banklint.lint_single_choice(fair).figures["stem_overlap"] == []


def test_absolute_asymmetry_in_single_choice() -> None:
    item = single("saf-001", "Q?", "Sometimes", "Never", "Always", "Rarely")
    lint = banklint.lint_single_choice(item)
    assert (lint.figures["absolute_keys"], lint.figures["absolute_distractors"]) == (0, 2)
    assert "absolute_asymmetry" in lint.flags
    balanced = single("saf-002", "Q?", "Only after consent", "Never", "Rarely")
    assert "absolute_asymmetry" not in banklint.lint_single_choice(balanced).flags


# --- multiple response --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("keys", "options", "tick_all"),
    [
        (4, 6, 0.5),  # (4 - 2) / 4
        (4, 7, 0.25),  # (4 - 3) / 4
        (5, 7, 0.6),  # (5 - 2) / 5
        (3, 6, 0.0),  # (3 - 3) / 3
        (2, 6, 0.0),  # max(0, (2 - 4) / 2)
        (5, 6, 0.8),  # (5 - 1) / 5
    ],
)
def test_tick_all_score_is_the_graders(keys: int, options: int, tick_all: float) -> None:
    assert banklint.tick_all_score(multiple("phy-001", keys, options)) == pytest.approx(tick_all)


def test_multiple_response_figures() -> None:
    lint = banklint.lint_multiple_response(multiple("phy-001", 4, 7))
    assert lint.figures["pattern"] == "4 of 7"
    assert lint.figures["key_share"] == round(4 / 7, 3)
    assert lint.figures["tick_all_score"] == 0.25
    assert lint.flags == ()  # 0.25 is below the 0.5 "tick all pays" mark
    assert banklint.lint_multiple_response(multiple("phy-002", 4, 6)).flags == ("tick_all_pays",)


# --- identify muscle ----------------------------------------------------------------------------

MUSCLES = (
    muscle(
        "subscapularis", MuscleGroup.SHOULDER_ARM, "posterior-shoulder", "scapula", "dorsal-wrist"
    ),
    muscle("teres-minor", MuscleGroup.SHOULDER_ARM, "posterior-shoulder"),
    muscle("deltoid", MuscleGroup.SHOULDER_ARM, "lateral-shoulder"),
    muscle(
        "infraspinatus", MuscleGroup.SHOULDER_ARM, "posterior-shoulder", "scapula", "dorsal-wrist"
    ),
    muscle("temporalis", MuscleGroup.HEAD_NECK, "temple"),
    muscle("soleus", MuscleGroup.LEG_FOOT, "heel"),
)
SHADED = ("posterior-shoulder", "scapula", "dorsal-wrist")


def test_identify_muscle_distractors_from_far_away_are_flagged() -> None:
    bank = bank_of(muscles=MUSCLES)
    item = identify("ref-001", SHADED, "subscapularis", "teres-minor", "temporalis", "soleus")
    lint = banklint.lint_identify_muscle(item, bank)
    assert lint.figures["body_part"] == "shoulder-arm"
    assert lint.figures["same_part_distractors"] == 1
    assert lint.figures["touching_distractors"] == 1  # teres minor shares posterior-shoulder
    assert lint.flags == ("distractors_outside_body_part",)


def test_identify_muscle_neighbours_pass_and_a_second_right_answer_is_flagged() -> None:
    bank = bank_of(muscles=MUSCLES)
    good = identify("ref-001", SHADED, "subscapularis", "teres-minor", "deltoid", "soleus")
    assert banklint.lint_identify_muscle(good, bank).flags == ()
    ambiguous = identify("ref-002", SHADED, "subscapularis", "teres-minor", "infraspinatus")
    lint = banklint.lint_identify_muscle(ambiguous, bank)
    assert lint.figures["covering_distractors"] == ["infraspinatus"]
    assert lint.flags == ("distractor_covers_zone",)


# --- duplicates ---------------------------------------------------------------------------------


def test_near_duplicates_compare_prompt_and_key() -> None:
    # content words: {travell, first, described, 1942} and {travell, first, described, 1952}
    a = single("phy-001", "Travell first described them", "1942", "1952", "1962")
    b = single("phy-002", "Travell first described them", "1952", "1942", "1962")
    c = single("phy-003", "Travell first described them", "1942", "1932", "1922")
    found = banklint.near_duplicates([a, b, c], threshold=0.61)
    assert [(d.first, d.second, d.similarity) for d in found] == [("phy-001", "phy-003", 1.0)]
    # phy-002 shares 3 of 5 words with each: 0.6, listed only from that threshold down
    found = banklint.near_duplicates([a, b, c], threshold=0.6)
    assert [(d.first, d.second, d.similarity) for d in found] == [
        ("phy-001", "phy-003", 1.0),
        ("phy-001", "phy-002", 0.6),
        ("phy-002", "phy-003", 0.6),
    ]


def test_fact_text_includes_a_flashcard_answer() -> None:
    card = Item("phy-009", "physiology", ItemType.FLASHCARD, 1, "Who?", "x", REF, answer="Travell")
    assert banklint.fact_text(card) == "Who? Travell"


# --- per topic, whole bank and targets ----------------------------------------------------------


def test_topic_and_bank_figures() -> None:
    items = (
        single("phy-001", "Q one?", "abcdefghijkl", "abcd", "efgh"),  # longest, ratio 12 / 4
        single("phy-002", "Q two?", "key", "longer one", "longer two"),  # ratio 0.3
        multiple("phy-003", 4, 6),  # tick-all 0.5
        multiple("phy-004", 2, 6),  # tick-all 0
        multiple("saf-001", 4, 6, topic="safety"),  # tick-all 0.5
    )
    report = banklint.lint_bank(bank_of(*items))
    physiology = report.topics["physiology"]
    assert physiology["longest_key_rate"] == 0.5
    assert physiology["longest_key_chance"] == round(1 / 3, 3)
    assert physiology["median_key_length_ratio"] == round((3.0 + 0.3) / 2, 3)
    assert physiology["long_keys"] == 1
    assert physiology["key_share"] == 0.5  # 6 keyed of 12 options
    assert physiology["patterns"] == {"2 of 6": 1, "4 of 6": 1}
    assert physiology["top_pattern_share"] == 0.5
    assert physiology["tick_all_mean"] == 0.25
    assert physiology["tick_all_pays"] == 1
    whole = report.topics["(bank)"]
    assert whole["patterns"] == {"2 of 6": 1, "4 of 6": 2}
    assert whole["top_pattern_share"] == round(2 / 3, 3)
    assert whole["tick_all_mean"] == round(1 / 3, 3)
    assert report.topics["safety"]["single_choice"] == 0
    assert report.topics["safety"]["longest_key_rate"] is None
    assert physiology["key_first_rate"] == 1.0  # the helpers write the key first
    assert physiology["keys_first_rate"] == 1.0
    met = {t.name: t.met for t in report.targets}
    assert met == {
        "longest_key_rate": False,  # 0.5 > 0.35
        "top_pattern_share": False,  # 0.667 > 0.30
        "tick_all_mean": False,  # 0.333 > 0.15
        "near_duplicates": True,
        "identify_outside_body_part": True,
    }


def test_file_order_of_keys() -> None:
    last = Item(
        "phy-001",
        "physiology",
        ItemType.SINGLE_CHOICE,
        1,
        "Q?",
        "x",
        REF,
        choices=(Choice("b"), Choice("c"), Choice("a", correct=True)),
    )
    assert banklint.lint_single_choice(last).figures["key_first"] is False
    mixed = Item(
        "phy-002",
        "physiology",
        ItemType.MULTIPLE_RESPONSE,
        1,
        "Select all that apply",
        "x",
        REF,
        choices=(Choice("a", correct=True), Choice("b"), Choice("c", correct=True)),
    )
    assert banklint.lint_multiple_response(mixed).figures["key_first"] is False
    report = banklint.lint_bank(bank_of(last, mixed, single("phy-003", "Q?", "k", "d1", "d2")))
    assert report.topics["physiology"]["key_first_rate"] == 0.5
    assert report.topics["physiology"]["keys_first_rate"] == 0.0


def test_report_is_json_able() -> None:
    report = banklint.lint_bank(bank_of(multiple("phy-001", 1, 3)))
    data = json.loads(json.dumps(report.to_dict()))
    assert data["items"][0]["figures"]["pattern"] == "1 of 3"
    assert data["topics"]["(bank)"]["tick_all_mean"] == 0.0


def test_empty_bank_meets_every_target() -> None:
    report = banklint.lint_bank(Bank(topics=(), items=(), muscles=()))
    assert all(t.met for t in report.targets)


# --- the command and the shipped bank -----------------------------------------------------------

SHIPPED = Path(__file__).resolve().parents[3] / "question_bank"


def test_cli_lint_prints_figures_and_json(runner) -> None:
    text = runner.invoke(args=["bank", "lint", "--dir", str(SHIPPED)])
    assert text.exit_code == 0, text.output
    assert "longest_key_rate" in text.output and "targets:" in text.output
    as_json = runner.invoke(args=["bank", "lint", "--json", "--dir", str(SHIPPED)])
    data = json.loads(as_json.output)
    assert set(data) == {"topics", "items", "duplicates", "targets"}
    assert "(bank)" in data["topics"] and "safety" in data["topics"]


def test_cli_lint_check_exits_1_when_a_target_is_missed(runner, tmp_path) -> None:
    shutil.copytree(SHIPPED, tmp_path / "bank")
    topic = tmp_path / "bank" / "topics" / "physiology.yaml"
    # a second copy of phy-001 under a new id, prompt reworded: a near duplicate
    text = topic.read_text(encoding="utf-8")
    start = text.index("  - id: phy-001")
    end = text.index("  - id: ", start + 1)
    copy = text[start:end].replace("phy-001", "phy-999").replace("usually", "commonly")
    topic.write_text(text + "\n" + copy, "utf-8")
    result = runner.invoke(args=["bank", "lint", "--check", "--dir", str(tmp_path / "bank")])
    assert result.exit_code == 1
    assert "near_duplicates" in result.output


@pytest.fixture(scope="module")
def shipped_report() -> banklint.LintReport:
    return banklint.lint_bank(load_bank(SHIPPED))


@pytest.mark.parametrize("target", [name for name, _figure, _limit in banklint.TARGETS])
def test_the_shipped_bank_meets_the_item_writing_target(shipped_report, target: str) -> None:
    found = next(t for t in shipped_report.targets if t.name == target)
    detail = {
        "near_duplicates": [(d.first, d.second) for d in shipped_report.duplicates],
        "identify_outside_body_part": [
            i.id for i in shipped_report.items if "distractors_outside_body_part" in i.flags
        ],
    }.get(target, "")
    assert found.met, f"{target} = {found.value} (limit {found.limit}) {detail}"


def test_no_identify_muscle_item_has_a_second_right_answer(shipped_report) -> None:
    covering = [i.id for i in shipped_report.items if "distractor_covers_zone" in i.flags]
    assert covering == []
