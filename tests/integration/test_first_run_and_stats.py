"""First run and statistics wording (issue 12): a short start for a new user instead of
"Welcome back"; the forecast starts at "Today"; a topic not begun is "not started"."""

from __future__ import annotations

import re

import pytest

from tests.factories import make_bank
from tests.integration.test_study_pages import studied  # noqa: F401 - fixture


@pytest.fixture
def bank(db):
    return make_bank(db)


def test_a_new_user_gets_a_short_skippable_start(learner_client, bank):
    page = learner_client.get("/").get_data(as_text=True)
    assert "Welcome back" not in page and "Getting started" in page
    assert 'href="#today-heading">Skip the introduction</a>' in page
    assert 'id="today-heading"' in page  # the skip link lands somewhere
    assert "<kbd>Space</kbd>" in page and 'href="/study/settings"' in page


def test_a_returning_user_is_welcomed_back_without_the_start(learner_client, studied):  # noqa: F811
    page = learner_client.get("/").get_data(as_text=True)
    assert "Welcome back" in page and "Getting started" not in page


def test_forecast_starts_today_and_comes_in_a_phone_drawing(learner_client, studied):  # noqa: F811
    page = learner_client.get("/study/stats").get_data(as_text=True)
    labels = re.findall(r'class="chart-label chart-x-label"[^>]*>([^<]+)<', page)
    assert labels[0] == "Today"
    assert page.count('class="chart chart-phone"') == 2
    phone = page[page.index('class="chart chart-phone"') :]
    assert re.search(r'viewBox="0 0 400 260"', phone)


def test_a_topic_not_started_says_so(learner_client, studied):  # noqa: F811
    page = learner_client.get("/study/stats").get_data(as_text=True)
    assert "not started" in page
    assert "0/" not in re.sub(r"<[^>]+>", "", page).split("Mastery by topic")[1].split("Leeches")[0]
    assert "recall 0.0%" not in page
