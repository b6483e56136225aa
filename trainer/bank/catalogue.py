"""Reading references.yaml and muscles.yaml."""

from __future__ import annotations

from trainer.bank.fields import Checker, Entry, Fields
from trainer.bank.items import Context, check_regions, read_sources
from trainer.bank.loader import child_path
from trainer.bank.model import Muscle, Reference, SourceRef, TriggerPoint
from trainer.bank.spec import (
    DOI_RE,
    JOURNAL_KINDS,
    MUSCLE_KEYS,
    PMID_RE,
    REFERENCE_KEY_RE,
    REFERENCE_KEYS,
    SLUG_RE,
    TRIGGER_POINT_KEYS,
    UNCONFIRMED_REFERENCES,
    URL_RE,
    MuscleGroup,
    ReferenceKind,
    ReferralSource,
)


def read_references(chk: Checker) -> tuple[dict[str, Reference], set[str] | None]:
    """Well-formed references by key, and every key declared (even in a faulty entry).

    The declared keys are None when the file's structure is unusable (checks are then skipped).
    """
    references: dict[str, Reference] = {}
    declared: set[str] = set()
    top = Entry(chk, chk.doc.data, "", "").mapping(("references",), "references: key -> source")
    entry = top.require("references") if top is not None else None
    if entry is None:
        return references, None
    if not isinstance(entry.value, dict):
        entry.report(
            f"must be a mapping of key -> source, not {chk.describe(entry.path, entry.value)}"
        )
        return references, None
    for key, value in entry.value.items():
        before = len(chk.problems)
        declared.add(key)
        ref = Entry(chk, value, child_path("references", key), key)
        if not REFERENCE_KEY_RE.match(key):
            ref.report("a reference key is lowercase letters and digits (e.g. brady2014)")
        f = ref.mapping(REFERENCE_KEYS, "a source: title, citation, pmid, doi, url, kind")
        if f is None:
            continue
        title = f.text("title", required=False)
        citation = f.text("citation")
        kind = None
        if (k := f.require("kind")) is not None:
            if k.value in tuple(ReferenceKind):
                kind = ReferenceKind(k.value)
            else:
                k.report(f"unknown kind {k.value!r} (expected one of: {', '.join(ReferenceKind)})")
        ids = {}
        for name, pattern, what in (
            ("pmid", PMID_RE, "a PMID is digits only"),
            ("doi", DOI_RE, "a DOI looks like 10.1179/2042618614Y.0000000062, without https://"),
            ("url", URL_RE, "a URL starts with http:// or https://"),
        ):
            ids[name] = f.text(name, required=False, allow_none=True)
            if ids[name] is not None and not pattern.match(ids[name]):
                f.report(name, f"{ids[name]!r} is not valid: {what}")
        if kind in JOURNAL_KINDS and len(chk.problems) == before:
            _check_journal_article(ref, title, ids)
        if len(chk.problems) == before and citation and kind:
            references[key] = Reference(key, citation, kind, title=title, **ids)
    return references, declared


def _check_journal_article(ref: Entry, title: str | None, ids: dict[str, str | None]) -> None:
    """A journal article names its exact title and a way to find its record (pmid, doi or url).

    Keys in ``UNCONFIRMED_REFERENCES`` are exempt until confirmed; once one passes, its entry
    there is stale and reported, so the allow-list only ever shrinks.
    """
    complete = bool(title) and any(ids.values())
    if ref.label in UNCONFIRMED_REFERENCES:
        if complete:
            ref.report(
                "now has a title and a pmid, doi or url: remove it from UNCONFIRMED_REFERENCES"
                " in trainer/bank/spec.py"
            )
        return
    if not title:
        ref.report("a journal article (kind primary or review) needs a title: its exact title")
    if not any(ids.values()):
        ref.report("a journal article (kind primary or review) needs a pmid, doi or url")


