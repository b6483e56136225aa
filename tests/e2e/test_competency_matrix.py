"""A clinic manager adds the recommended competencies and reads the matrix, on a desktop and
at phone width, and its CSV says the same."""

from __future__ import annotations

import csv
import io

from tests.e2e.conftest import login, open_page, screenshot


def test_manager_adds_defaults_and_sees_the_matrix(browser, live_server):
    context, page = open_page(browser)
    try:
        login(page, live_server.url, "manager@e2e.example")
        page.goto(f"{live_server.url}/clinics/e2e/competencies")
        page.get_by_role("button", name="Add the recommended competencies").click()
        assert page.get_by_role("cell", name="Dry-needling safety", exact=True).is_visible()
        page.get_by_role("link", name="Matrix").click()
        table = page.locator("table.matrix")
        headers = table.locator("thead th").all_inner_texts()
        assert headers[1:] == ["Dry-needling safety", "Referral patterns"]
        row = table.locator("tbody tr", has_text="Eve Learner")
        cells = [text.replace("\xa0", " ").strip() for text in row.locator("td").all_inner_texts()]
        assert cells[0] == "◔ in progress 0%"  # icon and words, not colour alone
        # the header stays in view: it is sticky
        assert (
            table.locator("thead th").first.evaluate("el => getComputedStyle(el).position")
            == "sticky"
        )
        screenshot(page, "competency-matrix")
        download = page.request.get(f"{live_server.url}/clinics/e2e/matrix.csv")
        rows = list(csv.reader(io.StringIO(download.text())))
        by_name = {r[0]: r[3:] for r in rows[1:]}
        assert by_name["Eve Learner"] == [c.split(" ", 1)[1] for c in cells]
        assert page.errors == []
    finally:
        context.close()

    phone, small = open_page(browser, width=390, height=800)
    try:
        login(small, live_server.url, "manager@e2e.example")
        small.goto(f"{live_server.url}/clinics/e2e/matrix")
        assert not small.locator("table.matrix").is_visible()
        card = small.locator(".matrix-people section", has_text="Eve Learner")
        assert card.is_visible() and "Dry-needling safety: ◔ in progress 0%" in card.inner_text()
        width = small.evaluate("document.documentElement.scrollWidth")
        assert width <= 390  # nothing forces sideways scrolling
        card.get_by_role("link", name="Eve Learner").click()
        assert small.get_by_role("heading", name="Dry-needling safety").is_visible()
        screenshot(small, "competency-person-phone")
    finally:
        phone.close()
