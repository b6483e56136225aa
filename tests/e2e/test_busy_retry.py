"""A 503 (database busy) on an answer: study.js says so, retries once with the same token, and
the answer counts once (issue 7, defect 5)."""

from __future__ import annotations

import json

from tests.e2e.conftest import open_page
from tests.e2e.test_study_journey import (
    _answer_current_card_by_keyboard,
    _keyboard_login,
    _reviews,
    _wait_for_mode,
)


def test_a_busy_answer_is_retried_once_with_the_same_token(browser, live_server, live_app):
    context, page = open_page(browser)
    base, email = live_server.url, "busy@e2e.example"
    bodies: list[dict] = []

    def busy_once(route):
        bodies.append(json.loads(route.request.post_data or "{}"))
        if len(bodies) == 1:
            route.fulfill(
                status=503,
                headers={"Retry-After": "1", "Content-Type": "application/json"},
                body=json.dumps({"error": "Service Unavailable", "message": "busy"}),
            )
        else:
            route.continue_()

    try:
        _keyboard_login(page, base, email)
        page.goto(f"{base}/study/")
        _wait_for_mode(page, "front", "question")
        page.route("**/study/answer", busy_once)
        _answer_current_card_by_keyboard(page)  # waits for the feedback of the retried answer
        assert len(bodies) == 2
        assert bodies[0]["token"] == bodies[1]["token"]
        assert _reviews(live_app, email) == 1
    finally:
        context.close()
