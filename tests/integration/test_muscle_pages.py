"""The muscle catalogue pages, on the shipped bank."""

from __future__ import annotations

import csv
import io
import re

import pytest

from trainer import bank as bankfmt
from trainer.bodymap import region_names
from trainer.services.authoring import bank_sync


@pytest.fixture
def shipped(db):
    bank = bankfmt.load_bank("question_bank")
    bank_sync.import_bank(bank)
    return bank


def test_muscle_list_links_every_muscle(learner_client, shipped):
    page = learner_client.get("/bank/muscles").get_data(as_text=True)
    for muscle in shipped.muscles:
        assert f'href="/bank/muscles/{muscle.id}"' in page


def test_muscle_page_highlights_exactly_its_zone(learner_client, shipped):
    muscle = shipped.muscle("upper-trapezius")
    page = learner_client.get("/bank/muscles/upper-trapezius").get_data(as_text=True)
    highlighted = set(re.findall(r'class="region is-highlighted" data-region="([a-z0-9-]+)"', page))
    assert highlighted == set(muscle.referral_zone)
    items = [i for i in shipped.items if i.muscle == "upper-trapezius"]
    assert items and all(i.id in page for i in items)
    assert "not verified by our sources" in page  # its location is unverified (null)


def test_unknown_muscle_is_404(learner_client, shipped):
    assert learner_client.get("/bank/muscles/no-such-muscle").status_code == 404


def test_muscle_pages_need_login(client, shipped):
    assert client.get("/bank/muscles").status_code == 302
    assert client.get("/bank/muscles.csv").status_code == 302


def test_muscle_list_downloads_as_csv(learner_client, shipped):
    response = learner_client.get("/bank/muscles.csv")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    rows = list(csv.reader(io.StringIO(response.get_data(as_text=True))))
    assert rows[0] == ["group", "muscle", "slug", "referral_zone", "items"]
    by_slug = {row[2]: row for row in rows[1:]}
    assert set(by_slug) == {muscle.id for muscle in shipped.muscles}
    trapezius = by_slug["upper-trapezius"]
    assert trapezius[1] == shipped.muscle("upper-trapezius").name
    assert int(trapezius[4]) >= 2  # at least a body-map item and a text item
    names = region_names()
    zone = {names[region] for region in shipped.muscle("upper-trapezius").referral_zone}
    assert set(trapezius[3].split("; ")) == zone
