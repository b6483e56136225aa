"""JSON strings that no form or URL can carry: lone surrogates, into every JSON endpoint.

A lone surrogate cannot be encoded as UTF-8, so anything that encodes it (a signature check, the
PostgreSQL driver) raises; it must be refused as the client's error, not stored or crash.
"""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.fuzz import hostile
from tests.fuzz.targets import PLAUSIBLE, RESPONSE_KEYS, TARGETS
from tests.fuzz.world import snapshot

JSON_ENDPOINTS = sorted(name for name, target in TARGETS.items() if target.json)


def _post(world, db, endpoint: str, body: dict):
    """Post the body (a None token replaced by a fresh real one); the response and whether the
    database is as it was just before."""
    client = world.client(TARGETS[endpoint].who)
    rule = next(r for r in world.app.url_map.iter_rules() if r.endpoint == endpoint)
    if "token" in body and body["token"] is None:
        body["token"] = world.resolve(TARGETS[endpoint].valid["token"], client)
    before = snapshot(db)
    response = client.post(rule.rule, data=hostile.dumps(body), content_type="application/json")
    return response, snapshot(db) == before


def _bodies(endpoint: str, *, in_token: bool):
    names = [n for n in TARGETS[endpoint].json if n != "token"]
    value = st.one_of(
        hostile.surrogate_text,
        st.lists(hostile.surrogate_text, min_size=1, max_size=3),
        st.dictionaries(st.sampled_from(RESPONSE_KEYS), hostile.surrogate_text, min_size=1),
    )
    fields = st.dictionaries(st.sampled_from(names), value, min_size=1)
    extra = {"rating": st.sampled_from(PLAUSIBLE["rating"])} if "rating" in names else {}
    token = hostile.surrogate_text if in_token else st.none()
    if "token" not in TARGETS[endpoint].json:
        return fields
    return st.builds(
        lambda f, t, e: {**e, **f, "token": t}, fields, token, st.fixed_dictionaries(extra)
    )


@pytest.mark.parametrize("endpoint", JSON_ENDPOINTS)
@given(data=st.data())
def test_lone_surrogates_in_json_fields_are_refused_cleanly(world, db, endpoint, data):
    body = data.draw(_bodies(endpoint, in_token=False))
    response, unchanged = _post(world, db, endpoint, body)
    assert response.status_code < 500, response.get_data(as_text=True)[:300]
    assert response.status_code < 400 or unchanged


@pytest.mark.parametrize("endpoint", ["study.answer", "api.answer"])
@given(data=st.data())
def test_lone_surrogates_in_the_token_are_refused_cleanly(world, db, endpoint, data):
    body = data.draw(_bodies(endpoint, in_token=True))
    response, unchanged = _post(world, db, endpoint, body)
    assert response.status_code == 400, response.get_data(as_text=True)[:300]
    assert unchanged
