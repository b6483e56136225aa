"""Feedback after an answer: the order the learner saw, missed answers told apart from chosen
ones in words, body-map results as a text list, Sources as a disclosure (issue 12)."""

from __future__ import annotations

import html as htmllib
import re

import pytest

from tests.factories import make_bank
from tests.integration.test_study_empty import _token, study_only
from trainer.domain import grading

JSON = {"Accept": "application/json"}


@pytest.fixture
def bank(db):
    return make_bank(db, per_topic=12)


def _answer(client, token, response):
    reply = client.post("/study/answer", json={"token": token, "response": response}, headers=JSON)
    assert reply.status_code == 200, reply.json
    return reply.json["html"]


def test_choices_keep_the_order_shown_and_missed_reads_differently(learner_client, bank, db):
    item = study_only(db, bank, "multiple_response")
    content = item.to_content()
    card = learner_client.get("/study/card", headers=JSON).json["html"]
    shown = [int(v) for v in re.findall(r'name="choices" value="(\d+)"', card)]
    assert shown != sorted(shown), "this item's shuffle should not be the file order"
    correct = sorted(grading.correct_response(content)["choices"])
    feedback = _answer(learner_client, _token(card), {"choices": correct[:1]})
    rows = re.findall(
        r'<li class="list-group-item result-(\w+)[^"]*"\s+data-state="\w+">(.*?)</li>',
        feedback,
        re.S,
    )
    texts = [htmllib.unescape(re.sub(r"<[^>]+>", " ", body)) for _state, body in rows]
    for position, index in enumerate(shown):
        assert content["choices"][index]["text"] in texts[position]
        assert f"{position + 1}" in texts[position]  # the key it had on the question
    states = [state for state, _body in rows]
    assert states.count("right") == 1
    assert states.count("missed") == len(correct) - 1 >= 1
    missed = texts[states.index("missed")]
    assert "missed" in missed and "your answer" not in missed  # in words, not colour only


def test_body_map_feedback_lists_right_missed_and_wrong_regions(learner_client, bank, db):
    item = study_only(db, bank, "body_map:select_regions")
    regions = list(item.to_content()["regions"])
    assert len(regions) >= 2
    wrong = next(r for r in ("big-toe", "scalp-top", "sole", "lateral-foot") if r not in regions)
    card = learner_client.get("/study/card", headers=JSON).json["html"]
    feedback = _answer(learner_client, _token(card), {"regions": [regions[0], wrong]})
    lists = dict(re.findall(r"<dt>([^<]+)</dt><dd>([^<]*)</dd>", feedback))
    assert set(lists) == {"Right", "Missed", "Not in this zone"}
    assert bank.regions[regions[0]] in htmllib.unescape(lists["Right"])
    assert bank.regions[wrong] in htmllib.unescape(lists["Not in this zone"])
    label = htmllib.unescape(re.search(r'role="img" aria-label="([^"]+)"', feedback).group(1))
    assert label.startswith("Your answer on the body map. Right: ")
    assert "Not in this zone: " in label


def test_sources_is_a_disclosure_and_hard_is_readable(learner_client, bank, db):
    item = study_only(db, bank, "single_choice")
    card = learner_client.get("/study/card", headers=JSON).json["html"]
    feedback = _answer(learner_client, _token(card), grading.correct_response(item.to_content()))
    assert re.search(r"<details[^>]*><summary>Sources</summary>", feedback)
    assert 'data-action="next"' in feedback
    assert "btn-outline-warning" not in feedback and "btn-outline-hard" in feedback
