"""Private answers are not cached; CSV formula cells; a 403 that says what is missing."""

from __future__ import annotations

import csv
import io

import pytest

from trainer.csv_export import _safe


def test_authenticated_pages_csv_and_json_are_not_stored(learner_client, manager_client):
    for response in [
        learner_client.get("/"),
        learner_client.get("/study/stats"),
        learner_client.get("/auth/profile"),
        learner_client.get("/study/card", headers={"Accept": "application/json"}),
        manager_client.get("/clinics/alpha/staff.csv"),
    ]:
        assert response.headers["Cache-Control"] == "no-store", response.request.path


def test_anonymous_pages_and_static_files_may_be_cached(client, learner_client):
    assert "no-store" not in client.get("/auth/login").headers.get("Cache-Control", "")
    static = learner_client.get("/static/css/app.css")
    assert "no-store" not in static.headers.get("Cache-Control", "")
    static.close()


@pytest.mark.parametrize(
    "value",
    [
        "=1+1",
        "+SUM(A1)",
        "-2",
        "@cmd",
        "\u200b=HYPERLINK(\"http://evil\")",  # zero-width space first
        "\ufeff=1",  # byte-order mark
        "\uff1dcmd|' /C calc'!A0",  # full-width equals sign
        "\uff0b1",  # full-width plus
        "\u00a0\u2060@x",  # no-break space, word joiner
        " =1",
    ],
)
def test_formula_cells_are_neutralised_even_behind_invisible_or_full_width_characters(value):
    assert _safe(value) == "'" + value


@pytest.mark.parametrize("value", ["Dana", "trapezius (upper)", "a=b", "3", 5, None, "email@x"])
def test_ordinary_cells_are_left_alone(value):
    assert _safe(value) == value


def test_staff_csv_neutralises_a_hostile_display_name(manager_client, factory, clinic_a):
    factory.user(email="evil@alpha.example", name="\u200b=cmd()", clinic=clinic_a)
    rows = list(csv.reader(io.StringIO(manager_client.get("/clinics/alpha/staff.csv").text)))
    names = [cell for row in rows for cell in row if "cmd()" in cell]
    assert names == ["'\u200b=cmd()"]


def test_403_says_which_role_is_needed(staff_client, clinic_a):
    response = staff_client.get("/clinics/alpha/staff")
    assert response.status_code == 403
    text = response.get_data(as_text=True)
    assert "read-protected" not in text
    assert "your role there is staff" in text and "Alpha Physio" in text
