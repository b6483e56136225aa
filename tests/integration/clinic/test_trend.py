"""The mastery trend replays the review log: recall at each moment from the stability each
answer left, 0 before an item was first studied."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import select

from tests.factories import make_bank
from tests.integration.clinic.helpers import topic_items
from trainer.domain.competency import DEFAULT_DECAY
from trainer.domain.scheduling import retrievabilities
from trainer.models import CardState, Question, ReviewLog
from trainer.services.clinics.trend import mean_recall_at, review_history

NOW = datetime(2026, 12, 1, 12, tzinfo=UTC)


def _recall(stability: float, age: timedelta) -> float:
    return retrievabilities([stability], [NOW - age], NOW, DEFAULT_DECAY)[0]


def test_history_replays_the_stability_each_answer_left(db, staff_a):
    make_bank(db, per_topic=1)
    item = topic_items(db, "safety")[0]
    version = db.session.execute(
        select(Question.current_version_id).where(Question.id == item)
    ).scalar_one()
    first, second = NOW - timedelta(days=30), NOW - timedelta(days=10)
    card = CardState(user_id=staff_a.id, question_id=item, state=2, stability=50.0,
                     difficulty=5.0, due=NOW, last_review=second, reps=2)  # fmt: skip
    db.session.add(card)
    db.session.flush()
    for at, before in ((first, None), (second, 5.0)):
        db.session.add(
            ReviewLog(user_id=staff_a.id, card_id=card.id, question_version_id=version,
                      rating=3, reviewed_at=at, state_before={"stability": before})
        )  # fmt: skip
    db.session.commit()

    history = review_history(staff_a.id, {item})
    assert history == {item: [(first, 5.0), (second, 50.0)]}
    items = [item, -1]  # -1: never studied, counts 0
    assert mean_recall_at(history, items, NOW - timedelta(days=40), DEFAULT_DECAY) == 0.0
    at_20 = mean_recall_at(history, items, NOW - timedelta(days=20), DEFAULT_DECAY)
    expected_20 = retrievabilities([5.0], [first], NOW - timedelta(days=20), DEFAULT_DECAY)[0]
    assert at_20 == expected_20 / 2
    assert (
        mean_recall_at(history, items, NOW, DEFAULT_DECAY) == _recall(50.0, timedelta(days=10)) / 2
    )
