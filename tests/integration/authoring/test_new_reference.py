"""/author/references/new: the bank's reference rules, unique keys, the editor can cite it."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from tests.integration.authoring.conftest import created_id, first_reference, flashcard_form
from trainer.models import BankReference, Question

ARTICLE = {
    "key": "doe2024",
    "title": "Trigger points in a test",
    "citation": "Doe J. Trigger points in a test. J Tests 2024;1:1-2.",
    "kind": "primary",
    "doi": "10.1234/jt.2024.001",
    "pmid": "",
    "url": "",
}


def _count(db) -> int:
    return db.session.execute(select(func.count()).select_from(BankReference)).scalar_one()


def _post(client, **changes):
    return client.post("/author/references/new", data={**ARTICLE, **changes})


def test_a_valid_article_is_added_and_the_editor_can_cite_it(db, bank, instructor_client):
    response = _post(instructor_client)
    assert response.status_code == 303
    row = db.session.execute(
        select(BankReference).where(BankReference.key == "doe2024")
    ).scalar_one()
    assert row.content == {
        "title": ARTICLE["title"],
        "citation": ARTICLE["citation"],
        "doi": ARTICLE["doi"],
        "kind": "primary",
    }
    assert row.retired_at is None
    editor = instructor_client.get("/author/items/new?type=flashcard").get_data(as_text=True)
    assert 'value="doe2024"' in editor
    saved = instructor_client.post(
        "/author/items/new", data=flashcard_form(**{"references-0-key": "doe2024"})
    )
    assert saved.status_code == 303
    question = db.session.get(Question, created_id(saved))
    assert [r["key"] for r in question.head_version.content["references"]] == ["doe2024"]


def test_a_textbook_needs_no_identifier(db, bank, instructor_client):
    response = _post(
        instructor_client, key="book2020", kind="textbook", title="", doi="", citation="A book."
    )
    assert response.status_code == 303


@pytest.mark.parametrize(
    "changes, field, message",
    [
        ({"doi": ""}, "", "needs a pmid, doi or url"),
        ({"title": ""}, "", "needs a title"),
        ({"doi": "https://doi.org/10.1234/x"}, "doi", "is not valid"),
        ({"doi": "10.12/x"}, "doi", "is not valid"),
        ({"doi": "", "pmid": "PMID123"}, "pmid", "digits only"),
        ({"doi": "", "url": "ftp://example.org/paper"}, "url", "http:// or https://"),
        ({"key": "Doe 2024"}, "key", "lowercase letters and digits"),
        ({"kind": "blog"}, "kind", "Not a valid choice"),
        ({"citation": ""}, "citation", "This field is required"),
    ],
)
def test_invalid_references_get_field_errors_and_nothing_is_added(
    db, bank, instructor_client, changes, field, message
):
    before = _count(db)
    response = _post(instructor_client, **changes)
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert message in html
    if field:
        assert f'data-error-for="{field}"' in html
    else:
        assert 'id="reference-errors"' in html
    assert _count(db) == before


def test_a_key_already_in_the_bibliography_is_refused(db, bank, instructor_client):
    taken = db.session.execute(select(BankReference.key)).scalars().first()
    before = _count(db)
    response = _post(instructor_client, key=taken)
    assert response.status_code == 422
    assert "already has a reference" in response.get_data(as_text=True)
    assert _count(db) == before


def test_a_retired_key_is_taken_too(db, bank, instructor_client):
    assert _post(instructor_client).status_code == 303
    row = db.session.execute(
        select(BankReference).where(BankReference.key == "doe2024")
    ).scalar_one()
    row.retired_at = func.now()
    db.session.commit()
    assert _post(instructor_client).status_code == 422


def _clinic_item(owner: str, key: str) -> dict:
    return flashcard_form(
        owner=owner,
        prompt=f"Which source does the {owner} item cite?",
        **{"references-0-key": key},
    )


def test_a_clinic_author_adds_a_reference_and_cites_it_in_a_clinic_item(
    db, bank, client_a, clinic_a
):
    form = client_a.get("/author/references/new")
    assert form.status_code == 200
    assert 'id="reference-sharing"' in form.get_data(as_text=True)
    assert _post(client_a).status_code == 303
    row = db.session.execute(
        select(BankReference).where(BankReference.key == "doe2024")
    ).scalar_one()
    assert "clinic" not in row.content  # the entry records nothing of who added it
    editor = client_a.get("/author/items/new?type=flashcard").get_data(as_text=True)
    assert 'href="/author/references/new"' in editor and 'value="doe2024"' in editor
    saved = client_a.post("/author/items/new", data=_clinic_item(clinic_a.slug, "doe2024"))
    assert saved.status_code == 303, saved.get_data(as_text=True)
    question = db.session.get(Question, created_id(saved))
    assert question.clinic_id == clinic_a.id
    assert [r["key"] for r in question.head_version.content["references"]] == ["doe2024"]


def test_a_clinic_added_reference_is_shared_by_every_owner(
    db, bank, client_a, client_b, clinic_b, instructor_client
):
    assert _post(client_a).status_code == 303
    other = client_b.post("/author/items/new", data=_clinic_item(clinic_b.slug, "doe2024"))
    assert other.status_code == 303
    shared = instructor_client.post("/author/items/new", data=_clinic_item("shared", "doe2024"))
    assert shared.status_code == 303


def test_a_clinic_author_cannot_alter_a_reference_already_there(
    db, bank, client_a, instructor_client
):
    shared_key = first_reference(db)
    before = {
        key: (content, retired)
        for key, content, retired in db.session.execute(
            select(BankReference.key, BankReference.content, BankReference.retired_at)
        ).all()
    }
    assert _post(instructor_client, key="site2024").status_code == 303
    for key in (shared_key, "site2024"):
        response = _post(client_a, key=key, citation="Rewritten by a clinic.")
        assert response.status_code == 422
        assert "already has a reference" in response.get_data(as_text=True)
    after = {
        key: (content, retired)
        for key, content, retired in db.session.execute(
            select(BankReference.key, BankReference.content, BankReference.retired_at)
        ).all()
    }
    assert after.pop("site2024")[0]["citation"] == ARTICLE["citation"]
    assert after == before


def test_the_editor_links_the_form_for_every_author(db, bank, instructor_client):
    editor = instructor_client.get("/author/items/new?type=flashcard").get_data(as_text=True)
    assert 'href="/author/references/new"' in editor


def test_bank_import_keeps_a_browser_reference_that_an_item_cites(db, bank, instructor_client):
    from tests.factories import shipped_bank
    from trainer.services.authoring import bank_sync

    assert _post(instructor_client).status_code == 303
    assert _post(instructor_client, key="unused2024").status_code == 303
    saved = instructor_client.post(
        "/author/items/new", data=flashcard_form(**{"references-0-key": "doe2024"})
    )
    assert saved.status_code == 303
    bank_sync.import_bank(shipped_bank())  # the files know neither key
    live = dict(
        db.session.execute(
            select(BankReference.key, BankReference.retired_at).where(
                BankReference.key.in_(["doe2024", "unused2024"])
            )
        ).all()
    )
    assert live["doe2024"] is None  # still cited by the draft: kept
    assert live["unused2024"] is not None  # cited by nothing: retired as before
