"""Settings errors focus the first field with an error; sign-up takes the browser's time zone
(issue 12). Chromium with a fixed time zone."""

from __future__ import annotations

import re

from sqlalchemy import select

from tests.e2e.conftest import login, open_page
from tests.e2e.test_study_answering import _new_learner
from trainer.extensions import db
from trainer.models import StudySettings, User


def test_settings_error_summary_and_focus_on_the_first_error(browser, live_server, live_app):
    context, page = open_page(browser)
    try:
        login(page, live_server.url, _new_learner(live_app, "settings1"))
        page.goto(f"{live_server.url}/study/settings")
        page.fill("#max_reviews_per_day", "")
        page.fill("#day_start_hour", "30")
        page.click("input[type=submit][value='Save settings']")
        summary = page.locator("#error-summary")
        summary.wait_for()
        assert summary.get_by_role("link").count() == 2
        assert page.evaluate("document.activeElement.id") == "max_reviews_per_day"
        assert page.locator("text=Enter a whole number.").count() == 2
        assert not page.get_by_role("button", name="Optimise my parameters").is_enabled()
        assert page.get_by_text(re.compile(r"\d+ more reviews needed")).is_visible()
        # The page answers 400 (the form is re-shown with errors); nothing else may go wrong.
        errors = [e for e in page.errors if "status of 400" not in e]
        assert errors == [], errors
    finally:
        context.close()


def test_signup_takes_the_browsers_time_zone(browser, live_server, live_app):
    context = browser.new_context(timezone_id="Asia/Tokyo")
    page = context.new_page()
    page.set_default_timeout(10_000)
    try:
        live_app.extensions["mail_outbox"] = []
        page.goto(f"{live_server.url}/auth/register")
        page.fill("input[name=email]", "tokyo@e2e.example")
        page.fill("input[name=display_name]", "Tokyo Learner")
        page.click("input[type=submit], button[type=submit]")
        (message,) = live_app.extensions["mail_outbox"]
        link = re.search(r"https?://\S+(/auth/register/\S+)", message.get_content()).group(1)
        page.goto(f"{live_server.url}{link}")
        assert page.locator("input[name=timezone]").input_value() == "Asia/Tokyo"
        page.fill("input[name=new_password]", "e2e password 1")
        page.fill("input[name=confirm]", "e2e password 1")
        page.click("input[type=submit], button[type=submit]")
        page.wait_for_url(f"{live_server.url}/")
        with live_app.app_context():
            user_id = db.session.execute(
                select(User.id).where(User.email == "tokyo@e2e.example")
            ).scalar_one()
            assert db.session.get(StudySettings, user_id).timezone == "Asia/Tokyo"
            db.session.remove()
    finally:
        context.close()
