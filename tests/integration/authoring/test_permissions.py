"""Who reaches the authoring pages, and clinic isolation through every one of them."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from tests.integration.authoring.conftest import created_id, first_reference, flashcard_form
from trainer.models import Question, QuestionStatus

SECRET_PROMPT = "Beta clinic confidential question?"


@pytest.fixture
def beta_item(db, bank, client_b):
    response = client_b.post(
        "/author/items/new",
        data=flashcard_form(
            owner="beta", prompt=SECRET_PROMPT, **{"references-0-key": first_reference(db)}
        ),
    )
    assert response.status_code == 303
    question = db.session.get(Question, created_id(response))
    client_b.post(f"/author/items/{question.id}/publish")
    return question


ITEM_GETS = ["", "/edit", "/history", "/diff"]
ITEM_POSTS = [
    "/edit",
    "/check",
    "/submit",
    "/publish",
    "/send-back",
    "/retire",
    "/reinstate",
    "/comments",
    "/versions/1/restore",
]


@pytest.mark.parametrize("suffix", ITEM_GETS)
def test_other_clinics_items_are_404_on_every_page(beta_item, client_a, suffix):
    response = client_a.get(f"/author/items/{beta_item.id}{suffix}")
    assert response.status_code == 404
    assert SECRET_PROMPT.encode() not in response.data


@pytest.mark.parametrize("suffix", ITEM_POSTS)
def test_other_clinics_items_are_404_on_every_action(db, beta_item, client_a, suffix):
    response = client_a.post(f"/author/items/{beta_item.id}{suffix}", data={"body": "x"})
    assert response.status_code == 404
    db.session.expire_all()
    assert db.session.get(Question, beta_item.id).status == QuestionStatus.PUBLISHED


def test_search_browse_and_csv_never_show_other_clinics(beta_item, client_a, client_b):
    for query in ("", "?q=confidential", "?owner=beta"):
        page = client_a.get(f"/author/{query}")
        assert page.status_code == 200
        assert SECRET_PROMPT.encode() not in page.data
    assert SECRET_PROMPT not in client_a.get("/author/items.csv?q=confidential").get_data(
        as_text=True
    )
    assert SECRET_PROMPT.encode() in client_b.get("/author/?q=confidential").data
    assert SECRET_PROMPT in client_b.get("/author/items.csv").get_data(as_text=True)


def test_bulk_actions_skip_other_clinics_items(db, beta_item, client_a):
    response = client_a.post(
        "/author/bulk", data={"ids": [str(beta_item.id)], "action": "retire", "confirm": "yes"}
    )
    assert response.status_code == 303
    db.session.expire_all()
    assert db.session.get(Question, beta_item.id).status == QuestionStatus.PUBLISHED


def test_clinic_instructor_cannot_create_shared_or_other_clinic_items(db, bank, client_a):
    for owner in ("shared", "beta"):
        response = client_a.post(
            "/author/items/new",
            data=flashcard_form(owner=owner, **{"references-0-key": first_reference(db)}),
        )
        assert response.status_code == 422
        assert b'data-error-for="owner"' in response.data
    assert (
        db.session.execute(select(Question).where(Question.clinic_id.is_not(None))).first() is None
    )


def test_clinic_instructor_does_not_edit_the_shared_bank(db, bank, client_a):
    shared = db.session.execute(select(Question.id).limit(1)).scalar_one()
    assert client_a.get(f"/author/items/{shared}").status_code == 404


def test_learners_and_staff_get_403(bank, learner_client, staff_client):
    for client in (learner_client, staff_client):
        assert client.get("/author/").status_code == 403
        assert client.get("/author/items/new").status_code == 403
        assert client.post("/author/bulk").status_code == 403


def test_anonymous_is_sent_to_login(client):
    response = client.get("/author/")
    assert response.status_code == 302 and "/auth/login" in response.headers["Location"]


def test_manager_authors_their_clinic(db, bank, manager_client):
    response = manager_client.post(
        "/author/items/new",
        data=flashcard_form(owner="alpha", **{"references-0-key": first_reference(db)}),
    )
    assert response.status_code == 303


def test_nav_shows_author_to_authors_only(bank, instructor_client, client_a, learner_client):
    assert b'href="/author/"' in instructor_client.get("/").data
    assert b'href="/author/"' in client_a.get("/").data
    assert b'href="/author/"' not in learner_client.get("/").data


def test_policy_page_only_for_admins_and_managers(
    bank, instructor_client, admin_client, manager_client, client_a
):
    assert instructor_client.get("/author/policy").status_code == 403
    assert client_a.get("/author/policy").status_code == 403
    assert b'data-owner="shared"' in admin_client.get("/author/policy").data
    page = manager_client.get("/author/policy")
    assert b'data-owner="alpha"' in page.data and b'data-owner="shared"' not in page.data


def test_manager_sets_the_clinic_rule(db, bank, manager_client, clinic_a):
    from trainer.services.authoring import policy

    response = manager_client.post(
        "/author/policy", data={"owner": "alpha", "needs_second_approval": "y"}
    )
    assert response.status_code == 303
    assert policy.needs_second_approval(clinic_a.id) is True
    assert manager_client.post("/author/policy", data={"owner": "shared"}).status_code == 400


def test_learner_of_the_clinic_studies_its_published_item(db, beta_item, factory, clinic_b):
    from trainer.services.learning import study_queue

    member = factory.user(email="learner@beta.example", clinic=clinic_b)
    outsider = factory.user(email="outsider@example.com")

    def sees(user) -> bool:
        scope = study_queue._Scope(user.id, study_queue.SessionFilter())
        ids = db.session.execute(
            study_queue._new_questions(user.id, scope).with_only_columns(Question.id)
        ).scalars()
        return beta_item.id in set(ids)

    assert sees(member) and not sees(outsider)
