"""Text contrast of the controls issue 12 measured below WCAG AA (4.5:1), read from the page's
computed colours in Chromium; and the profile page's form landmarks have distinct names."""

from __future__ import annotations

from tests.e2e.conftest import login, open_page
from tests.e2e.test_study_answering import _new_learner, _study_until
from tests.e2e.test_study_journey import _wait_for_mode

# The contrast of an element's text against the first opaque background behind it.
CONTRAST_JS = """
el => {
  const rgb = s => s.match(/[\\d.]+/g).map(Number);
  const lum = ([r, g, b]) => [r, g, b].map(v => v / 255)
    .map(c => c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4)
    .reduce((sum, c, i) => sum + c * [0.2126, 0.7152, 0.0722][i], 0);
  let node = el, bg = null;
  while (node && node.nodeType === 1) {
    const c = rgb(getComputedStyle(node).backgroundColor);
    if (c.length < 4 || c[3] > 0) { bg = c; break; }
    node = node.parentElement;
  }
  bg = bg || [255, 255, 255];
  const a = lum(rgb(getComputedStyle(el).color)), b = lum(bg);
  return (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
}
"""


def test_landing_page_create_an_account_reaches_aa(browser, live_server):
    context, page = open_page(browser)
    try:
        page.goto(f"{live_server.url}/")
        link = page.get_by_role("link", name="Create an account")
        assert link.evaluate(CONTRAST_JS) >= 4.5
    finally:
        context.close()


def test_hard_button_reaches_aa_on_the_card_and_the_feedback(browser, live_server, live_app):
    context, page = open_page(browser)
    try:
        login(page, live_server.url, _new_learner(live_app, "contrast1"))
        _study_until(page, live_server.url, "single_choice")
        page.keyboard.press("1")
        _wait_for_mode(page, "feedback")
        hard = page.locator("#study-area [data-rating='2']")
        assert hard.evaluate(CONTRAST_JS) >= 4.5
        page.mouse.move(0, 0)
        _study_until(page, live_server.url, "flashcard")
        page.keyboard.press("Space")
        hard = page.locator("#study-area [data-rating='2']")
        assert hard.evaluate(CONTRAST_JS) >= 4.5
    finally:
        context.close()


def test_profile_forms_are_landmarks_with_distinct_names(browser, live_server, live_app):
    context, page = open_page(browser)
    try:
        login(page, live_server.url, _new_learner(live_app, "contrast2"))
        page.goto(f"{live_server.url}/auth/profile")
        names = [
            form.evaluate(
                "f => document.getElementById(f.getAttribute('aria-labelledby') || '')"
                "?.textContent.trim() || ''"
            )
            for form in page.locator("main form[role=form]").all()
        ]
        assert len(names) == 2 and all(names) and len(set(names)) == 2, names
    finally:
        context.close()
