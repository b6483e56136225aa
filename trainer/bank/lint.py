"""Item-writing lint: the test-taking cues a bank gives away, per item, per topic and overall.

Pure: takes a loaded :class:`~trainer.bank.model.Bank`, returns plain frozen objects (and
``to_dict`` for JSON). The figures follow the item-writing review of issue 13, after the NBME
item-writing guide and Haladyna's rules (a keyed option must not stand out):

* single choice: *longest key* (the key is strictly longer, in characters, than every
  distractor; chance is 1/number of choices), *key-length ratio* (key length / mean distractor
  length), *stem overlap* (the key alone repeats a content word of the prompt);
* single choice and multiple response: *absolute words* (:data:`ABSOLUTE_WORDS`) in distractors
  and in keys; an item whose distractors carry one while no key does is flagged;
* multiple response: *key share* (keyed options / options), the *"k of n" pattern* and the
  *tick-all score*, the partial credit the app's own grader gives for ticking every box;
* file order: the share of choice items whose key comes first in the file (exports and
  print-outs show that order), and of multiple-response items whose keys all come first;
* identify-muscle body maps: distractors from the key's body part (``group`` in muscles.yaml,
  fewer than :data:`MIN_SAME_PART` is flagged) and distractors whose referral zone covers the
  whole shaded area (a second right answer);
* near duplicates: token-set Jaccard similarity of two items' *fact text* (the prompt plus
  what it keys: the answer, the keyed choices, the pairs, the regions; :func:`fact_text`),
  content words only (:func:`content_words`); pairs at or above :data:`DUPLICATE_THRESHOLD`
  are listed. The key counts because two prompts can differ in one word ("relative" /
  "absolute") and test different facts, while a flashcard and a choice item on one fact share
  their answer.
"""

from __future__ import annotations

import re
import statistics
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, field
from itertools import combinations
from typing import Any

from trainer.bank.model import Bank, Choice, Item, MuscleChoice
from trainer.bank.spec import BodyMapMode, ItemType
from trainer.domain import grading

#: Words that make an option sound absolute (test-wise students learn they mark distractors).
ABSOLUTE_WORDS = frozenset(
    "all always never none only every entirely completely invariably exclusively".split()  # noqa: SIM905 (a word list reads better as text)
)

#: Function words and the bank's framing words, left out of "content words".
STOPWORDS = frozenset(
    """
    a an the and or but nor of to in on at by for from with without into onto over under than all
    then as is are was were be been being it its this that these those there their them they
    he she his her which what who whom whose when where why how not no yes do does did can could
    may might should would will shall has have had more most less least very so such also any
    some each both either neither one two about after before between through during per via
    select apply following statement true false best describes usually typically
    trigger point points
    """.split()  # noqa: SIM905 (a word list reads better as text)
)

#: Identify-muscle items need at least this many distractors from the key's body part.
MIN_SAME_PART = 2

#: Item pairs whose fact texts have a Jaccard similarity at or above this are listed.
DUPLICATE_THRESHOLD = 0.6

#: A key at least this many times the mean distractor length is counted as a long key.
LONG_KEY_RATIO = 1.5

_WORD_RE = re.compile(r"[a-z0-9]+(?:'[a-z]+)?")


# --- text ---------------------------------------------------------------------------------------


def words(text: str) -> list[str]:
    """Lower-cased word tokens (letters and digits; a trailing 's is dropped)."""
    return [w.removesuffix("'s") for w in _WORD_RE.findall(text.lower())]


def _stem(word: str) -> str:
    """A crude plural stem, so that 'bands' meets 'band' (never shorter than 4 letters)."""
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 4 and word.endswith("s") and not word.endswith("ss"):
        return word[:-1]
    return word


def content_words(text: str) -> frozenset[str]:
    """The stemmed words of ``text`` not in :data:`STOPWORDS`; numbers count (54% is not 45%)."""
    return frozenset(_stem(w) for w in words(text) if w not in STOPWORDS)


def has_absolute(text: str) -> bool:
    return any(w in ABSOLUTE_WORDS for w in words(text))


def jaccard(a: frozenset[str], b: frozenset[str]) -> float:
    """|a ∩ b| / |a ∪ b| (0 for two empty sets)."""
    union = a | b
    return len(a & b) / len(union) if union else 0.0


# --- results ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ItemLint:
    """One item's figures and the cues it gives away (``flags``)."""

    id: str
    topic: str
    kind: str  # a grading type key: single_choice, multiple_response, body_map:identify_muscle
    figures: dict[str, Any]
    flags: tuple[str, ...] = ()


@dataclass(frozen=True)
class Duplicate:
    first: str
    second: str
    similarity: float


@dataclass(frozen=True)
class Target:
    """A target for the shipped bank: ``value`` against ``limit``."""

    name: str
    value: float
    limit: float
    met: bool


@dataclass(frozen=True)
class LintReport:
    topics: dict[str, dict[str, Any]]  # topic id -> figures; "(bank)" holds the whole bank's
    items: tuple[ItemLint, ...]
    duplicates: tuple[Duplicate, ...]
    targets: tuple[Target, ...] = field(default=())

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @property
    def flagged(self) -> tuple[ItemLint, ...]:
        return tuple(item for item in self.items if item.flags)


