"""An instructor of a clinic makes a body-map item by clicking regions on the figure (and tries
the keyboard list and the preview's clickable figure), submits it for review; a second
instructor (the clinic's manager) approves it; a learner of the clinic meets it in study. The
clinic's rule requires the second approval."""

from __future__ import annotations

from sqlalchemy import select

from tests.e2e.conftest import login, open_page, screenshot
from trainer import bank as bankfmt
from trainer.bodymap import region_names
from trainer.extensions import db
from trainer.models import Clinic, ClinicRole, Question, QuestionStatus, QuestionVersion
from trainer.services import accounts
from trainer.services.authoring import policy

MUSCLE = "gluteus-minimus"
PROMPT = "E2E journey: select the referral zone of gluteus minimus (clinic item)."
TAG = "e2e-authoring-journey"


def _click_region(page, selector: str) -> None:
    """A real mouse click on the region's first shape (a region's group may span both views, so
    the group's own centre can be empty canvas)."""
    page.locator(selector).locator("path, polygon, ellipse, circle, rect").first.click()


def _classes(page, area: str, region: str) -> str:
    return page.locator(f"{area} .region[data-region='{region}']").get_attribute("class")


def _setup(live_app) -> None:
    with live_app.app_context():
        clinic = db.session.execute(select(Clinic).where(Clinic.slug == "e2e")).scalar_one()
        if accounts.find_user_by_email("teacher@e2e.example") is None:
            accounts.create_user(
                "teacher@e2e.example",
                "Tess Teacher",
                "e2e password 1",
                clinic=clinic,
                clinic_role=ClinicRole.INSTRUCTOR,
            )
            db.session.commit()
        policy.set_needs_second_approval(clinic.id, True)
        db.session.remove()


def test_instructor_makes_a_body_map_item_that_a_clinic_learner_studies(
    browser, live_server, live_app
):
    _setup(live_app)
    base = live_server.url
    zone = sorted(bankfmt.load_bank("question_bank").muscle(MUSCLE).referral_zone)[:2]

    # 1. The clinic's instructor writes the item, picking the zone by clicking the figure.
    context, page = open_page(browser)
    try:
        login(page, base, "teacher@e2e.example")
        page.click("nav >> text=Author")
        page.click("text=New item")
        page.click("[data-type='body_map:select_regions']")
        page.select_option("#owner", "e2e")
        page.select_option("#topic", "referral-patterns")
        page.fill("#prompt", PROMPT)
        page.select_option("#muscle", MUSCLE)
        for region in zone:
            _click_region(page, f"[data-region-picker] .region[data-region='{region}']")
        for region in zone:
            assert page.locator(f"#regions-{region}").is_checked()
            assert "is-selected" in _classes(page, "[data-region-picker]", region)
        # The list beside the figure is the keyboard's way: Space ticks a box and the figure
        # follows; Space again unticks it.
        extra = next(r for r in region_names() if r not in zone)
        page.focus(f"#regions-{extra}")
        page.keyboard.press("Space")
        assert "is-selected" in _classes(page, "[data-region-picker]", extra)
        page.keyboard.press("Space")
        assert "is-selected" not in _classes(page, "[data-region-picker]", extra)
        page.fill("#explanation", "Its referral zone, as the sources map it.")
        page.fill("#tags", TAG)
        # Search the bibliography, then pick the source from the narrowed menu.
        first = page.locator("#references-0-key option").nth(1)
        key = first.get_attribute("value")
        page.fill("[data-reference-filter]", key)
        hidden = page.locator("#references-0-key option[hidden]").count()
        assert hidden > 0 and not first.evaluate("o => o.hidden")
        page.select_option("#references-0-key", key)
        screenshot(page, "author-body-map-editor")
        # The preview shows the figure the learner answers on, clickable as in study.
        page.get_by_role("button", name="Preview").click()
        preview = "[data-preview-regions]"
        page.wait_for_selector(f"{preview} [data-select-regions] svg[role=group]")
        _click_region(page, f"{preview} .region[data-region='{zone[0]}']")
        assert "is-selected" in _classes(page, preview, zone[0])
        assert page.locator(f"#pv-r-{zone[0]}").is_checked()
        for region in zone:  # the editor's own picks survive the preview
            assert page.locator(f"#regions-{region}").is_checked()
        screenshot(page, "author-body-map-preview")
        page.get_by_role("button", name="Save draft").click()
        page.wait_for_selector("[data-state=draft]")
        # On the item's page the preview grades an answer clicked on the figure.
        for region in zone:
            _click_region(page, f"{preview} .region[data-region='{region}']")
        page.locator(".author-preview button[type=submit]", has_text="Check").click()
        page.wait_for_selector("[data-result=correct]")
        page.click("[data-step=submit]")
        page.wait_for_selector("[data-state=in_review]")
        # The author may not approve their own version (the server answers 403 if forced).
        assert page.locator("[data-step=publish]").is_disabled()
        assert (
            page.locator("#publish-problem")
            .inner_text()
            .endswith("a second instructor must approve it.")
        )
        assert page.errors == [], page.errors
    finally:
        context.close()

    with live_app.app_context():
        question = (
            db.session.execute(
                select(Question)
                .join(QuestionVersion, QuestionVersion.id == Question.pending_version_id)
                .where(Question.clinic_id.is_not(None), QuestionVersion.prompt == PROMPT)
            )
            .scalars()
            .one()
        )
        assert question.status == QuestionStatus.IN_REVIEW
        assert sorted(question.pending_version.content["regions"]) == zone
        question_id = question.id
        db.session.remove()

    # 2. The clinic's manager approves and publishes it.
    context, page = open_page(browser)
    try:
        login(page, base, "manager@e2e.example")
        page.goto(f"{base}/author/?q=journey")
        page.click(f"a[href='/author/items/{question_id}']")
        page.fill("#note", "Zone checked against the source.")
        page.click("[data-step=publish]")
        page.wait_for_selector("[data-state=published]")
        screenshot(page, "author-item-published")
    finally:
        context.close()

    # 3. A learner of the clinic meets it in study, and answers it on the figure.
    context, page = open_page(browser)
    try:
        login(page, base, "learner@e2e.example")
        page.goto(f"{base}/study/?tag={TAG}")
        card = page.locator("#study-area .study-card[data-type='body_map:select_regions']")
        card.wait_for()
        assert PROMPT in card.inner_text()
        for region in zone:
            _click_region(
                page, f"#study-area [data-select-regions] .region[data-region='{region}']"
            )
        page.locator("#study-area [data-submit]").click()
        page.wait_for_selector("#study-area .study-card[data-mode=feedback]")
        screenshot(page, "author-item-studied")
        assert page.errors == [], page.errors
    finally:
        context.close()
