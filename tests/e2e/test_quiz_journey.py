"""A learner takes a timed quiz in Chromium: answers by keyboard, reloads mid-way and loses
nothing, flags an item, reviews the summary, submits and sees the result. Then the same pages
at 390 px (a phone) without sideways scrolling. Screenshots go to test-artifacts/.
"""

from __future__ import annotations

import re

from sqlalchemy import select

from tests.e2e.conftest import open_page, screenshot
from tests.factories import Factory
from trainer.domain import grading
from trainer.extensions import db
from trainer.models import AttemptState, Question, QuestionStatus, QuestionVersion, QuizAttempt
from trainer.services import accounts


def _questions(*type_keys: str) -> list[Question]:
    rows = db.session.execute(
        select(Question, QuestionVersion.content)
        .join(QuestionVersion, QuestionVersion.id == Question.current_version_id)
        .where(Question.status == QuestionStatus.PUBLISHED, Question.clinic_id.is_(None))
        .order_by(Question.id)
    ).all()
    found = {}
    for question, content in rows:
        found.setdefault(grading.type_key(content), question)
    return [found[key] for key in type_keys]


def _set_up(live_app, email: str, title: str):
    with live_app.app_context():
        accounts.create_user(email, "Quinn Quizzer", "e2e password 1")
        questions = _questions("true_false", "single_choice", "multiple_response")
        quiz = Factory(db).quiz(
            questions, title=title, time_limit_seconds=20 * 60, shuffle_items=False,
            pass_fraction=0.5, counts_for_srs=False,
        )  # fmt: skip
        db.session.commit()
        return quiz.id


def _login(page, base: str, email: str) -> None:
    page.goto(f"{base}/auth/login")
    page.fill("input[name=email]", email)
    page.fill("input[name=password]", "e2e password 1")
    page.click("button[type=submit], input[type=submit]")
    page.wait_for_url(f"{base}/")


def _wait_saved(page) -> None:
    page.wait_for_selector("[data-save-status][data-state=saved]")


def test_a_timed_quiz_survives_a_reload_and_is_submitted(browser, live_server, live_app):
    base = live_server.url
    _set_up(live_app, "quizzer@e2e.example", "Timed safety check")
    context, page = open_page(browser)
    try:
        _login(page, base, "quizzer@e2e.example")
        page.click("nav >> text=Quizzes")
        page.click("text=Timed safety check")
        page.click("button:has-text('Start the quiz')")
        page.wait_for_url(re.compile(r".*/quizzes/attempts/\d+/items/1$"))
        assert re.fullmatch(r"(19|20):\d\d", page.inner_text("[data-time-left]").strip())

        # Question 1 (true/false), by keyboard: focus the first option, Space picks it.
        page.focus("input[name=answer][value=true]")
        page.keyboard.press("Space")
        _wait_saved(page)
        page.click("button[name=action][value=next]")
        page.wait_for_url(re.compile(r".*/items/2$"))

        # Question 2 (single choice): pick the second option, wait for the autosave, reload.
        second = page.locator("input[name=choice]").nth(1)
        picked = second.get_attribute("value")
        second.check()
        _wait_saved(page)
        page.reload()
        assert page.locator(f"input[name=choice][value='{picked}']").is_checked(), "answer lost"
        nav = page.locator("[data-nav-position='1']")
        assert "answered" in nav.inner_text() and "unanswered" not in nav.inner_text()
        assert "unanswered" in page.locator("[data-nav-position='3']").inner_text()
        page.click("button[name=action][value=flag]")
        page.wait_for_selector("text=Remove flag")
        page.click("button[name=action][value=prev]")
        page.wait_for_url(re.compile(r".*/items/1$"))
        assert page.locator("input[name=answer][value=true]").is_checked()
        screenshot(page, "quiz-attempt-desktop")

        # Question 3 left unanswered: the summary lists it, and the flagged one.
        page.click("nav[aria-label='Questions of this attempt'] button[value=summary]")
        page.wait_for_url(re.compile(r".*/submit$"))
        assert "Question 3" in page.inner_text("[data-unanswered]")
        assert "Question 2" in page.inner_text("[data-flagged]")
        page.click("button:has-text('Submit and finish')")
        page.wait_for_url(re.compile(r".*/result$"))
        assert re.search(r"\d+(\.\d)?%", page.inner_text("[data-score]"))
        assert page.locator("[data-passed], [data-failed]").count() == 1
        assert "Not answered" in page.inner_text("main")
        screenshot(page, "quiz-result-desktop")
        assert page.errors == []
    finally:
        context.close()
    with live_app.app_context():
        attempt = db.session.scalar(select(QuizAttempt).order_by(QuizAttempt.id.desc()).limit(1))
        assert attempt.state == AttemptState.FINISHED
        answered = [i.response is not None for i in attempt.items]
        assert answered == [True, True, False]


def test_the_attempt_page_fits_a_phone(browser, live_server, live_app):
    base = live_server.url
    _set_up(live_app, "phone-quizzer@e2e.example", "Phone quiz")
    context, page = open_page(browser, width=390, height=844)
    try:
        _login(page, base, "phone-quizzer@e2e.example")
        page.goto(f"{base}/quizzes/")
        page.click("text=Phone quiz")
        page.click("button:has-text('Start the quiz')")
        page.wait_for_url(re.compile(r".*/items/1$"))
        page.locator("input[name=answer]").first.check()
        _wait_saved(page)
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 390, f"the page scrolls sideways ({width}px)"
        screenshot(page, "quiz-attempt-phone")
        assert page.errors == []
    finally:
        context.close()


def test_the_page_warns_and_the_server_closes_the_attempt_at_its_time(
    browser, live_server, live_app
):
    base = live_server.url
    with live_app.app_context():
        accounts.create_user("hurried@e2e.example", "Harry Hurried", "e2e password 1")
        questions = _questions("true_false", "single_choice")
        make = Factory(db).quiz
        warned = make(questions, title="Five minutes", time_limit_seconds=302).id
        short = make(questions, title="Six seconds", time_limit_seconds=6, shuffle_items=False).id
    context, page = open_page(browser)
    try:
        _login(page, base, "hurried@e2e.example")
        page.goto(f"{base}/quizzes/{warned}")
        page.click("button:has-text('Start the quiz')")
        page.wait_for_selector("[data-timer-warning]:has-text('5 minutes left')")
        assert page.locator("[data-timer-warning]").get_attribute("aria-live") == "assertive"

        page.goto(f"{base}/quizzes/{short}")
        page.click("button:has-text('Start the quiz')")
        page.wait_for_url(re.compile(r".*/items/1$"))
        page.wait_for_selector("[data-timer-warning]:has-text('1 minute left')")
        page.locator("input[name=answer]").first.check()
        _wait_saved(page)
        # No submit: at 0:00 the page reloads and the server, not the page, closes the attempt.
        page.wait_for_url(re.compile(r".*/result$"), timeout=15_000)
        assert "Time was up" in page.inner_text("main")
        assert "Closed by the timer" in page.inner_text("[data-result]")
    finally:
        context.close()
    with live_app.app_context():
        attempt = db.session.scalar(
            select(QuizAttempt).where(QuizAttempt.quiz_id == short).limit(1)
        )
        assert attempt.closed_by.value == "timer"
        assert [i.response is not None for i in attempt.items] == [True, False]