# --- per item -----------------------------------------------------------------------------------


def _split(choices: Sequence[Choice]) -> tuple[list[str], list[str]]:
    keys = [c.text for c in choices if c.correct]
    distractors = [c.text for c in choices if not c.correct]
    return keys, distractors


def _absolute_figures(keys: list[str], distractors: list[str]) -> tuple[dict[str, Any], list]:
    abs_keys = sum(map(has_absolute, keys))
    abs_distractors = sum(map(has_absolute, distractors))
    figures = {"absolute_keys": abs_keys, "absolute_distractors": abs_distractors}
    flags = ["absolute_asymmetry"] if abs_distractors and not abs_keys else []
    return figures, flags


def lint_single_choice(item: Item) -> ItemLint:
    keys, distractors = _split(item.choices)  # type: ignore[arg-type]
    key = keys[0]
    lengths = [len(d) for d in distractors]
    ratio = len(key) / statistics.mean(lengths)
    stem = content_words(item.prompt)
    key_overlap = sorted(content_words(key) & stem)
    distractor_overlap = any(content_words(d) & stem for d in distractors)
    figures: dict[str, Any] = {
        "choices": len(item.choices),
        "key_first": item.choices[0].correct,
        "longest_key": len(key) > max(lengths),
        "key_length_ratio": round(ratio, 3),
        "stem_overlap": key_overlap if key_overlap and not distractor_overlap else [],
    }
    absolute, flags = _absolute_figures(keys, distractors)
    figures.update(absolute)
    if figures["longest_key"]:
        flags.append("longest_key")
    if ratio >= LONG_KEY_RATIO:
        flags.append("long_key")
    if figures["stem_overlap"]:
        flags.append("stem_overlap")
    return ItemLint(item.id, item.topic, "single_choice", figures, tuple(sorted(flags)))


def tick_all_score(item: Item) -> float:
    """The grader's score for ticking every choice of a multiple-response item."""
    content = item.to_content()
    response = {"choices": list(range(len(item.choices)))}
    return grading.grade(content, response, duration_ms=0).score


def lint_multiple_response(item: Item) -> ItemLint:
    keys, distractors = _split(item.choices)  # type: ignore[arg-type]
    tick_all = tick_all_score(item)
    figures: dict[str, Any] = {
        "choices": len(item.choices),
        "keys": len(keys),
        "pattern": f"{len(keys)} of {len(item.choices)}",
        "key_first": all(c.correct for c in item.choices[: len(keys)]),
        "key_share": round(len(keys) / len(item.choices), 3),
        "tick_all_score": round(tick_all, 3),
    }
    absolute, flags = _absolute_figures(keys, distractors)
    figures.update(absolute)
    if tick_all >= 0.5:
        flags.append("tick_all_pays")
    return ItemLint(item.id, item.topic, "multiple_response", figures, tuple(sorted(flags)))


def lint_identify_muscle(item: Item, bank: Bank) -> ItemLint:
    choices: Sequence[MuscleChoice] = item.choices  # type: ignore[assignment]
    key = next(c.muscle for c in choices if c.correct)
    part = bank.muscle(key).group
    distractors = [bank.muscle(c.muscle) for c in choices if not c.correct]
    shaded = frozenset(item.regions)
    same_part = [m.id for m in distractors if m.group is part]
    covering = [m.id for m in distractors if shaded <= m.referral_zone]
    figures: dict[str, Any] = {
        "key_first": choices[0].correct,
        "body_part": part.value,
        "same_part_distractors": len(same_part),
        "touching_distractors": sum(1 for m in distractors if m.referral_zone & shaded),
        "covering_distractors": covering,
    }
    flags = []
    if len(same_part) < MIN_SAME_PART:
        flags.append("distractors_outside_body_part")
    if covering:
        flags.append("distractor_covers_zone")
    return ItemLint(item.id, item.topic, "body_map:identify_muscle", figures, tuple(flags))


def lint_item(item: Item, bank: Bank) -> ItemLint | None:
    """The item's lint, or None for a type without choices to lint."""
    if item.type is ItemType.SINGLE_CHOICE:
        return lint_single_choice(item)
    if item.type is ItemType.MULTIPLE_RESPONSE:
        return lint_multiple_response(item)
    if item.type is ItemType.BODY_MAP and item.mode is BodyMapMode.IDENTIFY_MUSCLE:
        return lint_identify_muscle(item, bank)
    return None


# --- duplicates ---------------------------------------------------------------------------------


def fact_text(item: Item) -> str:
    """The prompt and what the item keys: the fact an item tests."""
    parts = [item.prompt]
    if isinstance(item.answer, str):
        parts.append(item.answer)
    for choice in item.choices:
        if choice.correct:
            parts.append(choice.text if isinstance(choice, Choice) else choice.muscle)
    parts.extend(f"{pair.left} {pair.right}" for pair in item.pairs)
    parts.extend(item.regions)  # a select_regions key, or an identify_muscle shaded zone
    return " ".join(parts)


