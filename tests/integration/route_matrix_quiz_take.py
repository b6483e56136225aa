"""The learner's quiz routes in the access matrix (test_route_matrix.py): rows and objects.

Objects: {quiz_S} a site quiz, {quiz_A}/{quiz_B} clinic A's/B's quiz, {quiz_link} the token of
a link quiz, {att_A}/{att_B} an open attempt of learner A/B, {done_A} a finished one of A.
Everyone signed in sees the site quiz and the link quiz; a clinic quiz only its members (even a
site admin is not a member); an attempt only its owner. Everything else is 404.
"""

from __future__ import annotations

from datetime import UTC, datetime

from trainer.models import QuizAudience
from trainer.services.quizzes import attempts

ALL = "302 200 200 200 200 200 200 200 200"


def quiz_take_rows(row):
    """The rows, built with test_route_matrix's ``_row``."""
    return [
        row("quiz.index", "GET", "/quizzes/", ALL),
        row("quiz.attempt_history", "GET", "/quizzes/history", ALL),
        row("quiz.history_csv", "GET", "/quizzes/history.csv", ALL),
        row("quiz.overview", "GET", "/quizzes/{quiz_S}", ALL),
        row("quiz.overview", "GET", "/quizzes/{quiz_A}", "302 404 404 200 200 200 404 404 404"),
        row("quiz.overview", "GET", "/quizzes/{quiz_B}", "302 404 404 404 404 404 200 404 404"),
        row("quiz.link", "GET", "/quizzes/l/{quiz_link}", ALL),
        row("quiz.link", "GET", "/quizzes/l/not-the-token", "302 404 404 404 404 404 404 404 404"),
        row("quiz.start", "POST", "/quizzes/{quiz_A}/start", "302 404 404 303 303 303 404 404 404"),
        row("quiz.start", "POST", "/quizzes/{quiz_B}/start", "302 404 404 404 404 404 303 404 404"),
        row("quiz.start", "POST", "/quizzes/{quiz_S}/start", "302 303 303 303 303 303 303 303 303"),
        row("quiz.attempt", "GET", "/quizzes/attempts/{att_A}",
            "302 302 404 404 404 404 404 404 404"),
        row("quiz.attempt", "GET", "/quizzes/attempts/{att_B}",
            "302 404 302 404 404 404 404 404 404"),
        row("quiz.item", "GET", "/quizzes/attempts/{att_A}/items/1",
            "302 200 404 404 404 404 404 404 404"),
        row("quiz.item", "GET", "/quizzes/attempts/{att_A}/items/99",
            "302 404 404 404 404 404 404 404 404"),
        row("quiz.item", "POST", "/quizzes/attempts/{att_A}/items/1",
            "302 400 404 404 404 404 404 404 404"),
        row("quiz.item", "POST", "/quizzes/attempts/{att_B}/items/1",
            "302 404 400 404 404 404 404 404 404"),
        row("quiz.result", "GET", "/quizzes/attempts/{done_A}/result",
            "302 200 404 404 404 404 404 404 404"),
        row("quiz.summary", "GET", "/quizzes/attempts/{att_A}/submit",
            "302 200 404 404 404 404 404 404 404"),
        row("quiz.summary", "POST", "/quizzes/attempts/{att_B}/submit",
            "302 404 303 404 404 404 404 404 404"),
    ]  # fmt: skip


def quiz_take_values(factory, users, clinic_a, clinic_b, question) -> dict:
    """The quizzes and attempts the rows name, asking the shared ``question``."""
    site = factory.quiz([question], attempts_allowed=None)
    quiz_a = factory.quiz([question], clinic=clinic_a)
    quiz_b = factory.quiz([question], clinic=clinic_b)
    factory.quiz([question], audience=QuizAudience.LINK, link_token="matrix-link-token")
    now = datetime.now(UTC)
    done = attempts.start(site, users["la"].id, now).attempt
    attempts.submit(done, now)
    open_a = attempts.start(site, users["la"].id, now).attempt
    open_b = attempts.start(site, users["lb"].id, now).attempt
    return {
        "quiz_S": site.id, "quiz_A": quiz_a.id, "quiz_B": quiz_b.id,
        "quiz_link": "matrix-link-token",
        "att_A": open_a.id, "att_B": open_b.id, "done_A": done.id,
    }  # fmt: skip
