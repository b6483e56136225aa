"""Random draws ask only published items the learner may study, unseen ones first when asked;
quizzes are visible to their audience only."""

from __future__ import annotations

import random

import pytest
from sqlalchemy import select

from tests.integration.quiz_take.conftest import T0, question_of
from trainer.models import (
    CardState,
    Question,
    QuestionStatus,
    QuizAudience,
    QuizStatus,
    Topic,
)
from trainer.services.quizzes import attempts, visibility
from trainer.services.quizzes.drawing import resolve_slots, seen_question_ids
from trainer.services.quizzes.visibility import QuizNotFound


def _topic_questions(db, slug):
    return list(
        db.session.scalars(
            select(Question)
            .join(Topic, Topic.id == Question.topic_id)
            .where(Topic.slug == slug)
            .order_by(Question.id)
        )
    )


def _objective(db):
    return [
        q
        for q in db.session.scalars(select(Question).order_by(Question.id))
        if q.current_version.type != "flashcard"
    ]


def _drawn(quiz, user, seed=1):
    return [p.question_id for p in resolve_slots(quiz, user.id, random.Random(seed))]


def test_draws_take_published_non_flashcard_items_of_the_topic(db, factory, learner, bank):
    safety = _topic_questions(db, "safety")
    retired = next(q for q in safety if q.current_version.type != "flashcard")
    retired.status = QuestionStatus.RETIRED
    db.session.commit()
    quiz = factory.quiz(draws=[{"draw_count": 50, "draw_topic": "safety"}])
    expected = {
        q.id
        for q in safety
        if q.status == QuestionStatus.PUBLISHED and q.current_version.type != "flashcard"
    }
    for seed in range(5):
        drawn = _drawn(quiz, learner, seed)
        assert set(drawn) == expected and len(drawn) == len(expected)
    assert retired.id not in expected


def test_draws_never_reach_another_clinics_items(db, factory, bank, clinic_a, clinic_b):
    safety = _objective(db)
    safety[0].clinic_id, safety[1].clinic_id = clinic_a.id, clinic_b.id
    db.session.commit()
    member_a = factory.user(email="a@example.com", clinic=clinic_a)
    # A clinic's quiz draws from the shared bank and that clinic's items, never another's.
    quiz = factory.quiz(draws=[{"draw_count": 500}], clinic=clinic_a)
    drawn = set(_drawn(quiz, member_a))
    assert safety[0].id in drawn and safety[1].id not in drawn
    assert safety[2].id in drawn
    # A shared quiz draws shared items only, even for a member of a clinic (as the builder
    # counts them), so every learner of a site quiz meets the same pool.
    shared = factory.quiz(draws=[{"draw_count": 500}])
    drawn = set(_drawn(shared, member_a))
    assert safety[0].id not in drawn and safety[1].id not in drawn and safety[2].id in drawn
    # a fixed slot naming clinic B's item is left out for them as well
    fixed = factory.quiz([safety[1], safety[2]], clinic=clinic_a)
    assert _drawn(fixed, member_a) == [safety[2].id]


def test_unseen_first_prefers_items_the_learner_never_met(db, factory, learner, bank):
    pool = _objective(db)
    assert len(pool) >= 3
    seen_in_study, seen_in_quiz = pool[0], pool[1]
    db.session.add(CardState(user_id=learner.id, question_id=seen_in_study.id, due=T0, reps=2))
    # a card shown but never answered (reps 0) does not count as seen
    db.session.add(CardState(user_id=learner.id, question_id=pool[2].id, due=T0, reps=0))
    db.session.commit()
    earlier = factory.quiz([seen_in_quiz])
    attempts.start(earlier, learner.id, T0)
    assert seen_question_ids(learner.id) == {seen_in_study.id, seen_in_quiz.id}
    count = len(pool) - 2
    quiz = factory.quiz(draws=[{"draw_count": count, "unseen_first": True}])
    for seed in range(5):
        assert set(_drawn(quiz, learner, seed)) == {q.id for q in pool[2:]}
    plain = factory.quiz(draws=[{"draw_count": len(pool)}])
    assert {seen_in_study.id, seen_in_quiz.id} <= set(_drawn(plain, learner))


def test_tag_and_muscle_filters(db, factory, learner, bank):
    headache = factory.quiz(draws=[{"draw_count": 100, "draw_tag": "headache"}])
    drawn = _drawn(headache, learner)
    assert drawn
    for qid in drawn:
        assert "headache" in db.session.get(Question, qid).current_version.content["tags"]
    muscle = db.session.scalar(
        select(Question.muscle_slug).where(Question.muscle_slug.is_not(None)).limit(1)
    )
    by_muscle = factory.quiz(draws=[{"draw_count": 100, "draw_muscle": muscle}])
    assert {db.session.get(Question, q).muscle_slug for q in _drawn(by_muscle, learner)} == {muscle}


def test_a_question_is_asked_once_per_attempt(db, factory, learner, bank):
    tf = question_of("true_false")
    quiz = factory.quiz([tf, tf], draws=[{"draw_count": 500, "draw_topic": tf.topic.slug}])
    drawn = _drawn(quiz, learner)
    assert drawn.count(tf.id) == 1 and len(drawn) == len(set(drawn))


def test_clinic_quizzes_are_for_their_members_only(db, factory, bank, clinic_a, clinic_b):
    member_a = factory.user(email="a@example.com", clinic=clinic_a)
    member_b = factory.user(email="b@example.com", clinic=clinic_b)
    loner = factory.user(email="solo@example.com")
    quiz_a = factory.quiz([question_of("true_false")], clinic=clinic_a)
    site = factory.quiz([question_of("true_false")])
    assert visibility.quiz_for_learner(quiz_a.id, member_a.id) is quiz_a
    for outsider in (member_b, loner):
        with pytest.raises(QuizNotFound):
            visibility.quiz_for_learner(quiz_a.id, outsider.id)
        assert [q.id for q in visibility.listed_quizzes(outsider.id)] == [site.id]
    assert {q.id for q in visibility.listed_quizzes(member_a.id)} == {quiz_a.id, site.id}


def test_drafts_and_archived_quizzes_are_not_listed_or_reachable(db, factory, learner, bank):
    draft = factory.quiz([question_of("true_false")], status=QuizStatus.DRAFT)
    archived = factory.quiz([question_of("true_false")], status=QuizStatus.ARCHIVED)
    assert visibility.listed_quizzes(learner.id) == []
    for quiz in (draft, archived):
        with pytest.raises(QuizNotFound):
            visibility.quiz_for_learner(quiz.id, learner.id)


def test_link_quizzes_need_the_link_until_started(db, factory, learner, bank):
    quiz = factory.quiz(
        [question_of("true_false")], audience=QuizAudience.LINK, link_token="s3cret-token"
    )
    assert visibility.listed_quizzes(learner.id) == []
    with pytest.raises(QuizNotFound):
        visibility.quiz_for_learner(quiz.id, learner.id)
    with pytest.raises(QuizNotFound):
        visibility.quiz_for_learner(quiz.id, learner.id, "wrong-token")
    with pytest.raises(QuizNotFound):
        visibility.quiz_by_link("wrong-token")
    assert visibility.quiz_by_link("s3cret-token") is quiz
    assert visibility.quiz_for_learner(quiz.id, learner.id, "s3cret-token") is quiz
    attempts.start(quiz, learner.id, T0)
    assert visibility.quiz_for_learner(quiz.id, learner.id) is quiz
    assert [q.id for q in visibility.listed_quizzes(learner.id)] == [quiz.id]
