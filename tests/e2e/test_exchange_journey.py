"""A clinic manager checks a GIFT file, imports it for the clinic, and downloads the clinic's
items as CSV; with the clinic's approval rule on, an imported file waits in review instead; a
site instructor adds a bibliography reference. Real CSRF tokens throughout."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import select

from tests.e2e.conftest import login, open_page, screenshot
from trainer.extensions import db
from trainer.models import BankReference, Clinic, Question, QuestionStatus
from trainer.services.authoring import policy

GIFT = b"""$CATEGORY: $course$/top/Safety

// @tag reference:namtpt
::E2E one::E2E exchange question one?{TRUE####Because one.}

// @tag reference:namtpt
::E2E two::E2E exchange question two?{FALSE####Because two.}
"""


def _clinic_items(live_app) -> set[str]:
    with live_app.app_context():
        clinic = db.session.execute(select(Clinic).where(Clinic.slug == "e2e")).scalar_one()
        ids = set(
            db.session.execute(
                select(Question.external_id).where(Question.clinic_id == clinic.id)
            ).scalars()
        )
        db.session.remove()
    return ids


def _set_rule(live_app, value: bool) -> bool:
    """Set the e2e clinic's approval rule; returns what it was (other journeys set it too)."""
    with live_app.app_context():
        clinic = db.session.execute(select(Clinic).where(Clinic.slug == "e2e")).scalar_one()
        before = policy.needs_second_approval(clinic.id)
        policy.set_needs_second_approval(clinic.id, value)
        db.session.remove()
    return before


def _choose_file(page, base: str, data: bytes) -> None:
    page.goto(f"{base}/author/")
    page.click("text=Import file")
    page.set_input_files(
        "#file", files=[{"name": "e2e.txt", "mimeType": "text/plain", "buffer": data}]
    )
    page.select_option("#fmt", "gift")
    page.select_option("#owner", "e2e")


def test_manager_checks_imports_and_exports_a_file(browser, live_server, live_app):
    base = live_server.url
    rule = _set_rule(live_app, False)
    before = _clinic_items(live_app)
    context, page = open_page(browser)
    try:
        login(page, base, "manager@e2e.example")
        _choose_file(page, base, GIFT)
        page.get_by_role("button", name="Check").click()
        summary = page.locator("#import-summary")
        assert "would create 2" in summary.inner_text()
        assert _clinic_items(live_app) == before  # a check writes nothing
        screenshot(page, "author-import-checked")
        page.get_by_role("button", name="Import this file").click()
        assert "Imported: 2 created" in page.locator("#import-summary").inner_text()
        added = _clinic_items(live_app) - before
        assert len(added) == 2

        page.goto(f"{base}/author/export")
        page.select_option("#fmt", "csv")
        page.select_option("#owner", "e2e")
        with page.expect_download() as download:
            page.get_by_role("button", name="Download").click()
        assert download.value.suggested_filename.endswith(".csv")
        body = Path(download.value.path()).read_text(encoding="utf-8-sig")
        assert all(item_id in body for item_id in added)
        assert page.errors == [], page.errors
    finally:
        context.close()
        _set_rule(live_app, rule)


def test_with_the_clinic_rule_an_imported_file_waits_in_review(browser, live_server, live_app):
    base = live_server.url
    rule = _set_rule(live_app, True)
    before = _clinic_items(live_app)
    waiting = GIFT.replace(b"E2E exchange question", b"E2E question under the rule")
    context, page = open_page(browser)
    try:
        login(page, base, "manager@e2e.example")
        _choose_file(page, base, waiting)
        page.get_by_role("button", name="Check").click()
        assert "would wait in review (2)" in page.locator("#import-approval").inner_text()
        page.get_by_role("button", name="Import this file").click()
        assert "Imported: 2 created" in page.locator("#import-summary").inner_text()
        assert page.locator("#import-items [data-state=in_review]").count() == 2
        screenshot(page, "author-import-waiting")
        assert page.errors == [], page.errors
    finally:
        context.close()
        _set_rule(live_app, rule)
    added = _clinic_items(live_app) - before
    with live_app.app_context():
        states = db.session.execute(
            select(Question.status).where(Question.external_id.in_(added))
        ).scalars()
        assert sorted(states) == [QuestionStatus.IN_REVIEW] * 2
        db.session.remove()


def test_instructor_adds_a_reference(browser, live_server, live_app):
    base = live_server.url
    context, page = open_page(browser)
    try:
        login(page, base, "instructor@e2e.example")
        page.goto(f"{base}/author/")
        page.click("text=New reference")
        page.fill("#key", "e2e2026")
        page.fill("#title", "An end-to-end test of trigger points")
        page.fill("#citation", "Tester T. An end-to-end test. J E2E 2026;1:1.")
        page.select_option("#kind", "primary")
        page.fill("#pmid", "12345678")
        page.get_by_role("button", name="Add reference").click()
        page.wait_for_selector("text=Reference e2e2026 added")
        assert page.errors == [], page.errors
    finally:
        context.close()
    with live_app.app_context():
        row = db.session.execute(
            select(BankReference).where(BankReference.key == "e2e2026")
        ).scalar_one()
        assert row.content["pmid"] == "12345678"
        db.session.remove()
