"""Custom sessions (issue 12): a muscle's items from its page, an unknown tag or topic says that
nothing matched and offers the tags there are, a rating change stays in the session."""

from __future__ import annotations

import re

import pytest

from tests.factories import make_bank
from tests.integration.test_study_empty import _token
from trainer.domain import grading

JSON = {"Accept": "application/json"}


@pytest.fixture
def bank(db):
    return make_bank(db, per_topic=12)


def _external_id(html: str) -> str:
    return re.search(r"\b((?:act|phy|ltr|ref|saf|trt|ast)-\d{3})\b", html).group(1)


def test_a_muscle_session_shows_only_that_muscles_items(learner_client, bank):
    muscle = next(i.muscle for i in bank.items if i.muscle)
    wanted = {i.id for i in bank.items if i.muscle == muscle}
    seen = set()
    for _ in range(len(wanted) + 2):
        card = learner_client.get(f"/study/card?muscle={muscle}", headers=JSON).json
        if card["done"]:
            break
        item = bank.item(_external_id(card["html"]))
        assert item.muscle == muscle
        seen.add(item.id)
        right = grading.correct_response(item.to_content())
        reply = learner_client.post(
            "/study/answer",
            json={"token": _token(card["html"]), "response": right, "muscle": muscle},
            headers=JSON,
        )
        assert reply.status_code == 200
        if not reply.json["self_rated"]:
            assert f"muscle={muscle}" in reply.json["html"]  # Next stays in the session
    assert seen == wanted


def test_the_muscle_page_links_to_its_session(learner_client, bank):
    muscle = next(i.muscle for i in bank.items if i.muscle)
    page = learner_client.get(f"/bank/muscles/{muscle}").get_data(as_text=True)
    assert f'href="/study/?muscle={muscle}">Study these items</a>' in page


@pytest.mark.parametrize("query", ["tag=no-such-tag", "topic=no-such-topic", "muscle=nobody"])
def test_an_unknown_session_says_nothing_matched_and_offers_tags(learner_client, bank, query):
    page = learner_client.get(f"/study/?{query}").get_data(as_text=True)
    assert "Nothing matched this session" in page and "All done" not in page
    tags = {t for i in bank.items for t in i.tags}
    headache = sum(1 for i in bank.items if "headache" in i.tags)
    assert len(tags) > 1
    assert re.search(
        rf'href="/study/\?tag=headache">headache <span class="badge[^"]*">{headache}</span>', page
    )
    # The session picker offers the same tags with counts instead of a free-text box.
    assert f'<option value="headache" >headache ({headache} items)</option>' in page
    assert re.search(r'<select[^>]*id="session-tag"', page)


def test_a_known_but_finished_session_still_says_all_done(learner_client, bank, db):
    from tests.integration.test_study_empty import study_only

    item = study_only(db, bank, "single_choice")
    tag = item.tags[0] if item.tags else None
    query = f"tag={tag}" if tag else f"topic={item.topic}"
    card = learner_client.get(f"/study/card?{query}", headers=JSON).json
    right = grading.correct_response(item.to_content())
    easy = {"token": _token(card["html"]), "response": right, "too_easy": True, "duration_ms": 900}
    assert learner_client.post("/study/answer", json=easy, headers=JSON).json["rating"] == 4
    # Easy on a new card sends it days ahead: the session is finished, not empty.
    done = learner_client.get(f"/study/card?{query}", headers=JSON).json
    assert done["done"] and "All done for now" in done["html"]


def test_a_rating_change_in_a_tag_session_keeps_the_tag_and_its_counts(learner_client, bank):
    card = learner_client.get("/study/card?tag=headache&counts=1", headers=JSON).json
    item = bank.item(_external_id(card["html"]))
    answered = learner_client.post(
        "/study/answer",
        json={
            "token": _token(card["html"]),
            "response": grading.correct_response(item.to_content()),
            "tag": "headache",
        },
        headers=JSON,
    ).json
    changed = learner_client.post(
        "/study/rating",
        json={"log_id": answered["log_id"], "rating": 1, "tag": "headache"},
        headers=JSON,
    ).json
    assert "tag=headache" in changed["html"]
    everything = learner_client.get("/study/card?counts=1", headers=JSON).json["counts"]
    assert changed["counts"] != everything  # the session's, not the global counts
    assert sum(changed["counts"].values()) <= sum(1 for i in bank.items if "headache" in i.tags)
