"""Which quizzes a learner may see and attempt.

A quiz is visible only while published, and only to its audience: a clinic quiz to the members
of ``Quiz.clinic_id``, a site quiz to every signed-in user, a link quiz to a signed-in user who
has its link (``/quizzes/l/<token>``) -- and, once they have started it, through their attempts.
Anything else looks exactly like a quiz that does not exist (404), so ids reveal nothing.
"""

from __future__ import annotations

import hmac

from sqlalchemy import exists, select

from trainer.extensions import db
from trainer.models import Membership, Quiz, QuizAttempt, QuizAudience, QuizStatus


class QuizNotFound(Exception):
    """No such quiz for this learner (maps to 404)."""


def _member_of(user_id: int):
    return select(Membership.clinic_id).where(Membership.user_id == user_id).scalar_subquery()


def _has_attempt(user_id: int):
    return exists().where(QuizAttempt.quiz_id == Quiz.id, QuizAttempt.user_id == user_id)


def audience_includes(user_id: int):
    """SQL condition: the quiz's audience includes this user (status is checked apart).

    A link quiz counts only once the user has an attempt on it: before that, the link itself is
    the proof (see :func:`quiz_by_link`)."""
    return (
        ((Quiz.audience == QuizAudience.CLINIC) & Quiz.clinic_id.in_(_member_of(user_id)))
        | (Quiz.audience == QuizAudience.SITE)
        | ((Quiz.audience == QuizAudience.LINK) & _has_attempt(user_id))
    )


def listed_quizzes(user_id: int) -> list[Quiz]:
    """The published quizzes of the learner's list, soonest closing first, then by title."""
    return list(
        db.session.execute(
            select(Quiz)
            .where(Quiz.status == QuizStatus.PUBLISHED, audience_includes(user_id))
            .order_by(Quiz.closes_at.is_(None), Quiz.closes_at, Quiz.title, Quiz.id)
        ).scalars()
    )


def quiz_for_learner(quiz_id: int, user_id: int, link_token: str | None = None) -> Quiz:
    """The published quiz ``quiz_id`` if this user may see it; QuizNotFound otherwise.

    ``link_token``: the secret of a link quiz's URL, which admits a user with no attempt yet."""
    quiz = db.session.get(Quiz, quiz_id)
    if quiz is None or quiz.status != QuizStatus.PUBLISHED:
        raise QuizNotFound
    if quiz.audience == QuizAudience.LINK and link_token and _token_matches(quiz, link_token):
        return quiz
    visible = db.session.execute(
        select(exists().where(Quiz.id == quiz_id, audience_includes(user_id)))
    ).scalar()
    if not visible:
        raise QuizNotFound
    return quiz


def quiz_by_link(token: str) -> Quiz:
    """The published link quiz whose URL carries ``token``; QuizNotFound otherwise."""
    if not token or len(token) > 43:
        raise QuizNotFound
    quiz = db.session.execute(
        select(Quiz).where(Quiz.link_token == token, Quiz.audience == QuizAudience.LINK)
    ).scalar_one_or_none()
    if quiz is None or quiz.status != QuizStatus.PUBLISHED:
        raise QuizNotFound
    return quiz


def _token_matches(quiz: Quiz, token: str) -> bool:
    return quiz.link_token is not None and hmac.compare_digest(quiz.link_token, token)


def may_continue(quiz: Quiz, user_id: int) -> bool:
    """Whether the owner of an attempt on ``quiz`` may still reach it: the quiz is not a draft
    again and, for a clinic quiz, they are still a member of its clinic."""
    if quiz.status == QuizStatus.DRAFT:
        return False
    if quiz.audience != QuizAudience.CLINIC:
        return True
    if quiz.clinic_id is None:
        return False
    return bool(
        db.session.execute(
            select(
                exists().where(
                    Membership.user_id == user_id, Membership.clinic_id == quiz.clinic_id
                )
            )
        ).scalar()
    )


__all__ = [
    "QuizNotFound",
    "audience_includes",
    "listed_quizzes",
    "may_continue",
    "quiz_by_link",
    "quiz_for_learner",
]
