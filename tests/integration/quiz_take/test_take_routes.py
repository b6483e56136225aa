"""The learner's quiz pages: list, start, answer (JSON autosave and plain form posts), resume
after a new login, summary, submit, results, history; other people's attempts are 404."""

from __future__ import annotations

import csv
import io
import re
from datetime import timedelta

import time_machine
from sqlalchemy import select

from tests.conftest import AuthActions
from tests.integration.quiz_take.conftest import content_of, question_of, right
from trainer.models import AttemptCloser, AttemptState, QuizAttempt, utcnow

JSON = {"Accept": "application/json"}


def _start(client, quiz) -> QuizAttempt:
    response = client.post(f"/quizzes/{quiz.id}/start")
    assert response.status_code == 303, response.get_data(as_text=True)[:500]
    match = re.search(r"/quizzes/attempts/(\d+)/items/1", response.headers["Location"])
    assert match, response.headers["Location"]
    from trainer.extensions import db

    return db.session.get(QuizAttempt, int(match.group(1)))


def _revision(page: str) -> int:
    return int(re.search(r'name="revision" value="(\d+)"', page).group(1))


def test_the_list_says_what_to_do_when_empty(learner_client):
    page = learner_client.get("/quizzes/").get_data(as_text=True)
    assert "No quizzes for you yet" in page and 'href="/study/"' in page


def test_the_nav_links_to_quizzes(learner_client):
    assert 'href="/quizzes/"' in learner_client.get("/").get_data(as_text=True)


def test_list_start_page_and_attempt_counts(db, factory, learner_client, bank):
    quiz = factory.quiz([question_of("true_false")], title="Safety basics", attempts_allowed=2)
    listing = learner_client.get("/quizzes/").get_data(as_text=True)
    assert "Safety basics" in listing and "0 used, 2 left" in listing
    page = learner_client.get(f"/quizzes/{quiz.id}").get_data(as_text=True)
    assert "Start the quiz" in page and "Pass mark" in page
    _start(learner_client, quiz)
    listing = learner_client.get("/quizzes/").get_data(as_text=True)
    assert "1 used, 1 left" in listing and "Continue" in listing


def test_autosave_then_resume_after_logging_out_and_in(
    app, db, factory, learner, learner_client, bank
):
    sc, mr = question_of("single_choice"), question_of("multiple_response")
    quiz = factory.quiz([sc, mr], shuffle_items=False)
    attempt = _start(learner_client, quiz)
    url = f"/quizzes/attempts/{attempt.id}/items/1"
    choice = right(sc)["choice"]
    saved = learner_client.post(
        url, data={"revision": 1, "action": "save", "choice": str(choice)}, headers=JSON
    )
    assert saved.status_code == 200 and saved.get_json()["saved"] is True
    assert saved.get_json()["answered"] is True
    # a slow older save arriving late is ignored
    stale = learner_client.post(url, data={"revision": 1, "choice": "0"}, headers=JSON)
    assert stale.get_json()["stale"] is True
    auth = AuthActions(learner_client)
    auth.logout()
    assert learner_client.get(url).status_code == 302  # logged out: to the login page
    assert auth.login(learner.email).status_code == 302
    page = learner_client.get(url).get_data(as_text=True)
    assert re.search(rf'value="{choice}" id="o-{choice}"\s+checked', page), "answer lost"
    assert _revision(page) == 2


def test_plain_form_posts_save_and_move(db, factory, learner_client, bank):
    tf, sc = question_of("true_false"), question_of("single_choice")
    quiz = factory.quiz([tf, sc], shuffle_items=False)
    attempt = _start(learner_client, quiz)
    base = f"/quizzes/attempts/{attempt.id}/items"
    moved = learner_client.post(
        f"{base}/1", data={"revision": 1, "action": "next", "answer": "true"}
    )
    assert moved.status_code == 303 and moved.headers["Location"].endswith(f"{base}/2")
    flagged = learner_client.post(f"{base}/2", data={"revision": 1, "action": "flag"})
    assert flagged.headers["Location"].endswith(f"{base}/2")
    summary = learner_client.get(f"/quizzes/attempts/{attempt.id}/submit").get_data(as_text=True)
    assert "Not answered (1)" in summary and "Flagged for review (1)" in summary
    back = learner_client.post(f"{base}/2", data={"revision": 2, "action": "prev"})
    assert back.headers["Location"].endswith(f"{base}/1")
    db.session.expire_all()
    items = db.session.get(QuizAttempt, attempt.id).items
    assert items[0].response == {"answer": "true"} and items[1].flagged


