"""Odd input to the authoring pages is never a server error, and never loses what was typed."""

from __future__ import annotations

import pytest

from tests.integration.authoring.conftest import flashcard_form


@pytest.mark.parametrize(
    ("method", "path", "data"),
    [
        ("get", "/author/?q=%22%20OR%20*&page=99999999999999999999&difficulty=x", None),
        ("get", "/author/?max_correct=nan&min_answers=1e400&sort=__class__", None),
        ("get", "/author/items.csv?q=%00", None),
        ("get", "/author/items/new?type=../../etc", None),
        ("post", "/author/items/new", {"type": "nonsense"}),
        ("post", "/author/items/new", {"type": "flashcard", "difficulty": "abc", "topic": "x"}),
        ("post", "/author/items/new", {"type": "single_choice", "choices-99999-text": "far"}),
        ("post", "/author/items/new", {"type": "matching", "action": "remove:pairs:99"}),
        ("post", "/author/items/new", {"type": "body_map:select_regions", "regions": ["<b>"]}),
        ("post", "/author/items/new", {"type": "flashcard", "action": "up:nothing:x"}),
        ("get", "/author/items/99999999999999999999999", None),
        ("get", "/author/items/1/diff?a=99999999999999999999&b=-1", None),
        ("post", "/author/bulk", {"ids": ["x", "99999999999999999999"], "action": "retire"}),
        ("post", "/author/bulk", {"ids": ["1"], "action": "drop_table"}),
        ("post", "/author/policy", {"owner": "nowhere"}),
    ],
)
def test_odd_input_is_never_a_500(bank, admin_client, method, path, data):
    response = getattr(admin_client, method)(path, data=data) if data else admin_client.get(path)
    assert response.status_code < 500, (path, response.status_code)


def test_a_bad_number_is_reported_beside_its_field_and_the_rest_is_kept(bank, instructor_client):
    response = instructor_client.post(
        "/author/items/new", data=flashcard_form(difficulty="seven", prompt="Kept prompt?")
    )
    assert response.status_code == 422
    assert b'data-error-for="difficulty"' in response.data
    assert b"Kept prompt?" in response.data
