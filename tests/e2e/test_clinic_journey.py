"""The clinic journey of issue 10, in Chromium: a manager sets up "Dry-needling safety", a staff
member studies the safety topic and passes the safety exam, records a needling-course
credential, the manager signs it off; then the matrix, the staff member's page, the CSV, the
digest and the reminder run all tell the same truth."""

from __future__ import annotations

import csv
import io
import re

from sqlalchemy import func, select

from tests.e2e.conftest import login, open_page, screenshot
from tests.e2e.test_study_journey import _answer_current_card_by_keyboard
from tests.factories import Factory
from tests.integration.clinic.helpers import PDF
from trainer.domain import grading
from trainer.extensions import db
from trainer.models import (
    CardState,
    Clinic,
    ClinicRole,
    Question,
    QuestionStatus,
    QuestionVersion,
    StudySettings,
    Topic,
)
from trainer.services import accounts

PASSWORD = "e2e password 1"


def _safety(kind: str) -> list[tuple[Question, dict]]:
    rows = db.session.execute(
        select(Question, QuestionVersion.content)
        .join(QuestionVersion, QuestionVersion.id == Question.current_version_id)
        .join(Topic, Topic.id == Question.topic_id)
        .where(Topic.slug == "safety", Question.status == QuestionStatus.PUBLISHED)
        .order_by(Question.id)
    ).all()
    return [(q, c) for q, c in rows if grading.type_key(c) == kind]


def _set_up(live_app) -> dict:
    with live_app.app_context():
        clinic = Clinic(name="Journey Physio", slug="journey", invite_code="JOURNEY-1")
        db.session.add(clinic)
        manager = accounts.create_user("mo@journey.example", "Mo Manager", PASSWORD,
                                       clinic=clinic, clinic_role=ClinicRole.MANAGER)  # fmt: skip
        staff = accounts.create_user("sid@journey.example", "Sid Staff", PASSWORD, clinic=clinic)
        db.session.flush()
        # All 69 safety items in one sitting: the default is 20 new cards a day.
        db.session.add(StudySettings(user_id=staff.id, new_per_day=500))
        exam_items = _safety("true_false")[:2] + _safety("single_choice")[:2]
        quiz = Factory(db).quiz(
            [q for q, _ in exam_items], clinic=clinic, title="Journey safety exam",
            shuffle_items=False, shuffle_choices=False, pass_fraction=0.8, counts_for_srs=False,
        )  # fmt: skip
        db.session.commit()
        total = db.session.scalar(
            select(func.count(Question.id))
            .join(Topic, Topic.id == Question.topic_id)
            .where(Topic.slug == "safety", Question.status == QuestionStatus.PUBLISHED)
        )
        return {"staff": staff.id, "manager": manager.id, "quiz": quiz.id, "total": total,
                "answers": [grading.correct_response(c) for _, c in exam_items]}  # fmt: skip


def _studied(live_app, user_id: int) -> int:
    with live_app.app_context():
        return db.session.scalar(
            select(func.count(CardState.id))
            .join(Question, Question.id == CardState.question_id)
            .join(Topic, Topic.id == Question.topic_id)
            .where(CardState.user_id == user_id, Topic.slug == "safety",
                   CardState.last_review.is_not(None))
        )  # fmt: skip


def _study_the_safety_topic(page, base: str, live_app, facts: dict) -> None:
    page.goto(f"{base}/study/?topic=safety")
    for turn in range(400):
        if turn % 10 == 0 and _studied(live_app, facts["staff"]) >= facts["total"]:
            return
        if page.locator("#study-area h2:has-text('All done for now')").count():
            page.goto(f"{base}/study/?topic=safety")  # learning cards only: start again
        if _answer_current_card_by_keyboard(page) != "flashcard":
            page.keyboard.press("Space")
    raise AssertionError(f"only {_studied(live_app, facts['staff'])} safety items studied")


def _pass_the_exam(page, base: str, facts: dict) -> None:
    page.goto(f"{base}/quizzes/{facts['quiz']}")
    page.click("button:has-text('Start the quiz')")
    for number, answer in enumerate(facts["answers"], start=1):
        page.wait_for_url(re.compile(rf".*/items/{number}$"))
        if "answer" in answer:
            page.check(f"input[name=answer][value={'true' if answer['answer'] else 'false'}]")
        else:
            page.check(f"input[name=choice][value='{answer['choice']}']")
        page.wait_for_selector("[data-save-status][data-state=saved]")
        if number < len(facts["answers"]):
            page.click("button[name=action][value=next]")
    page.click("nav[aria-label='Questions of this attempt'] button[value=summary]")
    page.click("button:has-text('Submit and finish')")
    page.wait_for_url(re.compile(r".*/result$"))
    assert page.locator("[data-passed]").count() == 1, page.inner_text("main")