def test_a_bad_answer_is_a_400_and_saves_nothing(db, factory, learner_client, bank):
    quiz = factory.quiz([question_of("single_choice")])
    attempt = _start(learner_client, quiz)
    url = f"/quizzes/attempts/{attempt.id}/items/1"
    refused = learner_client.post(url, data={"revision": 1, "choice": "77"}, headers=JSON)
    assert refused.status_code == 400 and "could not be read" in refused.get_json()["error"]
    page = learner_client.post(url, data={"revision": 1, "choice": "77"})
    assert page.status_code == 400 and "could not be read" in page.get_data(as_text=True)
    assert learner_client.post(url, data={"choice": "0"}, headers=JSON).status_code == 400
    db.session.expire_all()
    assert db.session.get(QuizAttempt, attempt.id).items[0].revision == 0


def test_submit_then_result_and_double_submit(db, factory, learner_client, bank):
    tf = question_of("true_false")
    quiz = factory.quiz([tf], pass_fraction=0.5)
    attempt = _start(learner_client, quiz)
    answer = "true" if content_of(tf)["answer"] else "false"
    learner_client.post(
        f"/quizzes/attempts/{attempt.id}/items/1", data={"revision": 1, "answer": answer}
    )
    done = learner_client.post(f"/quizzes/attempts/{attempt.id}/submit")
    assert done.status_code == 303 and done.headers["Location"].endswith("/result")
    again = learner_client.post(f"/quizzes/attempts/{attempt.id}/submit")
    assert again.status_code == 303
    result = learner_client.get(f"/quizzes/attempts/{attempt.id}/result").get_data(as_text=True)
    assert "100.0%" in result and "Passed" in result and "Correct" in result
    late = learner_client.post(
        f"/quizzes/attempts/{attempt.id}/items/1", data={"revision": 5, "answer": "x"}, headers=JSON
    )
    assert late.status_code == 409 and late.get_json()["closed"] is True
    history = learner_client.get("/quizzes/history").get_data(as_text=True)
    assert quiz.title in history and "counts" in history
    rows = list(
        csv.reader(io.StringIO(learner_client.get("/quizzes/history.csv").get_data(as_text=True)))
    )
    assert rows[0][:3] == ["quiz", "attempt", "state"]
    assert rows[1][0] == quiz.title and rows[1][7] == "1.0000" and rows[1][8] == "yes"


def test_the_server_clock_closes_a_timed_attempt(db, factory, learner_client, bank):
    tf = question_of("true_false")
    quiz = factory.quiz([tf], time_limit_seconds=300)
    with time_machine.travel(utcnow(), tick=False) as clock:
        attempt = _start(learner_client, quiz)
        url = f"/quizzes/attempts/{attempt.id}/items/1"
        page = learner_client.get(url).get_data(as_text=True)
        assert 'data-seconds-left="300"' in page and "5:00" in page
        clock.shift(timedelta(minutes=4))
        assert (
            learner_client.post(
                url, data={"revision": 1, "answer": "true"}, headers=JSON
            ).status_code
            == 200
        )
        clock.shift(timedelta(minutes=1, seconds=1))
        refused = learner_client.post(url, data={"revision": 2, "answer": "false"}, headers=JSON)
        assert refused.status_code == 409 and "Time is up" in refused.get_json()["error"]
        assert refused.get_json()["result_url"].endswith(f"/attempts/{attempt.id}/result")
        plain = learner_client.get(url)
        assert plain.status_code == 303 and plain.headers["Location"].endswith("/result")
    db.session.expire_all()
    closed = db.session.get(QuizAttempt, attempt.id)
    assert closed.state == AttemptState.FINISHED and closed.closed_by == AttemptCloser.TIMER
    assert closed.items[0].response == {"answer": "true"}


