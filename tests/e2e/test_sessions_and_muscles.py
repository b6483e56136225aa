"""In the browser (issue 12): a muscle filter with no match says so; a rating changed inside a
tag session keeps the tag on Next and shows the session's counts; a muscle page starts its
session."""

from __future__ import annotations

from tests.e2e.conftest import login, open_page
from tests.e2e.test_study_answering import _new_learner
from tests.e2e.test_study_journey import _answer_current_card_by_keyboard, _card, _wait_for_mode


def test_a_filter_with_no_match_says_so_and_can_be_cleared(page, live_server):
    login(page, live_server.url, "learner@e2e.example")
    page.goto(f"{live_server.url}/bank/muscles")
    page.fill("#muscle-filter", "elbowz")
    empty = page.locator("#muscle-filter-empty")
    empty.wait_for(state="visible")
    assert "elbowz" in empty.inner_text()
    assert page.locator("#muscle-list a:visible").count() == 0
    page.get_by_role("button", name="clear the filter").click()
    assert empty.is_hidden()
    assert page.locator("#muscle-list a:visible").count() > 10
    assert page.evaluate("document.activeElement.id") == "muscle-filter"


def test_rating_change_in_a_tag_session_stays_in_it(browser, live_server, live_app):
    context, page = open_page(browser)
    try:
        login(page, live_server.url, _new_learner(live_app, "sessions1"))
        page.goto(f"{live_server.url}/study/?tag=headache")
        for _ in range(15):  # to the first single-choice item of the session
            _wait_for_mode(page, "front", "question")
            if _card(page).get_attribute("data-type") == "single_choice":
                break
            if _answer_current_card_by_keyboard(page) != "flashcard":
                page.keyboard.press("Space")
        page.keyboard.press("1")
        _wait_for_mode(page, "feedback")
        before = page.locator(".study-counts").inner_text()
        page.keyboard.press("4")
        page.wait_for_selector("#study-status:has-text('Rating changed to Easy')")
        assert "tag=headache" in page.locator("#study-area [data-action=next]").get_attribute(
            "href"
        )
        assert page.locator(".study-counts").inner_text() != "" and before
        page.goto(f"{live_server.url}/study/")
        everything = page.locator(".study-counts").inner_text()
        assert everything != before  # the session counted only its own items
    finally:
        context.close()


def test_a_muscle_page_starts_its_session(browser, live_server, live_app):
    context, page = open_page(browser)
    try:
        login(page, live_server.url, _new_learner(live_app, "sessions2"))
        page.goto(f"{live_server.url}/bank/muscles/upper-trapezius")
        page.get_by_role("link", name="Study these items").click()
        page.wait_for_url("**/study/?muscle=upper-trapezius")
        _wait_for_mode(page, "front", "question")
        assert "upper-trapezius" in page.locator("h1").inner_text()
    finally:
        context.close()
