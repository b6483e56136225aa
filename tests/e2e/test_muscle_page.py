"""A muscle page in a real browser shows its referral zone highlighted on the body map."""

from __future__ import annotations

from tests.e2e.conftest import login, screenshot
from trainer import bank as bankfmt


def test_muscle_page_shows_highlighted_zone(page, live_server):
    zone = bankfmt.load_bank("question_bank").muscle("gluteus-minimus").referral_zone
    login(page, live_server.url, "learner@e2e.example")
    page.goto(f"{live_server.url}/bank/muscles/gluteus-minimus")

    highlighted = page.locator("figure .region.is-highlighted")
    assert highlighted.count() == len(zone)
    assert {highlighted.nth(i).get_attribute("data-region") for i in range(len(zone))} == zone
    # The highlight is really painted: the computed fill is the highlight colour, not the default.
    fill = highlighted.first.evaluate("el => getComputedStyle(el).fill")
    assert fill == "rgb(220, 53, 69)"
    plain = page.locator("figure .region:not(.is-highlighted)").first
    assert plain.evaluate("el => getComputedStyle(el).fill") != fill
    assert page.get_by_role("img", name="Referral zone of Gluteus minimus").is_visible()
    path = screenshot(page, "muscle-gluteus-minimus")
    assert path.stat().st_size > 10_000


def test_muscle_list_filter(page, live_server):
    login(page, live_server.url, "learner@e2e.example")
    page.goto(f"{live_server.url}/bank/muscles")
    page.fill("#muscle-filter", "heel")
    visible = page.locator("#muscle-list a:visible")
    names = visible.all_inner_texts()
    assert any("Soleus" in n for n in names)
    assert not any("Temporalis" in n for n in names)
