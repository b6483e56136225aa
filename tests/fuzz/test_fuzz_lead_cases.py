"""Hostile inputs the input guard (trainer/security.py: iterative, depth-limited) and the login
view (`next` refuses control characters) must turn away without a 500."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from tests.factories import Factory
from tests.fuzz import hostile
from tests.fuzz.world import snapshot


@given(
    depth=st.integers(min_value=900, max_value=50_000),
    path=st.sampled_from(
        ["/", "/study/answer", "/api/v1/study/answers", "/auth/login", "/study/settings"]
    ),
)
def test_deeply_nested_json_is_a_400_anywhere(world, db, depth, path):
    client = world.client("learner")
    before = snapshot(db)
    response = client.post(path, data=hostile.nested(depth), content_type="application/json")
    assert response.status_code == 400
    assert snapshot(db) == before


@given(
    prefix=st.sampled_from(["/", "/study/", "//", ""]),
    control=st.sampled_from(["\r", "\n", "\r\n", "\x0b", "\x1b"]),
    rest=st.text(st.characters(codec="ascii"), max_size=20),
)
def test_control_characters_in_next_never_break_the_login_redirect(world, prefix, control, rest):
    client = world.client("anonymous")
    response = client.post(
        "/auth/login",
        query_string={"next": f"{prefix}{control}{rest}"},
        data={"email": world.emails["learner"], "password": Factory.PASSWORD},
    )
    if "\x00" in rest:  # the input guard refuses NUL before the view
        assert response.status_code == 400
        return
    assert response.status_code == 302
    assert "\r" not in response.headers["Location"] and "\n" not in response.headers["Location"]
