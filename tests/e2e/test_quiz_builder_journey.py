"""An instructor builds a timed exam from the bank browser and publishes it: settings form,
picking items with the browser's filters, publish; the page also fits a phone's width."""

from __future__ import annotations

from sqlalchemy import select

from tests.e2e.conftest import login, open_page, screenshot
from trainer.extensions import db
from trainer.models import QuestionStatus, Quiz, QuizKind, QuizStatus

TITLE = "E2E timed exam: safety basics"


def test_instructor_builds_and_publishes_a_timed_exam(browser, live_server, live_app):
    base = live_server.url
    context, page = open_page(browser)
    try:
        login(page, base, "instructor@e2e.example")
        page.goto(f"{base}/quizzes/build/")
        page.click("text=New exam")
        assert page.input_value("#kind") == "exam"
        page.fill("#title", TITLE)
        page.fill("#time_limit_minutes", "30")
        page.fill("#pass_percent", "80")
        page.select_option("#feedback_timing", "after_submit")
        page.click("button:has-text('Create quiz')")
        page.wait_for_url(f"{base}/quizzes/build/*")
        assert "No items yet" in page.inner_text("#no-slots")

        # publishing an empty quiz is refused with the reason
        page.click("button:has-text('Publish')")
        assert "no items yet" in page.inner_text("body")

        page.click("#pick-items")
        page.select_option("#topic", "safety")
        page.select_option("#status", "published")
        page.click("button:has-text('Filter')")
        boxes = page.locator("input[name=ids]")
        assert boxes.count() >= 3
        for index in range(3):
            boxes.nth(index).focus()
            page.keyboard.press("Space")  # keyboard-only picking
        page.click("button:has-text('Add the ticked items')")
        assert "3 items added." in page.inner_text("body")
        assert page.locator("#slots > li").count() == 3

        page.click("button:has-text('Publish')")
        assert "Published" in page.inner_text("body")
        assert page.locator("[data-status=published]").count() == 1
        screenshot(page, "quiz-builder-published")
        quiz_url = page.url
    finally:
        context.close()

    with live_app.app_context():
        quiz = db.session.execute(select(Quiz).where(Quiz.title == TITLE)).scalar_one()
        assert quiz.kind == QuizKind.EXAM and quiz.status == QuizStatus.PUBLISHED
        assert quiz.time_limit_seconds == 1800 and quiz.counts_for_srs is False
        assert [s.question.status for s in quiz.slots] == [QuestionStatus.PUBLISHED] * 3
        assert {s.question.topic.slug for s in quiz.slots} == {"safety"}
        db.session.remove()

    # at phone width the page fits without sideways scrolling
    context, phone = open_page(browser, width=390, height=800)
    try:
        login(phone, base, "instructor@e2e.example")
        phone.goto(quiz_url.split("#")[0])
        width = phone.evaluate("document.documentElement.scrollWidth")
        assert width <= 390, width
        assert phone.errors == []
    finally:
        context.close()
