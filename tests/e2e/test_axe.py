"""axe-core finds nothing on the study states and the pages around them, at 1280 and 390 px
(issue 12). axe-playwright-python ships axe-core; it is evaluated in the page, nothing fetched."""

from __future__ import annotations

import pytest

from tests.e2e.conftest import login, open_page
from tests.e2e.test_study_answering import _new_learner
from tests.e2e.test_study_journey import _answer_current_card_by_keyboard, _card, _wait_for_mode

axe_sync = pytest.importorskip("axe_playwright_python.sync_playwright")

STUDY_TYPES = (
    "flashcard",
    "true_false",
    "single_choice",
    "multiple_response",
    "matching",
    "body_map:select_regions",
    "body_map:identify_muscle",
)


def _violations(page, where: str) -> list[str]:
    results = axe_sync.Axe().run(page)
    return [
        f"{where}: {v['id']} ({v['impact']}) {v['help']} -> "
        + "; ".join(n["target"][0] if n["target"] else "?" for n in v["nodes"][:3])
        for v in results.response["violations"]
    ]


def _answer_for_feedback(page, kind: str) -> None:
    keys = page.keyboard
    if kind == "true_false":
        keys.press("t")
    elif kind in ("single_choice", "body_map:identify_muscle"):
        keys.press("1")
    elif kind == "multiple_response":
        keys.press("1")
        keys.press("Enter")
    elif kind == "matching":
        page.locator("#study-area select").first.select_option(index=1)
        page.locator("#study-area [data-submit]").click()
    elif kind == "body_map:select_regions":
        page.locator("#study-area .region").first.focus()
        keys.press("Space")
        keys.press("Enter")
    _wait_for_mode(page, "feedback")


@pytest.mark.parametrize(("width", "height"), [(1280, 900), (390, 844)])
def test_study_states_have_no_axe_violations(browser, live_server, live_app, width, height):
    context, page = open_page(browser, width, height)
    base = live_server.url
    found: list[str] = []
    try:
        for path in ("/", "/auth/login", "/auth/register"):
            page.goto(f"{base}{path}")
            found += _violations(page, path)
        login(page, base, _new_learner(live_app, f"axe{width}"))
        found += _violations(page, "home, first time")
        page.goto(f"{base}/study/?topic=referral-patterns")
        missing = set(STUDY_TYPES)
        for _ in range(60):
            if not missing:
                break
            mode = _wait_for_mode(page, "front", "question")
            kind = _card(page).get_attribute("data-type")
            if kind in missing:
                missing.discard(kind)
                found += _violations(page, f"{kind} question")
                if kind == "flashcard":
                    page.keyboard.press("Space")
                    page.wait_for_selector("details.flashcard-back[open]")
                    found += _violations(page, "flashcard back")
                    token = page.locator("#study-area input[name=token]").get_attribute("value")
                    page.keyboard.press("3")
                    page.wait_for_function(
                        "t => document.querySelector('#study-area input[name=token]')?.value !== t",
                        arg=token,
                    )
                    continue
                _answer_for_feedback(page, kind)
                found += _violations(page, f"{kind} feedback")
                page.keyboard.press("Space")
                continue
            assert mode in ("front", "question")
            if _answer_current_card_by_keyboard(page) != "flashcard":
                page.keyboard.press("Space")
        assert not missing, f"not met in 60 cards: {missing}"
        for path in (
            "/study/stats",
            "/study/settings",
            "/study/?tag=no-such-tag",
            "/bank/muscles",
            "/bank/muscles/upper-trapezius",
            "/auth/profile",
        ):
            page.goto(f"{base}{path}")
            found += _violations(page, path)
        page.goto(f"{base}/study/settings")
        page.fill("#new_per_day", "")
        page.click("input[type=submit][value='Save settings']")
        page.locator("#error-summary").wait_for()
        found += _violations(page, "settings with errors")
        assert found == [], "\n".join(found)
    finally:
        context.close()


def test_the_axe_check_itself_finds_a_known_violation(browser):
    """The harness can fail: a page with an unlabelled image and a low-contrast text."""
    context, page = open_page(browser)
    try:
        page.set_content(
            '<html lang="en"><title>t</title><main><img src="data:,">'
            '<p style="color:#ffc107;background:#fff">Hard</p></main></html>'
        )
        ids = {line.split(": ")[1].split(" ")[0] for line in _violations(page, "sample")}
        assert {"image-alt", "color-contrast"} <= ids, ids
    finally:
        context.close()
