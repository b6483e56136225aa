"""The item-writing lint of ``bank lint``, for the items an author owns, in the browser.

``bank lint`` reads the files; instructors need the same figures for what is in the database,
including their drafts: each non-retired item's newest version (what the editor edits) of one
owner -- the shared bank or one clinic -- linted by the same pure function
(:func:`trainer.bank.lint.lint_bank`).
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import joinedload

from trainer import bank as bankfmt
from trainer.bank import lint as banklint
from trainer.extensions import db
from trainer.models import Question, QuestionStatus, Topic
from trainer.services.authoring.bank_sync import current_bank
from trainer.services.authoring.permissions import AuthorScope, owner_id

#: Labels of the figures the page shows, in the order ``bank lint`` prints them.
FIGURE_LABELS = {
    "key_first_rate": "Key is the first choice in the file",
    "keys_first_rate": "All keys first (multiple response)",
    "longest_key_rate": "Key is the longest choice",
    "longest_key_chance": "… by chance alone",
    "median_key_length_ratio": "Median key / distractor length",
    "long_keys": "Keys ≥ 1.5× the distractors' length",
    "stem_overlap": "Key alone repeats the stem's words",
    "absolute_key_rate": "Keys with absolute words",
    "absolute_distractor_rate": "Distractors with absolute words",
    "absolute_asymmetry": "Items with absolute words only in distractors",
    "key_share": "Share of options keyed (multiple response)",
    "top_pattern_share": "Most common “k of n” pattern",
    "tick_all_mean": "Mean score for ticking every box",
    "tick_all_pays": "Items where ticking every box scores ≥ 0.5",
    "identify_outside_body_part": "Identify-muscle items with < 2 neighbouring distractors",
    "near_duplicates": "Near-duplicate pairs",
}

#: What each per-item flag means, for authors (the keys are ``ItemLint.flags`` values).
FLAG_HINTS = {
    "longest_key": "the key is the longest option: lengthen a distractor or shorten the key",
    "long_key": "the key is much longer than the distractors",
    "stem_overlap": "only the key repeats words of the question",
    "absolute_asymmetry": "absolute words (never, always, only…) appear only in distractors",
    "tick_all_pays": "ticking every box earns at least half the marks",
    "distractors_outside_body_part": "fewer than two distractors from the key's body part",
    "distractor_covers_zone": "a distractor's zone covers the whole shaded area (a second key)",
}


@dataclass(frozen=True)
class FlaggedItem:
    question_id: int
    external_id: str
    topic: str
    kind: str
    flags: tuple[str, ...]
    prompt: str


@dataclass(frozen=True)
class OwnerLint:
    owner: str
    item_count: int
    report: banklint.LintReport
    flagged: tuple[FlaggedItem, ...]
    # Near-duplicate pairs as (first, second, similarity, first question id, second id).
    duplicates: tuple[tuple[str, str, float, int, int], ...]
    topic_titles: dict[str, str]


def lint_owner(scope: AuthorScope, owner: str) -> OwnerLint:
    """Lint the newest version of every non-retired item of ``owner`` ("shared" or a clinic
    slug). LookupError when the owner is outside the author's scope."""
    clinic_id = owner_id(scope, owner)
    owned = Question.clinic_id.is_(None) if clinic_id is None else Question.clinic_id == clinic_id
    rows = (
        db.session.execute(
            select(Question)
            .options(joinedload(Question.current_version), joinedload(Question.pending_version))
            .where(Question.status != QuestionStatus.RETIRED, owned)
        )
        .scalars()
        .all()
    )
    topics = db.session.execute(select(Topic).order_by(Topic.position, Topic.slug)).scalars().all()
    slug_of = {t.id: t.slug for t in topics}
    order = {t.id: n for n, t in enumerate(topics)}
    rows = [q for q in rows if q.head_version is not None]
    rows.sort(key=lambda q: (order[q.topic_id], q.position, q.external_id))
    items = tuple(
        bankfmt.Item.from_content(
            q.head_version.content, id=q.external_id, topic=slug_of[q.topic_id]
        )
        for q in rows
    )
    # The catalogue (topics, muscles, references) is shared by every owner.
    bank = dataclasses.replace(current_bank(clinic_id=clinic_id), items=items)
    report = banklint.lint_bank(bank)
    by_external = {q.external_id: q for q in rows}
    flagged = tuple(
        FlaggedItem(
            by_external[i.id].id,
            i.id,
            i.topic,
            i.kind,
            i.flags,
            by_external[i.id].head_version.prompt,
        )
        for i in report.flagged
    )
    duplicates = tuple(
        (d.first, d.second, d.similarity, by_external[d.first].id, by_external[d.second].id)
        for d in report.duplicates
    )
    return OwnerLint(
        owner, len(rows), report, flagged, duplicates, {t.slug: t.title for t in topics}
    )


def flag_hint(flag: str) -> str:
    return FLAG_HINTS.get(flag, flag.replace("_", " "))


def item_csv_rows(result: OwnerLint):
    for item in result.flagged:
        yield (item.external_id, item.topic, item.kind, "; ".join(item.flags), item.prompt)
