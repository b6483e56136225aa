"""A learner studies ten items keyboard-only (one on the body map), undoes one, opens statistics.

Runs at desktop width and at 390 px (a phone). Screenshots go to test-artifacts/.
"""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from tests.e2e.conftest import open_page, screenshot
from trainer.extensions import db
from trainer.models import ReviewLog, User


def _keyboard_login(page, base: str, email: str) -> None:
    page.goto(f"{base}/auth/login")
    page.focus("input[name=email]")
    page.keyboard.type(email)
    page.keyboard.press("Tab")
    page.keyboard.type("e2e password 1")
    page.keyboard.press("Enter")
    page.wait_for_url(f"{base}/")


def _card(page):
    return page.locator("#study-area .study-card")


def _wait_for_mode(page, *modes: str) -> str:
    selector = ", ".join(f"#study-area .study-card[data-mode={m}]" for m in modes)
    page.wait_for_selector(selector)
    return _card(page).get_attribute("data-mode")


def _answer_current_card_by_keyboard(page) -> str:
    """Answers whatever card is shown, with keys only; returns the card's type.

    Objective items end on their feedback; a flashcard's rating goes straight to the next card
    (two keys, as in Anki), so for those it waits for that card instead.
    """
    mode = _wait_for_mode(page, "front", "question")
    kind = _card(page).get_attribute("data-type")
    token = page.locator("#study-area input[name=token]").get_attribute("value")
    keys = page.keyboard
    if mode == "front":
        keys.press("Space")
        page.wait_for_selector("details.flashcard-back[open]")
        keys.press("3")
        page.wait_for_function(
            "t => { const card = document.querySelector('#study-area .study-card');"
            " const input = card && card.querySelector('input[name=token]');"
            " return card && card.dataset.mode !== 'front' || (input && input.value !== t); }",
            arg=token,
        )
        return kind
    elif kind == "true_false":
        keys.press("t")
    elif kind in ("single_choice", "body_map:identify_muscle"):
        keys.press("1")
    elif kind == "multiple_response":
        keys.press("1")
        keys.press("2")
        keys.press("Enter")
    elif kind == "matching":
        selects = page.locator("#study-area select")
        for index in range(selects.count()):
            selects.nth(index).focus() if index == 0 else keys.press("Tab")
            keys.press("ArrowDown")
        page.locator("#study-area [data-submit]").focus()
        keys.press("Enter")
    elif kind == "body_map:select_regions":
        # Focus lands on the first region; Tab walks the regions, Space selects.
        assert page.evaluate("document.activeElement.classList.contains('region')")
        keys.press("Space")
        keys.press("Tab")
        keys.press("Space")
        assert page.locator("#study-area .region.is-selected").count() == 2
        keys.press("Enter")
    _wait_for_mode(page, "feedback")
    return kind


def _reviews(live_app, email: str) -> int:
    with live_app.app_context():
        user_id = db.session.execute(select(User.id).where(User.email == email)).scalar_one()
        count = db.session.execute(
            select(func.count(ReviewLog.id)).where(ReviewLog.user_id == user_id)
        ).scalar_one()
        db.session.remove()
        return count


@pytest.mark.parametrize(("who", "width", "height"), [("desktop", 1280, 900), ("phone", 390, 844)])
def test_keyboard_study_journey(browser, live_server, live_app, who, width, height):
    context, page = open_page(browser, width, height)
    base, email = live_server.url, f"{who}@e2e.example"
    try:
        _keyboard_login(page, base, email)
        kinds = []
        screenshotted = False
        # Five from the default order, then five referral items (they start with body-map items).
        page.goto(f"{base}/study/")
        for n in range(10):
            if n == 5:
                page.goto(f"{base}/study/?topic=referral-patterns")
            kinds.append(_answer_current_card_by_keyboard(page))
            if kinds[-1] == "flashcard":
                continue  # already on the next card
            if n >= 6 and not screenshotted:
                screenshot(page, f"study-feedback-{who}")
                screenshotted = True
            page.keyboard.press("Space")  # next card
        assert "body_map:select_regions" in kinds
        assert len(set(kinds)) >= 3, kinds
        _wait_for_mode(page, "front", "question")
        assert _reviews(live_app, email) == 10

        # Undo the tenth answer: its card comes back and the log row is gone.
        page.keyboard.press("Control+z")
        page.wait_for_selector("#study-status:has-text('Undone')")
        assert _reviews(live_app, email) == 9
        screenshot(page, f"study-after-undo-{who}")

        page.goto(f"{base}/study/stats")
        assert page.get_by_role("heading", name="Forecast").is_visible()
        charts = page.locator(".chart svg[role=img]:visible")
        assert charts.count() >= 2 and charts.first.is_visible()
        assert "Reviews due in the next 30 days" in charts.first.get_attribute("aria-label")
        assert page.locator(".stats-today .fs-3").first.inner_text() == "9"
        # Nothing overflows the phone's width.
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 1, f"page is {overflow}px wider than the viewport"
        screenshot(page, f"study-stats-{who}")
        assert page.errors == [], page.errors
    finally:
        context.close()
