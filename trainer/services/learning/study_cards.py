"""A learner's card row as plain objects and back: what an answer changes, and its undo.

Every answer stores :func:`snapshot` of the card before it, so :func:`restore` undoes it
exactly and a history can be replayed (tests/durability.py does).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from trainer.domain import scheduling as srs
from trainer.models import CardState

#: After this many lapses a card is suspended and tagged as a leech (Anki's default is 8).
LEECH_LAPSES = 8


def snapshot(card: CardState) -> dict[str, Any]:
    """Everything an answer changes on a card, as JSON (floats round-trip exactly)."""
    return {
        "state": card.state,
        "step": card.step,
        "stability": card.stability,
        "difficulty": card.difficulty,
        "due": card.due.isoformat(),
        "last_review": card.last_review.isoformat() if card.last_review else None,
        "reps": card.reps,
        "lapses": card.lapses,
        "suspended": card.suspended,
        "leech": card.leech,
    }


def restore(card: CardState, saved: dict[str, Any]) -> None:
    card.state = saved["state"]
    card.step = saved["step"]
    card.stability = saved["stability"]
    card.difficulty = saved["difficulty"]
    card.due = datetime.fromisoformat(saved["due"])
    card.last_review = (
        datetime.fromisoformat(saved["last_review"]) if saved["last_review"] else None
    )
    card.reps = saved["reps"]
    card.lapses = saved["lapses"]
    card.suspended = saved["suspended"]
    card.leech = saved["leech"]


def domain_card(card: CardState) -> srs.CardState:
    return srs.CardState(
        card_id=card.id,
        state=srs.State(card.state),
        step=card.step,
        stability=card.stability,
        difficulty=card.difficulty,
        due=card.due,
        last_review=card.last_review,
        reps=card.reps,
        lapses=card.lapses,
    )


def apply_review(card: CardState, after: srs.CardState) -> bool:
    """Write the scheduler's result onto the row; returns True when the card became a leech."""
    card.state = int(after.state)
    card.step = after.step
    card.stability = after.stability
    card.difficulty = after.difficulty
    card.due = after.due
    card.last_review = after.last_review
    card.reps = after.reps
    card.lapses = after.lapses
    if card.lapses >= LEECH_LAPSES and not card.leech:
        card.leech = True
        card.suspended = True
        return True
    return False


def fuzz_seed(card: CardState) -> int:
    return srs.review_seed(card.id, card.reps + 1)
