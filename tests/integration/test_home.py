"""The logged-in home page: what is due, today's answers, topics, clinics."""

from __future__ import annotations

import re

import pytest

from tests.factories import make_bank
from trainer.domain import grading
from trainer.services.learning.study_settings import saved_settings


@pytest.fixture
def bank(db):
    return make_bank(db)


def _today(page: str) -> dict[str, int]:
    return {
        label: int(number)
        for number, label in re.findall(r'fs-2[^"]*">(\d+)</div><div class="small">(\w+)<', page)
    }


def test_home_shows_what_is_due_and_a_study_button(learner_client, bank):
    page = learner_client.get("/").get_data(as_text=True)
    assert _today(page) == {"due": 0, "learning": 0, "new": 20}
    assert "Study now (20)" in page
    assert "0 answers today" in page
    # Every topic is listed with its progress and a link to study only that topic.
    for topic in bank.topics:
        assert f"/study/?topic={topic.id}" in page


def test_home_counts_update_after_an_answer(learner_client, bank):
    card = learner_client.get("/api/v1/study/next").json["card"]
    content = bank.item(card["item"]).to_content()
    answer = {"token": card["token"], "response": grading.correct_response(content)}
    assert learner_client.post("/api/v1/study/answers", json=answer).status_code == 201

    page = learner_client.get("/").get_data(as_text=True)
    assert _today(page) == {"due": 0, "learning": 1, "new": 19}
    assert "1 answer today" in page


def test_home_says_when_everything_is_done(learner_client, bank, db, learner):
    saved_settings(learner.id).new_per_day = 0
    db.session.commit()
    page = learner_client.get("/").get_data(as_text=True)
    assert "Study now" not in page
    assert "All done for now" in page


def test_home_links_the_users_clinics_only(staff_client, clinic_a, clinic_b):
    page = staff_client.get("/").get_data(as_text=True)
    assert f"/clinics/{clinic_a.slug}/" in page and clinic_a.name in page
    assert f"/clinics/{clinic_b.slug}/" not in page and clinic_b.name not in page
