"""Studying: queue order, grading into ratings, once-only answers, undo, rating changes, limits."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, select

from tests.factories import make_bank
from trainer.domain import grading
from trainer.domain.scheduling import Rating, State
from trainer.models import CardState, Question, QuestionVersion, ReviewLog, StudySettings
from trainer.services.learning import study, study_queue

SECRET = "testing-secret"
T0 = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)


@pytest.fixture
def bank(db):
    return make_bank(db)


def _present(user, now, session=None):
    nxt = study_queue.next_card(user.id, now, session or study_queue.SessionFilter())
    assert nxt is not None
    return study.present(user.id, nxt.card, nxt.kind, now, SECRET)


def _present_objective(user, now):
    """Present cards, self-rating flashcards on the way, until an objective (graded) item."""
    for _ in range(20):
        presented = _present(user, now)
        if presented.content["type"] != "flashcard":
            return presented
        study.answer(user.id, presented.token, {"rating": 3}, now, SECRET)
    raise AssertionError("no objective item in the first 20")


def _answer_right(presented, user, now, **kw):
    return study.answer(
        user.id, presented.token, right_response(presented.content), now, SECRET, **kw
    )


def right_response(content):
    return grading.correct_response(content)


def wrong_response(content):
    kind = content["type"] if content["type"] != "body_map" else f"body_map:{content['mode']}"
    if kind == "flashcard":
        return {"rating": 1}
    if kind == "true_false":
        return {"answer": not content["answer"]}
    if kind in ("single_choice", "body_map:identify_muscle"):
        return {"choice": next(i for i, c in enumerate(content["choices"]) if not c.get("correct"))}
    if kind == "multiple_response":
        return {"choices": [i for i, c in enumerate(content["choices"]) if not c.get("correct")]}
    if kind == "matching":
        return {"pairs": {}}
    return {"regions": ["heel"] if "heel" not in content["regions"] else ["temple"]}


def _count(db, model):
    return db.session.execute(select(func.count()).select_from(model)).scalar_one()


def test_new_items_come_topic_by_topic_mixed_and_create_cards(db, bank, learner, factory):
    first = _present(learner, T0)
    first_topic = {i.id for i in bank.items_in("active-latent")}
    assert first.kind == "new" and first.external_id in first_topic
    assert _count(db, CardState) == 1

    def order(user, topic_items):
        seen, now = [], T0
        for _ in range(len(topic_items)):
            presented = _present(user, now)
            seen.append(presented.external_id)
            study.answer(user.id, presented.token, right_response(presented.content), now, SECRET)
            now += timedelta(seconds=1)
        return seen

    topic_items = bank.items_in("active-latent")
    mine = order(learner, topic_items)
    assert sorted(mine) == sorted(i.id for i in topic_items)  # the whole first topic first
    assert mine != [i.id for i in topic_items]  # not the file's type-grouped order
    other = factory.user(email="other@example.com")
    assert order(other, topic_items) != mine  # each learner gets their own mix


def test_answer_objective_right_proposes_good_and_logs(db, bank, learner):
    presented = _present_objective(learner, T0)
    outcome = _answer_right(presented, learner, T0 + timedelta(seconds=20))
    assert outcome.rating == Rating.GOOD and outcome.grade.correct
    log = db.session.execute(
        select(ReviewLog).where(ReviewLog.card_id == presented.card_id)
    ).scalar_one()
    assert log.rating == 3 and log.correct is True and log.previous_state == State.NEW
    assert log.question_version_id == presented.version_id
    assert log.duration_ms == 20_000
    assert log.state_before["state"] == 0


def test_wrong_answer_is_again_and_quick_too_easy_is_easy(db, bank, learner):
    presented = _present(learner, T0)
    outcome = study.answer(
        learner.id, presented.token, wrong_response(presented.content), T0, SECRET
    )
    assert outcome.rating == Rating.AGAIN

    second = _present_objective(learner, T0 + timedelta(minutes=1))
    easy = _answer_right(
        second, learner, T0 + timedelta(minutes=1), duration_ms=3000, too_easy=True
    )
    assert easy.rating == Rating.EASY


def test_double_submit_counts_once(db, bank, learner):
    presented = _present(learner, T0)
    first = _answer_right(presented, learner, T0)
    again = _answer_right(presented, learner, T0 + timedelta(seconds=2))
    assert again.duplicate and again.log_id == first.log_id
    assert _count(db, ReviewLog) == 1
    card = db.session.get(CardState, presented.card_id)
    assert card.reps == 1


def test_stale_token_after_answer_elsewhere_is_409(db, bank, learner):
    tab_one = _present(learner, T0)
    card = db.session.get(CardState, tab_one.card_id)
    tab_two = study.present(learner.id, card, "new", T0, SECRET)
    _answer_right(tab_one, learner, T0)
    with pytest.raises(study.StudyError) as error:
        _answer_right(tab_two, learner, T0)
    assert error.value.status == 409
    assert _count(db, ReviewLog) == 1


def test_forged_or_foreign_token_is_refused(db, bank, learner, factory):
    presented = _present(learner, T0)
    with pytest.raises(study.StudyError):
        study.answer(learner.id, presented.token + "x", {}, T0, SECRET)
    other = factory.user(email="other@example.com")
    with pytest.raises(study.StudyError) as error:
        study.answer(other.id, presented.token, {}, T0, SECRET)
    assert error.value.status == 403


def test_invalid_response_is_a_400_and_writes_nothing(db, bank, learner):
    presented = _present_objective(learner, T0)
    logs = _count(db, ReviewLog)
    with pytest.raises(study.StudyError) as error:
        study.answer(learner.id, presented.token, {"choice": 99, "answer": "maybe"}, T0, SECRET)
    assert error.value.status == 400
    assert _count(db, ReviewLog) == logs


def _columns(card: CardState) -> dict:
    return {c.key: getattr(card, c.key) for c in CardState.__table__.columns}


def test_undo_restores_state_exactly_and_removes_the_log(db, bank, learner):
    # Bring a card into review with some history, then answer and undo.
    now = T0
    for minutes in (0, 2, 15):
        now = T0 + timedelta(minutes=minutes)
        presented = _present(learner, now)
        _answer_right(presented, learner, now)
    cards = db.session.execute(select(CardState)).scalars().all()
    target = max(cards, key=lambda c: c.reps)
    db.session.expire_all()
    before = _columns(db.session.get(CardState, target.id))
    later = now + timedelta(days=3)
    presented = study.present(
        learner.id, db.session.get(CardState, target.id), "review", later, SECRET
    )
    _answer_right(presented, learner, later)
    logs = _count(db, ReviewLog)

    undone = study.undo_last(learner.id)
    assert undone.card_id == target.id
    db.session.expire_all()
    assert _columns(db.session.get(CardState, target.id)) == before
    assert _count(db, ReviewLog) == logs - 1


def test_undo_with_nothing_to_undo(db, bank, learner):
    assert study.undo_last(learner.id) is None


def test_change_rating_replaces_the_last_answer(db, bank, learner):
    presented = _present(learner, T0)
    outcome = _answer_right(presented, learner, T0)
    changed = study.change_rating(learner.id, outcome.log_id, 1)
    assert changed.rating == Rating.AGAIN
    card = db.session.get(CardState, presented.card_id)
    assert card.reps == 1 and card.due - T0 == changed.intervals[Rating.AGAIN]
    assert db.session.execute(select(ReviewLog.rating)).scalar_one() == 1
    # Only the latest answer can be changed.
    second = _present(learner, T0 + timedelta(minutes=5))
    _answer_right(second, learner, T0 + timedelta(minutes=5))
    with pytest.raises(study.StudyError):
        study.change_rating(learner.id, outcome.log_id, 3)


def test_intervals_shown_are_intervals_applied(db, bank, learner):
    presented = _present(learner, T0)
    outcome = _answer_right(presented, learner, T0)
    card = db.session.get(CardState, presented.card_id)
    assert card.due - T0 == presented.intervals[outcome.rating]


def test_daily_new_limit(db, bank, learner):
    db.session.add(StudySettings(user_id=learner.id, new_per_day=2))
    db.session.commit()
    now = T0
    for _ in range(2):
        _answer_right(_present(learner, now), learner, now)
        now += timedelta(seconds=5)
    counts = study_queue.counts(learner.id, now)
    assert counts.new == 0
    nxt = study_queue.next_card(learner.id, now)
    # Only the two learning cards remain (ahead of time); no third new item today.
    assert nxt is None or nxt.kind == "learning"
    tomorrow = T0 + timedelta(days=1)
    assert study_queue.counts(learner.id, tomorrow).new == 2


def test_due_reviews_come_first_most_overdue_relative_to_interval(db, bank, learner):
    questions = db.session.execute(select(Question).order_by(Question.id)).scalars().all()
    # A: 10-day interval, 2 days overdue (ratio 0.2). B: 2-day interval, 1 day overdue (0.5).
    a = CardState(
        user_id=learner.id,
        question=questions[0],
        state=2,
        stability=10.0,
        difficulty=5.0,
        due=T0 - timedelta(days=2),
        last_review=T0 - timedelta(days=12),
        reps=3,
    )
    b = CardState(
        user_id=learner.id,
        question=questions[1],
        state=2,
        stability=2.0,
        difficulty=5.0,
        due=T0 - timedelta(days=1),
        last_review=T0 - timedelta(days=3),
        reps=2,
    )
    learning = CardState(
        user_id=learner.id,
        question=questions[2],
        state=1,
        step=0,
        stability=1.0,
        difficulty=5.0,
        due=T0 - timedelta(minutes=1),
        last_review=T0 - timedelta(minutes=2),
        reps=1,
    )
    db.session.add_all([a, b, learning])
    db.session.commit()
    assert study_queue.counts(learner.id, T0).due == 2
    assert [study_queue.next_card(learner.id, T0).card.id] == [b.id]
    b.due = T0 + timedelta(days=5)
    a.due = T0 + timedelta(days=5)
    db.session.commit()
    nxt = study_queue.next_card(learner.id, T0)
    assert nxt.kind == "learning" and nxt.card.id == learning.id


def test_leech_is_suspended_after_eight_lapses(db, bank, learner):
    question = db.session.execute(select(Question).order_by(Question.id)).scalars().first()
    card = CardState(
        user_id=learner.id,
        question=question,
        state=2,
        stability=3.0,
        difficulty=8.0,
        due=T0,
        last_review=T0 - timedelta(days=3),
        reps=20,
        lapses=7,
    )
    db.session.add(card)
    db.session.commit()
    presented = study.present(learner.id, card, "review", T0, SECRET)
    outcome = study.answer(
        learner.id, presented.token, wrong_response(presented.content), T0, SECRET
    )
    assert outcome.leech
    db.session.refresh(card)
    assert card.suspended and card.leech and card.lapses == 8
    assert study_queue.counts(learner.id, T0 + timedelta(days=30)).due == 0
    study.undo_last(learner.id)
    db.session.refresh(card)
    assert not card.suspended and not card.leech and card.lapses == 7


def test_custom_session_by_topic_and_tag(db, bank, learner):
    session = study_queue.SessionFilter(topic="safety")
    presented = _present(learner, T0, session)
    assert presented.external_id.startswith("saf-")
    tagged = study_queue.SessionFilter(tag="headache")
    presented = _present(learner, T0, tagged)
    assert "headache" in presented.content["tags"]
    assert study_queue.counts(learner.id, T0, study_queue.SessionFilter(tag="no-such-tag")).new == 0


def test_retired_items_leave_the_queue(db, bank, learner):
    from trainer.models import QuestionStatus

    presented = _present(learner, T0)
    _answer_right(presented, learner, T0)
    card = db.session.get(CardState, presented.card_id)
    card.question.status = QuestionStatus.RETIRED
    db.session.commit()
    nxt = study_queue.next_card(learner.id, T0 + timedelta(days=1))
    assert nxt is None or nxt.card.id != card.id


def test_an_answer_is_graded_against_the_version_shown_not_a_newer_one(db, bank, learner):
    """A card shown before the bank changed is graded and logged against what the learner saw."""
    presented = _present_objective(learner, T0)
    question = db.session.get(CardState, presented.card_id).question
    shown_version = question.current_version_id
    assert study.version_content(shown_version) is presented.content  # remembered, not re-read
    old = db.session.get(QuestionVersion, shown_version)
    newer = QuestionVersion(
        question_id=question.id,
        number=old.number + 1,
        type=old.type,
        difficulty=old.difficulty,
        prompt=old.prompt + " (revised)",
        content={**old.content, "prompt": old.content["prompt"] + " (revised)"},
        content_hash="revised",
    )
    db.session.add(newer)
    db.session.flush()
    question.current_version_id = newer.id
    db.session.commit()

    outcome = _answer_right(presented, learner, T0)
    assert outcome.version_id == shown_version
    assert outcome.grade is not None and outcome.grade.correct


def test_an_unknown_version_is_a_404(db, bank):
    with pytest.raises(study.StudyError) as error:
        study.version_content(987654)
    assert error.value.status == 404