def near_duplicates(
    items: Iterable[Item], threshold: float = DUPLICATE_THRESHOLD
) -> tuple[Duplicate, ...]:
    """Item pairs whose fact texts' content words have Jaccard similarity >= ``threshold``."""
    stems = [(item.id, content_words(fact_text(item))) for item in items]
    found = []
    for (a, wa), (b, wb) in combinations(stems, 2):
        similarity = jaccard(wa, wb)
        if similarity >= threshold:
            found.append(Duplicate(a, b, round(similarity, 3)))
    return tuple(sorted(found, key=lambda d: (-d.similarity, d.first, d.second)))


# --- per topic ----------------------------------------------------------------------------------


def _share(part: int, whole: int) -> float | None:
    return round(part / whole, 3) if whole else None


def summarise(items: Sequence[ItemLint], duplicates: int = 0) -> dict[str, Any]:
    """The figures of a group of item lints (a topic, or the whole bank)."""
    single = [i.figures for i in items if i.kind == "single_choice"]
    multiple = [i.figures for i in items if i.kind == "multiple_response"]
    identify = [i.figures for i in items if i.kind == "body_map:identify_muscle"]
    choice_figures = single + multiple
    patterns = Counter(f["pattern"] for f in multiple)
    options = sum(f["choices"] for f in multiple)
    ratios = [f["key_length_ratio"] for f in single]
    tick_all = [f["tick_all_score"] for f in multiple]
    keys = len(single) + sum(f["keys"] for f in multiple)
    distractors = sum(f["choices"] for f in choice_figures) - keys
    return {
        "key_first_rate": _share(
            sum(f["key_first"] for f in single + identify), len(single + identify)
        ),
        "keys_first_rate": _share(sum(f["key_first"] for f in multiple), len(multiple)),
        "single_choice": len(single),
        "longest_key_rate": _share(sum(f["longest_key"] for f in single), len(single)),
        "longest_key_chance": (
            round(statistics.mean(1 / f["choices"] for f in single), 3) if single else None
        ),
        "median_key_length_ratio": round(statistics.median(ratios), 3) if ratios else None,
        "long_keys": sum(r >= LONG_KEY_RATIO for r in ratios),
        "stem_overlap": sum(bool(f["stem_overlap"]) for f in single),
        "absolute_key_rate": _share(sum(f["absolute_keys"] for f in choice_figures), keys),
        "absolute_distractor_rate": _share(
            sum(f["absolute_distractors"] for f in choice_figures), distractors
        ),
        "absolute_asymmetry": sum(1 for i in items if "absolute_asymmetry" in i.flags),
        "multiple_response": len(multiple),
        "key_share": _share(sum(f["keys"] for f in multiple), options),
        "patterns": dict(sorted(patterns.items())),
        "top_pattern_share": _share(max(patterns.values(), default=0), len(multiple)),
        "tick_all_mean": round(statistics.mean(tick_all), 3) if tick_all else None,
        "tick_all_pays": sum(s >= 0.5 for s in tick_all),
        "identify_muscle": len(identify),
        "identify_outside_body_part": sum(
            f["same_part_distractors"] < MIN_SAME_PART for f in identify
        ),
        "near_duplicates": duplicates,
    }


# --- the bank -----------------------------------------------------------------------------------

#: Targets for the shipped bank (issue 13): (name, figure of the whole bank, limit).
TARGETS = (
    ("longest_key_rate", "longest_key_rate", 0.35),
    ("top_pattern_share", "top_pattern_share", 0.30),
    ("tick_all_mean", "tick_all_mean", 0.15),
    ("near_duplicates", "near_duplicates", 0),
    ("identify_outside_body_part", "identify_outside_body_part", 0),
)


def targets(whole: dict[str, Any]) -> tuple[Target, ...]:
    """The bank's figures against :data:`TARGETS` (a figure with no items meets its target)."""
    out = []
    for name, figure, limit in TARGETS:
        value = whole[figure]
        out.append(
            Target(
                name, value if value is not None else 0.0, limit, value is None or value <= limit
            )
        )
    return tuple(out)


def lint_bank(bank: Bank, threshold: float = DUPLICATE_THRESHOLD) -> LintReport:
    """Lint every item; figures per topic and for the whole bank (key ``"(bank)"``)."""
    items = tuple(lint for item in bank.items if (lint := lint_item(item, bank)) is not None)
    duplicates = near_duplicates(bank.items, threshold)
    topic_of = {item.id: item.topic for item in bank.items}
    topics = {}
    for topic in bank.topics:
        count = sum(1 for d in duplicates if topic.id in (topic_of[d.first], topic_of[d.second]))
        topics[topic.id] = summarise([i for i in items if i.topic == topic.id], count)
    whole = summarise(items, len(duplicates))
    topics["(bank)"] = whole
    return LintReport(topics=topics, items=items, duplicates=duplicates, targets=targets(whole))
