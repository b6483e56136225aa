"""Reading one item of a topic file: common fields, then the rules of its type."""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass, field

from trainer.bank.fields import Checker, Entry, Fields
from trainer.bank.model import Choice, Item, MuscleChoice, Pair, SourceRef
from trainer.bank.spec import (
    CHOICE_KEYS,
    CHOICE_LIMITS,
    COMMON_KEYS,
    DIFFICULTIES,
    ITEM_ID_RE,
    ITEM_KEYS,
    MIN_PAIRS,
    MUSCLE_CHOICE_KEYS,
    PAIR_KEYS,
    SELECT_ALL_PHRASE,
    SLUG_RE,
    SOURCE_KEYS,
    TOPIC_PREFIXES,
    TYPE_KEYS,
    BodyMapMode,
    ItemType,
    ReferenceKind,
    normalise,
)


@dataclass
class Context:
    """What items are checked against. ``None`` means unknown (its file failed): skip the check."""

    regions: Collection[str] | None = None
    muscle_ids: Collection[str] | None = None
    zones: Mapping[str, frozenset[str]] = field(default_factory=dict)  # well-formed muscles only
    reference_keys: Collection[str] | None = None
    reference_kinds: dict[str, ReferenceKind] | None = None  # of the well-formed references


def read_sources(
    f: Fields, key: str, reference_keys: Collection[str] | None
) -> tuple[SourceRef, ...]:
    """A required, non-empty list of ``{key, where?}`` citing references.yaml."""
    entries = f.entries(key)
    if entries is None:
        return ()
    if not entries:
        f.report(key, "at least one reference is required")
    sources = []
    for entry in entries:
        sf = entry.mapping(SOURCE_KEYS, "a source: key and where")
        if sf is None:
            continue
        ref_key, where = sf.text("key"), sf.text("where", required=False)
        if ref_key is None:
            continue
        if reference_keys is not None and ref_key not in reference_keys:
            sf.report("key", f"unknown reference {ref_key!r} (not in references.yaml)")
        sources.append(SourceRef(ref_key, where))
    return tuple(sources)


def check_regions(found: list[tuple[str, Entry]], regions: Collection[str] | None) -> None:
    if regions is None:
        return
    for region, entry in found:
        if region not in regions:
            entry.report(f"unknown body-map region {region!r} (not in the body-map SVG)")