def read_muscles(chk: Checker, ctx: Context) -> tuple[list[Muscle], set[str] | None]:
    """Well-formed muscles, and every muscle id declared (even in a faulty entry).

    The declared ids are None when the file's structure is unusable (checks are then skipped).
    """
    muscles: list[Muscle] = []
    declared: dict[str, int | None] = {}
    top = Entry(chk, chk.doc.data, "", "").mapping(("muscles",), "muscles: a list")
    entries = top.entries("muscles") if top is not None else None
    if entries is None:
        return muscles, None
    for entry in entries:
        before = len(chk.problems)
        raw_id = entry.value.get("id") if isinstance(entry.value, dict) else None
        if isinstance(raw_id, str) and SLUG_RE.match(raw_id):
            entry = Entry(chk, entry.value, entry.path, raw_id)
        f = entry.mapping(MUSCLE_KEYS, "a muscle")
        if f is None:
            continue
        muscle_id = f.slug("id", SLUG_RE, "muscle id (lowercase-hyphenated)")
        if muscle_id in declared:
            f.report("id", f"duplicate muscle id (first on line {declared[muscle_id]})")
        elif muscle_id is not None:
            declared[muscle_id] = chk.doc.line(f.get("id").path)
        name = f.text("name")
        group = None
        if (g := f.require("group")) is not None:
            if g.value in tuple(MuscleGroup):
                group = MuscleGroup(g.value)
            else:
                g.report(f"unknown group {g.value!r} (expected one of: {', '.join(MuscleGroup)})")
        points = []
        tp_entries = f.entries("trigger_points")
        if tp_entries == []:
            f.report("trigger_points", "at least one trigger point is required")
        for tp_entry in tp_entries or ():
            tf = tp_entry.mapping(TRIGGER_POINT_KEYS, "a trigger point")
            if tf is None:
                continue
            tp_name = tf.text("name")
            location = tf.text("location", allow_none=True)
            found = tf.text_entries("referral_regions", pattern=SLUG_RE, what="region id") or []
            check_regions(found, ctx.regions)
            points.append(TriggerPoint(tp_name or "", location, tuple(r for r, _ in found)))
        source = _referral_source(f)
        mimics = f.texts("mimics", required=False)
        notes = f.text("notes", required=False)
        references = read_sources(f, "references", ctx.reference_keys)
        if source is not None and len(chk.problems) == before:
            _check_referral_source(f, source, references, ctx.reference_kinds)
        if len(chk.problems) == before and muscle_id and name and group:
            muscles.append(
                Muscle(
                    muscle_id, name, group, tuple(points), references, mimics or (), notes, source
                )
            )
    return muscles, set(declared)


def _referral_source(f: Fields) -> ReferralSource | None:
    if (entry := f.require("referral_source")) is None:
        return None
    if entry.value in tuple(ReferralSource):
        return ReferralSource(entry.value)
    entry.report(
        f"unknown referral_source {entry.value!r} (expected one of: {', '.join(ReferralSource)})"
    )
    return None


def _check_referral_source(
    f: Fields,
    source: ReferralSource,
    references: tuple[SourceRef, ...],
    kinds: dict[str, ReferenceKind] | None,
) -> None:
    """The marking agrees with the citations: ``peer-reviewed`` needs a confirmed journal
    article among the muscle's references; ``secondary-only`` may not cite one."""
    if kinds is None or any(r.key not in kinds for r in references):
        return  # a faulty reference is reported on its own; judge the marking once it is fixed
    confirmed = [
        r.key
        for r in references
        if kinds.get(r.key) in JOURNAL_KINDS and r.key not in UNCONFIRMED_REFERENCES
    ]
    if source is ReferralSource.PEER_REVIEWED and not confirmed:
        f.report(
            "referral_source",
            "peer-reviewed needs a cited journal article (kind primary or review, confirmed)",
        )
    elif source is ReferralSource.SECONDARY_ONLY and confirmed:
        f.report(
            "referral_source",
            f"secondary-only, but the muscle cites journal article {confirmed[0]!r}: mark it"
            " peer-reviewed, or drop the citation if it does not report the zone",
        )
