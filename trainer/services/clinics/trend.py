"""A person's mastery over time: mean predicted recall of a requirement's items, week by week,
replayed from their review log (the card's stability after each answer is the next answer's
``state_before``, or the card's current stability after its latest answer)."""

from __future__ import annotations

from bisect import bisect_right
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime, timedelta

from sqlalchemy import select

from trainer.domain.scheduling import retrievabilities
from trainer.extensions import db
from trainer.models import CardState, ReviewLog, StudySettings

#: (answered at, stability after the answer), in time order, per item.
History = Mapping[int, Sequence[tuple[datetime, float]]]


def mean_recall_at(history: History, item_ids: Iterable[int], when: datetime, decay: float):
    """Mean predicted recall of ``item_ids`` at ``when``; an item not yet studied counts 0."""
    items = list(item_ids)
    if not items:
        return 0.0
    stabilities, reviewed = [], []
    for item in items:
        answers = history.get(item, ())
        index = bisect_right([at for at, _ in answers], when)
        if index:
            at, stability = answers[index - 1]
            stabilities.append(stability)
            reviewed.append(at)
        else:
            stabilities.append(None)
            reviewed.append(None)
    return sum(retrievabilities(stabilities, reviewed, when, decay)) / len(items)


def weekly_points(now: datetime, weeks: int = 12) -> list[datetime]:
    """``weeks`` moments a week apart, the last one ``now``."""
    return [now - timedelta(weeks=weeks - 1 - n) for n in range(weeks)]


def review_history(user_id: int, item_ids: set[int]) -> dict[int, list[tuple[datetime, float]]]:
    """The person's answers to these items with the stability each left (two queries)."""
    if not item_ids:
        return {}
    logs = db.session.execute(
        select(CardState.question_id, ReviewLog.reviewed_at, ReviewLog.state_before)
        .join(CardState, CardState.id == ReviewLog.card_id)
        .where(ReviewLog.user_id == user_id, CardState.question_id.in_(item_ids))
        .order_by(CardState.question_id, ReviewLog.reviewed_at, ReviewLog.id)
    ).all()
    current = dict(
        db.session.execute(
            select(CardState.question_id, CardState.stability).where(
                CardState.user_id == user_id, CardState.question_id.in_(item_ids)
            )
        ).all()
    )
    by_item: dict[int, list[tuple[datetime, dict]]] = defaultdict(list)
    for item, at, before in logs:
        by_item[item].append((at, before or {}))
    history: dict[int, list[tuple[datetime, float]]] = {}
    for item, answers in by_item.items():
        points = []
        for n, (at, _) in enumerate(answers):
            after = (
                answers[n + 1][1].get("stability") if n + 1 < len(answers) else current.get(item)
            )
            if after:
                points.append((at, float(after)))
        history[item] = points
    return history


def person_decay(user_id: int) -> float:
    from trainer.services.clinics.matrix import _decay

    parameters = db.session.execute(
        select(StudySettings.parameters).where(StudySettings.user_id == user_id)
    ).scalar_one_or_none()
    return _decay(parameters)


def mastery_trends(user_id: int, requirements, now: datetime) -> dict[str, list[tuple[str, float]]]:
    """Per mastery requirement key: (week label, mean recall %) over the last 12 weeks."""
    if not requirements:
        return {}
    history = review_history(user_id, set().union(*(r.item_ids for r in requirements)))
    decay = person_decay(user_id)
    points = weekly_points(now)
    return {
        r.key: [
            (
                when.strftime("%d %b"),
                round(100 * mean_recall_at(history, r.item_ids, when, decay), 1),
            )
            for when in points
        ]
        for r in requirements
    }