def read_item(chk: Checker, entry: Entry, topic: str, ctx: Context) -> Item | None:
    """The item, or None when it has any problem (all of them reported)."""
    before = len(chk.problems)
    if not isinstance(entry.value, dict):
        entry.report(f"must be a mapping (an item), not {chk.describe(entry.path, entry.value)}")
        return None
    raw_id = entry.value.get("id")
    label = raw_id if isinstance(raw_id, str) and SLUG_RE.match(raw_id) else entry.label
    f = Fields(chk, entry.value, entry.path, label)

    item_id = f.slug("id", ITEM_ID_RE, "item id (three letters, hyphen, three digits: ref-001)")
    prefix = TOPIC_PREFIXES.get(topic)
    if item_id and prefix and not item_id.startswith(prefix + "-"):
        f.report("id", f"id must start with {prefix + '-'!r} in topic {topic!r}")
    itype = None
    if (type_entry := f.require("type")) is not None:
        if type_entry.value in tuple(ItemType):
            itype = ItemType(type_entry.value)
        else:
            expected = ", ".join(ItemType)
            type_entry.report(
                f"unknown item type {type_entry.value!r} (expected one of: {expected})"
            )
    if itype is not None:
        f.check_keys(COMMON_KEYS + TYPE_KEYS[itype])
    else:
        f.check_keys(ITEM_KEYS)

    difficulty = None
    if (d := f.require("difficulty")) is not None:
        if type(d.value) is int and d.value in DIFFICULTIES:
            difficulty = d.value
        else:
            d.report(f"must be 1, 2 or 3, not {chk.describe(d.path, d.value)}")
    tags = f.texts("tags", required=False, pattern=SLUG_RE, what="tag (lowercase-hyphenated)")
    muscle = f.slug("muscle", SLUG_RE, "muscle id", required=False)
    if muscle and ctx.muscle_ids is not None and muscle not in ctx.muscle_ids:
        f.report("muscle", f"unknown muscle {muscle!r} (not in muscles.yaml)")
    prompt = f.text("prompt")
    explanation = f.text("explanation")
    references = read_sources(f, "references", ctx.reference_keys)

    answer: str | bool | None = None
    mode = None
    regions: tuple[str, ...] = ()
    choices: tuple[Choice, ...] | tuple[MuscleChoice, ...] = ()
    pairs: tuple[Pair, ...] = ()
    distractors: tuple[str, ...] = ()
    if itype is ItemType.FLASHCARD:
        answer = f.text("answer")
    elif itype is ItemType.TRUE_FALSE:
        answer = f.boolean("answer")
    elif itype in (ItemType.SINGLE_CHOICE, ItemType.MULTIPLE_RESPONSE):
        choices = _text_choices(f, itype)
        if (
            itype is ItemType.MULTIPLE_RESPONSE
            and prompt
            and SELECT_ALL_PHRASE not in normalise(prompt)
        ):
            f.report("prompt", f"a multiple_response prompt must say {SELECT_ALL_PHRASE!r}")
    elif itype is ItemType.MATCHING:
        pairs, distractors = _pairs(f)
    elif itype is ItemType.BODY_MAP:
        mode, regions, choices = _body_map(f, muscle, ctx)

    if len(chk.problems) > before:
        return None
    assert item_id and itype and difficulty and prompt and explanation
    return Item(
        id=item_id,
        topic=topic,
        type=itype,
        difficulty=difficulty,
        prompt=prompt,
        explanation=explanation,
        references=references,
        tags=tags or (),
        muscle=muscle,
        answer=answer,
        mode=mode,
        regions=regions,
        choices=choices,
        pairs=pairs,
        distractors=distractors,
    )


def _count(f: Fields, key: str, n: int, low: int, high: int, what: str) -> None:
    if not low <= n <= high:
        f.report(key, f"has {n} {key}; {what} has {low} to {high}")


def _text_choices(f: Fields, itype: ItemType) -> tuple[Choice, ...]:
    entries = f.entries("choices")
    if entries is None:
        return ()
    low, high = CHOICE_LIMITS[itype]
    _count(f, "choices", len(entries), low, high, f"a {itype} item")
    choices, seen = [], {}
    for i, entry in enumerate(entries):
        cf = entry.mapping(CHOICE_KEYS, "a choice: text, correct, feedback")
        if cf is None:
            continue
        text, correct = cf.text("text"), cf.flag("correct")
        feedback = cf.text("feedback", required=False)
        if text is not None:
            if (norm := normalise(text)) in seen:
                cf.report("text", f"duplicate choice text (same as choices[{seen[norm]}])")
            seen.setdefault(norm, i)
            choices.append(Choice(text, correct, feedback))
    n_correct = sum(c.correct for c in choices)
    if not n_correct:
        f.report("choices", "no choice is marked correct: true")
    elif itype is ItemType.SINGLE_CHOICE and n_correct > 1:
        f.report("choices", f"{n_correct} choices are marked correct; exactly one must be")
    elif itype is ItemType.MULTIPLE_RESPONSE and n_correct == len(entries):
        f.report("choices", "every choice is marked correct; at least one must be wrong")
    return tuple(choices)


