"""Hypothesis drives every route with hostile requests: never a 500, never a partial write.

Every rule of `app.url_map` is fuzzed (test_every_route_is_fuzzed fails for one without an entry
in targets.TARGETS), with every method it allows, as the identity that reaches its view. Each
example sends one request drawn from hostile.py: wrong JSON types and shapes, nesting, huge and
non-finite numbers, control characters, SQL and HTML fragments, over-long strings, in path
arguments, query strings, form fields and JSON bodies, mixed with real values (a fresh card
token, the latest log id) so the hostile part reaches the deeper checks. A refused request
(4xx) must leave every row of every table as it was.
"""

from __future__ import annotations

import pytest
from hypothesis import event, given
from hypothesis import strategies as st

from tests.fuzz.drawn import request_for, send
from tests.fuzz.targets import TARGETS
from tests.fuzz.world import snapshot


def _rules(app, endpoint: str):
    return [rule for rule in app.url_map.iter_rules() if rule.endpoint == endpoint]


def test_every_route_is_fuzzed(app):
    endpoints = {rule.endpoint for rule in app.url_map.iter_rules()}
    assert endpoints - TARGETS.keys() == set(), "add these endpoints to tests/fuzz/targets.py"
    assert TARGETS.keys() - endpoints == set(), "these fuzz targets are no longer routes"


@pytest.mark.parametrize("endpoint", sorted(TARGETS))
@given(data=st.data())
def test_hostile_requests_never_fail_or_half_write(app, db, world, endpoint, data):
    target = TARGETS[endpoint]
    rule = data.draw(st.sampled_from(_rules(app, endpoint)), label="rule")
    drawn = data.draw(request_for(rule, target), label="request")
    world.restore_passwords()
    # An auth example may log the shared client out or change its password: start afresh.
    client = world.client(target.who, fresh=endpoint.startswith("auth."))

    def resolve(value):
        return world.resolve(value, client)

    # Real values (a token fetched now may create a card row) are resolved before the snapshot.
    resolved = _Resolved(resolve)
    resolved.prepare(drawn)
    before = snapshot(db)
    response = send(client, rule, drawn, resolved)
    body = response.get_data(as_text=True)[:300]
    response.close()  # static files are streamed from an open file
    event(f"{drawn.method} {drawn.kind} -> {response.status_code}")
    assert response.status_code < 500, (response.status_code, body)
    if target.who != "anonymous" and not endpoint.startswith("auth."):
        # The example ran as the identity meant, not as a visitor bounced to the login page.
        assert "/auth/login" not in response.headers.get("Location", "")
    if response.status_code >= 400:
        assert snapshot(db) == before, f"a refused request ({response.status_code}) wrote"


class _Resolved:
    """Resolves each part of a drawn request once, ahead of the snapshot."""

    def __init__(self, resolve):
        self._resolve = resolve
        self._done: dict[int, object] = {}

    def prepare(self, drawn) -> None:
        for part in (drawn.path_values, drawn.query, drawn.body):
            self._done[id(part)] = self._resolve(part)

    def __call__(self, part):
        return self._done[id(part)] if id(part) in self._done else self._resolve(part)
