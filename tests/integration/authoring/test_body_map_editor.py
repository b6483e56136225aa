"""Body-map items in the editor: regions picked on the figure or from a list, and a preview
that shows the learner's clickable figure (not only a list), graded as in study."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from tests.integration.authoring.conftest import created_id, first_reference
from trainer.bodymap import region_names
from trainer.models import Muscle

LEARNERS_FIGURE = re.compile(
    r'<div class="study-map" data-select-regions><svg [^>]*role="group" '
    r'aria-label="Select the referral zone"'
)


@pytest.fixture
def zone_form(db, bank) -> dict:
    muscle = db.session.execute(select(Muscle).order_by(Muscle.position)).scalars().first()
    zone = sorted({r for tp in muscle.content["trigger_points"] for r in tp["referral_regions"]})
    return {
        "type": "body_map:select_regions",
        "owner": "shared",
        "topic": "referral-patterns",
        "difficulty": "2",
        "prompt": "Where does this muscle refer pain?",
        "explanation": "Its mapped zone.",
        "muscle": muscle.slug,
        "regions": zone[:2],
        "references-0-key": first_reference(db),
        "action": "save",
    }


def _region_checkboxes(html: str, name: str) -> set[str]:
    return set(re.findall(rf'<input[^>]*type="checkbox" name="{name}" value="([a-z0-9-]+)"', html))


def test_the_editor_offers_the_clickable_figure_and_a_list_of_every_region(
    db, bank, instructor_client
):
    html = instructor_client.get("/author/items/new?type=body_map:select_regions").get_data(
        as_text=True
    )
    picker = html.split("data-region-picker>", 1)[1].split("</svg>", 1)[0]
    clickable = set(re.findall(r'data-region="([a-z0-9-]+)" tabindex="0" role="checkbox"', picker))
    assert clickable == set(region_names())
    assert _region_checkboxes(html, "regions") == set(region_names())
    assert 'src="/static/js/author.js?v=' in html  # a versioned URL


def test_picked_regions_are_shown_on_the_figure_and_ticked_in_the_list(
    db, instructor_client, zone_form
):
    shown = instructor_client.post("/author/items/new", data={**zone_form, "action": "preview"})
    html = shown.get_data(as_text=True)
    assert shown.status_code == 200, html
    picker = html.split("data-region-picker>", 1)[1].split("</svg>", 1)[0]
    for region in zone_form["regions"]:
        assert f'class="region is-highlighted" data-region="{region}"' in picker
        assert re.search(rf'value="{region}" id="regions-{region}"\s+checked', html)


def test_the_editor_preview_shows_the_learners_clickable_figure(db, instructor_client, zone_form):
    html = instructor_client.post(
        "/author/items/new", data={**zone_form, "action": "preview"}
    ).get_data(as_text=True)
    preview = html.split('id="preview-heading"', 1)[1]
    assert LEARNERS_FIGURE.search(preview)
    figure = preview.split("data-select-regions>", 1)[1].split("</svg>", 1)[0]
    clickable = set(re.findall(r'data-region="([a-z0-9-]+)" tabindex="0" role="checkbox"', figure))
    assert clickable == set(region_names())
    assert 'aria-checked="true"' not in figure  # the learner starts from a blank figure
    assert _region_checkboxes(preview, "region") == set(region_names())


def test_the_item_page_preview_is_the_figure_and_grades_regions_as_study_does(
    db, instructor_client, zone_form
):
    question_id = created_id(instructor_client.post("/author/items/new", data=zone_form))
    page = instructor_client.get(f"/author/items/{question_id}").get_data(as_text=True)
    assert LEARNERS_FIGURE.search(page)
    assert 'src="/static/js/author.js?v=' in page
    check = page.split('action="/author/items/', 1)[1].split("</form>", 1)[0]
    assert "data-select-regions" in check  # the figure is inside the check form

    right = instructor_client.post(
        f"/author/items/{question_id}/check", data={"region": zone_form["regions"]}
    )
    html = right.get_data(as_text=True)
    assert 'data-result="correct"' in html
    for region in zone_form["regions"]:
        assert f'class="region is-correct" data-region="{region}"' in html
    wrong = instructor_client.post(
        f"/author/items/{question_id}/check", data={"region": zone_form["regions"][:1]}
    )
    assert 'data-result="wrong"' in wrong.get_data(as_text=True)