def _pairs(f: Fields) -> tuple[tuple[Pair, ...], tuple[str, ...]]:
    pairs, lefts, rights = [], {}, set()
    entries = f.entries("pairs")
    if entries is None:
        entries = []
    elif len(entries) < MIN_PAIRS:
        f.report("pairs", f"has {len(entries)} pairs; a matching item needs at least {MIN_PAIRS}")
    for i, entry in enumerate(entries):
        pf = entry.mapping(PAIR_KEYS, "a pair: left and right")
        if pf is None:
            continue
        left, right = pf.text("left"), pf.text("right")
        if left is not None:
            if (norm := normalise(left)) in lefts:
                pf.report("left", f"duplicate left (same as pairs[{lefts[norm]}])")
            lefts.setdefault(norm, i)
        if right is not None:
            rights.add(normalise(right))
        if left is not None and right is not None:
            pairs.append(Pair(left, right))
    found = f.text_entries("distractors", required=False) or []
    for value, entry in found:
        if normalise(value) in rights:
            entry.report(f"distractor {value!r} equals a right-hand side")
    return tuple(pairs), tuple(value for value, _ in found)


def _body_map(
    f: Fields, muscle: str | None, ctx: Context
) -> tuple[BodyMapMode | None, tuple[str, ...], tuple[MuscleChoice, ...]]:
    mode = None
    if (m := f.require("mode")) is not None:
        if m.value in tuple(BodyMapMode):
            mode = BodyMapMode(m.value)
        else:
            expected = " or ".join(BodyMapMode)
            m.report(f"unknown body_map mode {m.value!r} (expected {expected})")
    found = f.text_entries("regions", pattern=SLUG_RE, what="region id") or []
    check_regions(found, ctx.regions)
    regions = tuple(value for value, _ in found)

    if mode is BodyMapMode.SELECT_REGIONS:
        if f.has("choices"):
            f.report("choices", "unknown field 'choices' (a select_regions item has no choices)")
        f.require("muscle")
        _within_zone(found, muscle, ctx)
        return mode, regions, ()
    if mode is not BodyMapMode.IDENTIFY_MUSCLE:
        return mode, regions, ()

    entries = f.entries("choices")
    if entries is not None:
        low, high = CHOICE_LIMITS[mode]
        _count(f, "choices", len(entries), low, high, "an identify_muscle item")
    choices, seen = [], {}
    for i, entry in enumerate(entries or ()):
        cf = entry.mapping(MUSCLE_CHOICE_KEYS, "a choice: muscle, correct, feedback")
        if cf is None:
            continue
        choice_muscle = cf.slug("muscle", SLUG_RE, "muscle id")
        correct, feedback = cf.flag("correct"), cf.text("feedback", required=False)
        if choice_muscle is None:
            continue
        if ctx.muscle_ids is not None and choice_muscle not in ctx.muscle_ids:
            cf.report("muscle", f"unknown muscle {choice_muscle!r} (not in muscles.yaml)")
        if choice_muscle in seen:
            cf.report("muscle", f"duplicate muscle (same as choices[{seen[choice_muscle]}])")
        seen.setdefault(choice_muscle, i)
        choices.append((MuscleChoice(choice_muscle, correct, feedback), cf))
    right = [c for c, _ in choices if c.correct]
    if entries is not None and len(right) != 1:
        f.report("choices", f"{len(right)} choices are marked correct; exactly one must be")
    if len(right) == 1:
        answer = right[0].muscle
        if muscle is not None and muscle != answer:
            f.report("muscle", f"must be the correct choice's muscle ({answer!r}) or be left out")
        _within_zone(found, answer, ctx)
        shaded = set(regions)
        for choice, cf in choices:
            other = ctx.zones.get(choice.muscle)
            if not choice.correct and shaded and other is not None and shaded <= other:
                cf.report("muscle", f"{choice.muscle!r} also refers to every shaded region")
    return mode, regions, tuple(c for c, _ in choices)


def _within_zone(found: list[tuple[str, Entry]], muscle: str | None, ctx: Context) -> None:
    zone = ctx.zones.get(muscle) if muscle else None
    if zone is None:
        return
    for region, entry in found:
        known = ctx.regions is None or region in ctx.regions  # else already reported
        if known and region not in zone:
            entry.report(f"{region!r} is not in the referral zone of {muscle!r} (muscles.yaml)")
