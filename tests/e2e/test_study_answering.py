"""Answering in the browser (issue 12): empty answers refused, focus on Next after answering,
Sources opens with Enter and Space, flashcards in two keys with undo naming the card."""

from __future__ import annotations

import itertools

import pytest

from tests.e2e.conftest import open_page
from tests.e2e.test_study_journey import (
    _answer_current_card_by_keyboard,
    _card,
    _keyboard_login,
    _reviews,
    _wait_for_mode,
)
from trainer.extensions import db
from trainer.services import accounts
from trainer.services.learning.study_settings import saved_settings


def _new_learner(live_app, name: str) -> str:
    """A learner of their own with room for many new items today."""
    email = f"{name}@e2e.example"
    with live_app.app_context():
        user = accounts.create_user(email, name.title(), "e2e password 1")
        db.session.flush()
        saved_settings(user.id).new_per_day = 200
        db.session.commit()
        db.session.remove()
    return email


def _study_until(page, base: str, wanted: str, limit: int = 40, *, answer_one: bool = False):
    """Answer cards of the referral topic until one of type `wanted` is shown (after at least
    one answer with `answer_one`, so there is something to undo)."""
    page.goto(f"{base}/study/?topic=referral-patterns")
    if answer_one and _answer_current_card_by_keyboard(page) != "flashcard":
        page.keyboard.press("Space")
    for _ in range(limit):
        _wait_for_mode(page, "front", "question")
        if _card(page).get_attribute("data-type") == wanted:
            return
        if _answer_current_card_by_keyboard(page) != "flashcard":
            page.keyboard.press("Space")
    pytest.fail(f"no {wanted} card in the first {limit}")


_numbers = itertools.count(1)


@pytest.fixture
def learner_page(browser, live_server, live_app):
    context, page = open_page(browser)
    email = _new_learner(live_app, f"answering{next(_numbers)}")
    _keyboard_login(page, live_server.url, email)
    yield page, email
    assert page.errors == [], page.errors
    context.close()


@pytest.mark.parametrize(
    ("kind", "message"),
    [
        ("body_map:select_regions", "Choose at least one region."),
        ("multiple_response", "Choose at least one answer."),
        ("matching", "Choose at least one match."),
    ],
)
def test_an_empty_answer_is_refused_and_not_recorded(
    learner_page, live_server, live_app, kind, message
):
    page, email = learner_page
    _study_until(page, live_server.url, kind)
    before = _reviews(live_app, email)
    page.locator("#study-area [data-submit]").click()
    error = page.locator("#study-area [data-answer-error]")
    error.wait_for(state="visible")
    assert error.inner_text() == message
    assert _card(page).get_attribute("data-mode") == "question"  # the same card stays
    assert _reviews(live_app, email) == before
    # Focus went back to the answers, so the learner can choose at once.
    assert page.evaluate("document.activeElement.matches('input[name=choices], select, .region')")


def test_focus_lands_on_next_and_sources_opens_with_enter_and_space(learner_page, live_server):
    page, _email = learner_page
    _study_until(page, live_server.url, "single_choice")
    page.keyboard.press("1")
    _wait_for_mode(page, "feedback")
    assert page.evaluate("document.activeElement.dataset.action") == "next"
    sources = page.locator("#study-area details.study-sources")
    page.locator("#study-area details.study-sources summary").focus()
    page.keyboard.press("Enter")
    assert sources.evaluate("d => d.open") is True
    assert _card(page).get_attribute("data-mode") == "feedback"  # Enter did not load the next card
    page.keyboard.press("Space")
    assert sources.evaluate("d => d.open") is False
    assert _card(page).get_attribute("data-mode") == "feedback"
    page.locator("#study-area [data-action=next]").focus()
    page.keyboard.press("Space")
    _wait_for_mode(page, "front", "question")


def test_a_flashcard_takes_two_keys_and_undo_names_it(learner_page, live_server, live_app):
    page, email = learner_page
    _study_until(page, live_server.url, "flashcard")
    prompt = page.locator("#study-area .study-prompt").inner_text().strip()
    token = page.locator("#study-area input[name=token]").get_attribute("value")
    page.keyboard.press("Space")
    page.keyboard.press("3")
    page.wait_for_function(
        "t => document.querySelector('#study-area input[name=token]')?.value !== t", arg=token
    )
    assert _card(page).get_attribute("data-mode") != "feedback"
    assert _reviews(live_app, email) >= 1
    page.keyboard.press("u")
    page.wait_for_selector("#study-status:has-text('Undone')")
    status = page.locator("#study-status").inner_text()
    assert f"Undone: Referral patterns: {prompt.split()[0]}" in status, status
    assert "ref-" not in status  # not the internal id
    assert page.locator("#study-area .study-prompt").inner_text().strip() == prompt
    assert page.locator("#study-area .badge").first.inner_text() == "new"


def test_matching_at_390_px_has_full_width_selects_and_enter_checks(browser, live_server, live_app):
    context, page = open_page(browser, 390, 844)
    try:
        _keyboard_login(page, live_server.url, _new_learner(live_app, "matching390"))
        _study_until(page, live_server.url, "matching", answer_one=True)
        # Arriving, focus is not in a select (which would take U for itself): U undoes the
        # answer before this card.
        assert not page.evaluate("document.activeElement.matches('select')")
        page.keyboard.press("u")
        page.wait_for_selector("#study-status:has-text('Undone')")
        _study_until(page, live_server.url, "matching")
        selects = page.locator("#study-area select")
        body = page.locator("#study-area .card-body").bounding_box()
        for index in range(selects.count()):
            box = selects.nth(index).bounding_box()
            assert box["width"] >= body["width"] - 40, (
                box,
                body,
            )  # the card's width, padding aside
        longest = max(page.locator("#study-area select option").all_inner_texts(), key=len)
        selects.first.select_option(label=longest)
        echo = page.locator("#study-area [data-chosen-for]").first
        assert echo.inner_text() == longest  # shown in full, wrapped, under the select
        assert echo.evaluate("e => e.scrollWidth <= e.clientWidth")
        selects.first.focus()
        page.keyboard.press("Enter")
        _wait_for_mode(page, "feedback")
        assert page.errors == [], page.errors
    finally:
        context.close()


def test_identify_muscle_choices_are_in_view_beside_the_figure(browser, live_server, live_app):
    context, page = open_page(browser, 1280, 800)
    try:
        _keyboard_login(page, live_server.url, _new_learner(live_app, "identify1280"))
        _study_until(page, live_server.url, "body_map:identify_muscle")
        page.evaluate("window.scrollTo(0, 0)")
        first = page.locator("#study-area [data-key='1']").bounding_box()
        figure = page.locator("#study-area .study-map").bounding_box()
        assert first["y"] + first["height"] <= 800, first  # no scrolling to the first choice
        assert figure["x"] >= first["x"] + first["width"] - 1  # the figure beside, not above
    finally:
        context.close()