def test_a_learner_never_sees_another_learners_attempt(app, db, factory, learner_client, bank):
    quiz = factory.quiz([question_of("true_false")])
    other = factory.user(email="other@example.com")
    other_client = app.test_client()
    AuthActions(other_client).login(other.email)
    theirs = _start(other_client, quiz)
    base = f"/quizzes/attempts/{theirs.id}"
    for path in (base, f"{base}/items/1", f"{base}/submit", f"{base}/result"):
        assert learner_client.get(path).status_code == 404, path
    for path in (f"{base}/items/1", f"{base}/submit"):
        assert learner_client.post(path, data={"revision": 9, "answer": "true"}).status_code == 404
    db.session.expire_all()
    assert db.session.get(QuizAttempt, theirs.id).state == AttemptState.IN_PROGRESS
    assert db.session.get(QuizAttempt, theirs.id).items[0].response is None


def test_clinic_b_quizzes_are_404_for_clinic_a(db, factory, staff_client, clinic_b, bank):
    quiz_b = factory.quiz([question_of("true_false")], clinic=clinic_b, title="Beta only")
    assert staff_client.get(f"/quizzes/{quiz_b.id}").status_code == 404
    assert staff_client.post(f"/quizzes/{quiz_b.id}/start").status_code == 404
    assert "Beta only" not in staff_client.get("/quizzes/").get_data(as_text=True)
    assert db.session.scalars(select(QuizAttempt)).all() == []


def test_a_link_quiz_opens_with_its_link(db, factory, learner_client, bank):
    from trainer.models import QuizAudience

    quiz = factory.quiz(
        [question_of("true_false")], audience=QuizAudience.LINK, link_token="tok-123"
    )
    assert learner_client.get(f"/quizzes/{quiz.id}").status_code == 404
    assert learner_client.get("/quizzes/l/nope").status_code == 404
    page = learner_client.get("/quizzes/l/tok-123").get_data(as_text=True)
    assert 'name="link" type="hidden" value="tok-123"' in page
    assert learner_client.post(f"/quizzes/{quiz.id}/start").status_code == 404
    started = learner_client.post(f"/quizzes/{quiz.id}/start", data={"link": "tok-123"})
    assert started.status_code == 303
    assert learner_client.get(f"/quizzes/{quiz.id}").status_code == 200  # theirs now


def test_immediate_feedback_check_route(db, factory, learner_client, bank):
    from trainer.models import FeedbackTiming

    tf = question_of("true_false")
    quiz = factory.quiz([tf], feedback_timing=FeedbackTiming.IMMEDIATE)
    attempt = _start(learner_client, quiz)
    url = f"/quizzes/attempts/{attempt.id}/items/1"
    answer = "true" if content_of(tf)["answer"] else "false"
    page = learner_client.get(url).get_data(as_text=True)
    assert 'value="check"' in page
    learner_client.post(url, data={"revision": 1, "answer": answer, "action": "check"})
    checked = learner_client.get(url).get_data(as_text=True)
    assert "Correct" in checked and "<fieldset" in checked and "disabled" in checked
    moved = learner_client.post(url, data={"revision": 2, "answer": "x", "action": "next"})
    assert moved.status_code == 303  # a locked item still lets the learner move on


def test_after_close_results_wait_for_the_close_date(db, factory, learner_client, bank):
    from trainer.models import FeedbackTiming

    tf = question_of("true_false")
    closes = utcnow() + timedelta(days=3)
    quiz = factory.quiz([tf], feedback_timing=FeedbackTiming.AFTER_CLOSE, closes_at=closes)
    attempt = _start(learner_client, quiz)
    answer = "true" if content_of(tf)["answer"] else "false"
    learner_client.post(
        f"/quizzes/attempts/{attempt.id}/items/1", data={"revision": 1, "answer": answer}
    )
    learner_client.post(f"/quizzes/attempts/{attempt.id}/submit")
    result = learner_client.get(f"/quizzes/attempts/{attempt.id}/result").get_data(as_text=True)
    assert "shown after the quiz closes" in result
    assert "data-score" not in result and "Correct" not in result and "Explanation" not in result
    with time_machine.travel(closes + timedelta(seconds=1), tick=False):
        after = learner_client.get(f"/quizzes/attempts/{attempt.id}/result").get_data(as_text=True)
    assert "data-score" in after and "Correct" in after