def _cell(page, person: str) -> str:
    row = page.locator("table.matrix tbody tr", has_text=person)
    return row.locator("td").first.inner_text().replace("\xa0", " ").strip()


def test_manager_staff_and_every_report_agree(browser, live_server, live_app):
    base = live_server.url
    facts = _set_up(live_app)
    manager_context, manager = open_page(browser)
    staff_context, staff = open_page(browser)
    try:
        # The manager sets up the shipped competencies; the exam is the clinic's safety quiz.
        login(manager, base, "mo@journey.example")
        manager.goto(f"{base}/clinics/journey/competencies")
        manager.get_by_role("button", name="Add the recommended competencies").click()
        assert manager.get_by_role("cell", name="Dry-needling safety", exact=True).is_visible()
        assert "Journey safety exam" in manager.inner_text("main")

        # The staff member studies, passes the exam and records the course certificate.
        login(staff, base, "sid@journey.example")
        _study_the_safety_topic(staff, base, live_app, facts)
        _pass_the_exam(staff, base, facts)
        staff.goto(f"{base}/clinics/journey/me")
        before = staff.locator("#c-dry-needling-safety").inner_text()
        assert "✓ met: the safety topic" in before and "✓ met: the safety exam" in before
        assert "Upload a dry-needling course certificate" in before  # what is still missing
        staff.goto(f"{base}/clinics/journey/credentials/new?kind=needling-course")
        staff.fill("input[name=title]", "Dry needling level 1")
        staff.fill("input[name=issued_on]", "2026-11-20")
        staff.set_input_files(
            "input[name=evidence]",
            files=[{"name": "certificate.pdf", "mimeType": "application/pdf", "buffer": PDF}],
        )
        staff.get_by_role("button", name="Record credential").click()
        staff.wait_for_url(f"{base}/clinics/journey/me")
        mine = staff.locator("#c-dry-needling-safety").inner_text()
        assert "Have your dry-needling course certificate signed off" in mine

        # The manager signs it off on the staff member's page.
        manager.goto(f"{base}/clinics/journey/people/{facts['staff']}")
        manager.get_by_role("button", name="Sign off").click()
        manager.wait_for_selector("text=by Mo Manager on")

        # The matrix, the staff page and the CSV say the same.
        manager.goto(f"{base}/clinics/journey/matrix")
        cell = _cell(manager, "Sid Staff")
        assert cell.endswith("met"), cell
        screenshot(manager, "clinic-journey-matrix")
        rows = list(csv.reader(io.StringIO(manager.request.get(
            f"{base}/clinics/journey/matrix.csv").text())))  # fmt: skip
        header, by_name = rows[0], {r[0]: r for r in rows[1:]}
        column = header.index("Dry-needling safety")
        assert by_name["Sid Staff"][column] == "met"
        staff.goto(f"{base}/clinics/journey/me")
        section = staff.locator("#c-dry-needling-safety")
        assert "met" in section.locator("h2").inner_text()
        # Valid 365 days from the earliest evidence: the certificate issued on 2026-11-20.
        assert "Expires: 2027-11-20" in section.inner_text()
        assert "Nothing to do now" not in staff.inner_text("main")  # Referral patterns is not
        assert manager.errors == [] and staff.errors == []
    finally:
        manager_context.close()
        staff_context.close()

    # The digest counts Sid as met and lists nobody needing action for this competency; the
    # reminder run sends Sid nothing about it today.
    runner = live_app.test_cli_runner()
    live_app.extensions["mail_outbox"] = []
    assert runner.invoke(args=["clinic", "digest"]).exit_code == 0
    (digest,) = [m for m in live_app.extensions["mail_outbox"] if m["To"] == "mo@journey.example"]
    body = digest.get_content()
    assert re.search(r"- Dry-needling safety: 1 met", body), body
    assert "Sid Staff: Dry-needling safety" not in body.split("Needs action")[1]
    live_app.extensions["mail_outbox"] = []
    assert runner.invoke(args=["clinic", "remind"]).exit_code == 0
    to_sid = [m for m in live_app.extensions["mail_outbox"] if m["To"] == "sid@journey.example"]
    assert [m["Subject"] for m in to_sid if "Dry-needling" in m["Subject"]] == []
