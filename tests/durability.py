"""What a database must satisfy after a crash or a restore: the review log and the cards agree.

Every answer writes a review-log row holding the card's state before it (services/study.py), so
a card's stored state must be exactly what the scheduler makes of its log: start from the first
row's `state_before` (a new card), and for each row in order check that its `state_before` is
the state replayed so far, then apply its rating at its time with the seed the app uses. A lost
row, a doubled row, a card written without its row or a row without its card show up as a
mismatch. The replay goes through the app's own functions (`srs.review`, the fuzz seed, the
leech rule), so it checks the data, not a second implementation of the scheduler.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from flask import Flask
from sqlalchemy import select

from trainer.domain import scheduling as srs
from trainer.extensions import db
from trainer.models import CardState, ReviewLog
from trainer.services.learning import study
from trainer.services.learning.study_settings import load_settings, scheduler_settings


@dataclass(frozen=True)
class LoggedAnswer:
    log_id: int
    user_id: int
    card_id: int
    token_key: str | None


def logged_answers(app: Flask) -> list[LoggedAnswer]:
    """Every review-log row, in id order."""
    with app.app_context():
        rows = db.session.execute(
            select(
                ReviewLog.id, ReviewLog.user_id, ReviewLog.card_id, ReviewLog.presentation_token
            ).order_by(ReviewLog.id)
        ).all()
        db.session.remove()
    return [LoggedAnswer(*row) for row in rows]


def _comparable(saved: dict[str, Any]) -> tuple:
    """A snapshot's values, with datetimes parsed (their text form is not what matters)."""

    def when(value: str | None) -> datetime | None:
        return datetime.fromisoformat(value) if value else None

    return (
        saved["state"],
        saved["step"],
        saved["stability"],
        saved["difficulty"],
        when(saved["due"]),
        when(saved["last_review"]),
        saved["reps"],
        saved["lapses"],
        saved["suspended"],
        saved["leech"],
    )


def _replay_card(card: CardState, logs: list[ReviewLog]) -> list[str]:
    where = f"card {card.id} (user {card.user_id})"
    if not logs:
        if card.reps or card.state != int(srs.State.NEW) or card.last_review is not None:
            return [f"{where}: reviewed {card.reps} time(s) but has no review-log row"]
        return []
    first = logs[0].state_before
    if first["reps"] != 0 or first["state"] != int(srs.State.NEW):
        return [f"{where}: its first logged answer (log {logs[0].id}) was not on a new card"]
    replayed = CardState(id=card.id, user_id=card.user_id)
    study.restore(replayed, first)
    settings = scheduler_settings(load_settings(card.user_id))
    for log in logs:
        if _comparable(log.state_before) != _comparable(study.snapshot(replayed)):
            return [
                f"{where}: log {log.id} says the card was {log.state_before} before it, "
                f"the replay of the earlier rows gives {study.snapshot(replayed)}"
            ]
        outcome = srs.review(
            study.domain_card(replayed),
            srs.Rating(log.rating),
            log.reviewed_at,
            settings,
            study.fuzz_seed(replayed),
        )
        study._apply(replayed, outcome.card)  # the app's own write, leech rule included
    if _comparable(study.snapshot(card)) != _comparable(study.snapshot(replayed)):
        return [
            f"{where}: stored {study.snapshot(card)}, the replay of its {len(logs)} "
            f"row(s) gives {study.snapshot(replayed)}"
        ]
    return []


def replay_problems(app: Flask) -> list[str]:
    """Every card whose stored state is not the replay of its review log (empty: all agree)."""
    with app.app_context():
        logs_by_card: dict[int, list[ReviewLog]] = defaultdict(list)
        for log in db.session.execute(select(ReviewLog).order_by(ReviewLog.id)).scalars():
            logs_by_card[log.card_id].append(log)
        cards = db.session.execute(select(CardState).order_by(CardState.id)).scalars().all()
        problems = [p for card in cards for p in _replay_card(card, logs_by_card[card.id])]
        orphans = set(logs_by_card) - {card.id for card in cards}
        problems += [f"review-log rows for card {c}, which does not exist" for c in orphans]
        db.session.remove()
    return problems


def cards_replayed(app: Flask) -> tuple[int, int]:
    """How many cards have a log, and how many of those have more than one row (chains)."""
    with app.app_context():
        counts: dict[int, int] = defaultdict(int)
        for card_id in db.session.execute(select(ReviewLog.card_id)).scalars():
            counts[card_id] += 1
        db.session.remove()
    return len(counts), sum(1 for n in counts.values() if n > 1)
