"""Statistics and settings pages."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from tests.factories import make_bank
from tests.integration.test_study import SECRET, right_response
from trainer.domain.scheduling import MIN_REVIEWS_FOR_VALIDATED_FIT
from trainer.models import CardState, StudySettings
from trainer.services.learning import study, study_queue


@pytest.fixture
def studied(db, learner):
    make_bank(db)
    # Six answers inside the learner's current day (it starts at 04:00 UTC by default), so the
    # page's "Done today" counts them at whatever time the suite runs.
    now = datetime.now(UTC)
    day_start = now.replace(hour=4, minute=0, second=0, microsecond=0)
    if day_start > now:
        day_start -= timedelta(days=1)
    step = (now - day_start) / 8
    for n in range(6):
        moment = day_start + step * (n + 1)
        nxt = study_queue.next_card(learner.id, moment)
        presented = study.present(learner.id, nxt.card, nxt.kind, moment, SECRET)
        study.answer(learner.id, presented.token, right_response(presented.content), moment, SECRET)
    return learner


def test_stats_page_has_charts_and_tables(learner_client, studied):
    page = learner_client.get("/study/stats").get_data(as_text=True)
    assert "Reviews due in the next 30 days" in page
    assert page.count("<svg") >= 2
    assert "True retention" in page and "Mastery by topic" in page
    assert re.search(r'Done today</div><div class="fs-3">6<', page)


def test_stats_page_for_a_new_learner(learner_client, db):
    assert learner_client.get("/study/stats").status_code == 200


def test_review_history_csv(learner_client, studied):
    response = learner_client.get("/study/stats/reviews.csv")
    lines = response.get_data(as_text=True).strip().splitlines()
    assert response.mimetype == "text/csv" and len(lines) == 7
    assert lines[0].startswith("reviewed_at_utc,item,version,rating")
    assert learner_client.get("/study/stats/mastery.csv").status_code == 200


def test_unsuspend_leech(learner_client, studied, db):
    card = db.session.execute(select(CardState)).scalars().first()
    card.leech = card.suspended = True
    db.session.commit()
    assert "Unsuspend" in learner_client.get("/study/stats").get_data(as_text=True)
    learner_client.post(f"/study/leeches/{card.id}/unsuspend")
    db.session.refresh(card)
    assert not card.suspended and not card.leech


def test_cannot_unsuspend_someone_elses_card(app, studied, db, factory):
    card = db.session.execute(select(CardState)).scalars().first()
    card.leech = card.suspended = True
    db.session.commit()
    other = factory.user(email="other@example.com")
    client = app.test_client()
    client.post("/auth/login", data={"email": other.email, "password": "correct horse battery"})
    client.post(f"/study/leeches/{card.id}/unsuspend")
    db.session.refresh(card)
    assert card.suspended


def _settings_form(**overrides):
    data = {
        "desired_retention": "0.85",
        "new_per_day": "5",
        "max_reviews_per_day": "100",
        "learning_steps": "1 10",
        "relearning_steps": "10",
        "timezone": "Europe/Berlin",
        "day_start_hour": "4",
        "topics": ["safety"],
    }
    data.update(overrides)
    return data


def test_settings_save_and_show(learner_client, db, learner):
    make_bank(db)
    response = learner_client.post("/study/settings", data=_settings_form())
    assert response.status_code == 302
    saved = db.session.get(StudySettings, learner.id)
    assert saved.desired_retention == pytest.approx(0.85)
    assert saved.learning_steps_minutes == [1, 10] and saved.topics == ["safety"]
    page = learner_client.get("/study/settings").get_data(as_text=True)
    assert 'value="0.85"' in page and "applies from each card" in page
    # Only safety items are offered now.
    card = learner_client.get("/study/card", headers={"Accept": "application/json"}).json
    assert re.search(r"\bsaf-\d{3}\b", card["html"])


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("desired_retention", "0.99", "between 0.8 and 0.97"),
        ("desired_retention", "lots", "Not a valid decimal value"),
        ("learning_steps", "1 ten", "is not a number of minutes"),
        ("relearning_steps", "", "give at least one step"),
        ("timezone", "Mars/Olympus", "Not a valid choice"),
        ("day_start_hour", "25", "between 0 and 23"),
        ("new_per_day", "-1", "between 0 and 500"),
    ],
)
def test_settings_errors_are_field_errors(learner_client, db, learner, field, value, message):
    response = learner_client.post("/study/settings", data=_settings_form(**{field: value}))
    assert response.status_code == 400
    assert message.lower() in response.get_data(as_text=True).lower()
    assert db.session.get(StudySettings, learner.id) is None


def test_settings_page_states_the_optimisation_threshold(learner_client, db):
    page = learner_client.get("/study/settings").get_data(as_text=True)
    assert f"at least <strong>{MIN_REVIEWS_FOR_VALIDATED_FIT}</strong>" in page
    assert "you have\n    <strong>0</strong>" in page


def test_optimise_below_threshold_keeps_defaults(learner_client, db, learner):
    response = learner_client.post("/study/settings/optimise", data={})
    assert response.status_code == 302
    page = learner_client.get("/study/settings").get_data(as_text=True)
    assert f"need at least {MIN_REVIEWS_FOR_VALIDATED_FIT}" in page and "Keeping" in page
    saved = db.session.get(StudySettings, learner.id)
    assert saved is None or saved.parameters is None


@pytest.mark.parametrize("field", ["new_per_day", "max_reviews_per_day", "day_start_hour"])
def test_an_empty_number_field_gives_one_message(learner_client, db, learner, field):
    response = learner_client.post("/study/settings", data=_settings_form(**{field: ""}))
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert page.count("Enter a whole number.") == 2  # once at the field, once in the summary
    assert "between" not in page and "Not a valid integer" not in page


def test_settings_errors_are_summarised_at_the_top_and_the_first_takes_focus(
    learner_client, db, learner
):
    make_bank(db)  # so the form's topic is a known one
    response = learner_client.post(
        "/study/settings",
        data=_settings_form(new_per_day="", day_start_hour="25", desired_retention=""),
    )
    page = response.get_data(as_text=True)
    start = page.index('id="error-summary"')
    summary = page[start : page.index("</ul>", start)]
    links = re.findall(r'<a class="alert-link" href="#([a-z_]+)">([^<]+)</a>', summary)
    assert [target for target, _text in links] == [
        "desired_retention",
        "new_per_day",
        "day_start_hour",
    ]
    assert "There are 3 problems" in summary
    assert re.findall(r'<input[^>]*\bautofocus\b[^>]*>', page) == [
        re.search(r'<input[^>]*id="desired_retention"[^>]*>', page).group(0)
    ]


def test_optimise_is_disabled_below_the_threshold_and_says_how_many_more(learner_client, db):
    page = learner_client.get("/study/settings").get_data(as_text=True)
    button = re.search(r'<input[^>]*value="Optimise my parameters"[^>]*>', page).group(0)
    assert "disabled" in button
    assert f"{MIN_REVIEWS_FOR_VALIDATED_FIT} more reviews needed." in page
