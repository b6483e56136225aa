"""axe-core finds nothing on the instructors', quiz takers' and clinic managers' pages, at 1280
and 390 px (issue 12: "every page"). The study states are in test_axe.py; these are the rest."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from tests.e2e.conftest import login, open_page
from tests.e2e.test_axe import _violations
from tests.e2e.test_quiz_journey import _questions
from tests.factories import Factory
from trainer.extensions import db
from trainer.models import Clinic, Question, QuestionStatus, SiteRole, User
from trainer.services import accounts

pytest.importorskip("axe_playwright_python.sync_playwright")

WIDTHS = [(1280, 900), (390, 844)]
TYPES = (
    "flashcard",
    "single_choice",
    "multiple_response",
    "true_false",
    "matching",
    "body_map:select_regions",
    "body_map:identify_muscle",
)


def _first_shared_item() -> int:
    return db.session.execute(
        select(Question.id)
        .where(Question.status == QuestionStatus.PUBLISHED, Question.clinic_id.is_(None))
        .order_by(Question.id)
        .limit(1)
    ).scalar_one()


@pytest.fixture(scope="module")
def axe_quiz(live_app) -> int:
    """A short published quiz any learner may take."""
    with live_app.app_context():
        questions = _questions("true_false", "single_choice", "multiple_response")
        quiz = Factory(db).quiz(questions, title="Axe quiz", shuffle_items=False, pass_fraction=0.5)
        db.session.commit()
        return quiz.id


def _check(page, base: str, paths: list[str]) -> list[str]:
    found: list[str] = []
    for path in paths:
        response = page.goto(f"{base}{path}")
        assert response is not None and response.status == 200, (
            f"{path}: {response and response.status}"
        )
        found += _violations(page, path)
    return found


@pytest.mark.parametrize(("width", "height"), WIDTHS)
def test_instructor_pages_have_no_axe_violations(
    browser, live_server, live_app, axe_quiz, width, height
):
    with live_app.app_context():
        item = _first_shared_item()
    context, page = open_page(browser, width, height)
    base = live_server.url
    try:
        login(page, base, "instructor@e2e.example")
        paths = [
            "/author/",
            "/author/?topic=safety&status=published",
            "/author/items/new",
            *(f"/author/items/new?type={key}" for key in TYPES),
            f"/author/items/{item}",
            f"/author/items/{item}/edit",
            f"/author/items/{item}/history",
            f"/author/items/{item}/diff",
            "/author/import",
            "/author/export",
            "/author/lint",
            "/author/references/new",
            "/quizzes/build/",
            "/quizzes/build/new",
            f"/quizzes/build/{axe_quiz}",
            f"/quizzes/build/{axe_quiz}/settings",
            f"/quizzes/build/{axe_quiz}/pick",
            f"/quizzes/build/{axe_quiz}/results",
            f"/quizzes/build/{axe_quiz}/analysis",
        ]
        found = _check(page, base, paths)
        # A form sent back with errors (the error summary and invalid fields).
        page.goto(f"{base}/quizzes/build/new")
        page.fill("#title", "")
        page.click("button:has-text('Create quiz')")
        found += _violations(page, "new quiz with errors")
        page.goto(f"{base}/author/items/new?type=single_choice")
        page.click("button.btn-primary[value=save]")
        page.locator("#error-summary").wait_for()
        found += _violations(page, "new item with errors")
        page.goto(f"{base}/author/items/new?type=body_map:select_regions")
        page.click("button[value=preview]")
        found += _violations(page, "body-map item preview")
        assert found == [], "\n".join(found)
    finally:
        context.close()


@pytest.mark.parametrize(("width", "height"), WIDTHS)
def test_quiz_taking_pages_have_no_axe_violations(
    browser, live_server, live_app, axe_quiz, width, height
):
    email = f"axequiz{width}@e2e.example"
    with live_app.app_context():
        accounts.create_user(email, "Axel Quiz", "e2e password 1")
        db.session.commit()
    context, page = open_page(browser, width, height)
    base = live_server.url
    try:
        login(page, base, email)
        found = _check(page, base, ["/quizzes/", f"/quizzes/{axe_quiz}"])
        page.click("button:has-text('Start the quiz')")
        page.wait_for_url(re.compile(r".*/quizzes/attempts/\d+/items/1$"))
        found += _violations(page, "quiz item 1")
        page.focus("input[name=answer][value=true]")
        page.keyboard.press("Space")
        page.wait_for_selector("[data-save-status][data-state=saved]")
        found += _violations(page, "quiz item 1 answered")
        page.click("button[name=action][value=flag]")
        page.wait_for_selector("text=Remove flag")
        found += _violations(page, "quiz item 1 flagged")
        attempt = re.search(r"/attempts/(\d+)/", page.url).group(1)
        found += _check(page, base, [f"/quizzes/attempts/{attempt}/submit"])
        page.click("button:has-text('Submit')")
        page.wait_for_url(re.compile(r".*/result$"))
        found += _violations(page, "quiz result")
        found += _check(page, base, ["/quizzes/history"])
        assert found == [], "\n".join(found)
    finally:
        context.close()


@pytest.mark.parametrize(("width", "height"), WIDTHS)
def test_admin_policy_page_has_no_axe_violations(browser, live_server, live_app, width, height):
    email = f"axeadmin{width}@e2e.example"
    with live_app.app_context():
        accounts.create_user(email, "Ada Admin", "e2e password 1", site_role=SiteRole.ADMIN)
        db.session.commit()
    context, page = open_page(browser, width, height)
    try:
        login(page, live_server.url, email)
        found = _check(page, live_server.url, ["/author/policy"])
        assert found == [], "\n".join(found)
    finally:
        context.close()


@pytest.mark.parametrize(("width", "height"), WIDTHS)
def test_clinic_manager_pages_have_no_axe_violations(browser, live_server, live_app, width, height):
    with live_app.app_context():
        clinic = db.session.execute(select(Clinic).where(Clinic.slug == "e2e")).scalar_one()
        learner = db.session.execute(
            select(User).where(User.email == "learner@e2e.example")
        ).scalar_one()
        slug, learner_id = clinic.slug, learner.id
    context, page = open_page(browser, width, height)
    base = live_server.url
    try:
        login(page, base, "manager@e2e.example")
        prefix = f"/clinics/{slug}"
        found = _check(
            page,
            base,
            [
                f"{prefix}/",
                f"{prefix}/staff",
                f"{prefix}/invites",
                f"{prefix}/competencies",
                f"{prefix}/competencies/new",
                f"{prefix}/matrix",
                f"{prefix}/audit",
                f"{prefix}/me",
                f"{prefix}/people/{learner_id}",
                f"{prefix}/credentials/new",
            ],
        )
        assert found == [], "\n".join(found)
    finally:
        context.close()
