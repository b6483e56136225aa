"""Statistics at 390 px (issue 12): every chart label is drawn at 11 px or more, nothing is
clipped, and the forecast starts at "Today"."""

from __future__ import annotations

import pytest

from tests.e2e.conftest import login, open_page
from tests.e2e.test_study_answering import _new_learner

# Rendered size of each visible chart text: its font size times the SVG's scale on screen.
LABEL_SIZES_JS = """
() => [...document.querySelectorAll('.chart svg')].filter(svg => svg.getClientRects().length)
  .flatMap(svg => {
    const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
    return [...svg.querySelectorAll('text')].map(t => ({
      text: t.textContent, px: parseFloat(t.getAttribute('font-size')) * scale,
      right: t.getBoundingClientRect().right, svgRight: svg.getBoundingClientRect().right + 1,
    }));
  })
"""


@pytest.mark.parametrize("width", [390, 1280])
def test_chart_labels_are_readable(browser, live_server, live_app, width):
    context, page = open_page(browser, width, 844)
    try:
        login(page, live_server.url, _new_learner(live_app, f"stats{width}"))
        page.goto(f"{live_server.url}/study/stats")
        labels = page.evaluate(LABEL_SIZES_JS)
        assert labels, "no visible chart text"
        small = [(label["text"], round(label["px"], 1)) for label in labels if label["px"] < 11]
        assert small == [], small
        clipped = [label["text"] for label in labels if label["right"] > label["svgRight"]]
        assert clipped == [], clipped
        x_labels = page.locator(".chart svg:visible .chart-x-label")
        assert x_labels.first.text_content() == "Today"
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 1
    finally:
        context.close()
