"""In-person hours: a credential says how many of its hours were hands-on, and a credential
requirement can ask for a minimum of them on top of the total."""

from __future__ import annotations

import io

from sqlalchemy import select

from tests.conftest import _logged_in
from tests.integration.clinic.helpers import PDF
from trainer.models import Competency, Credential

COMPETENCY = {"title": "Needling course", "due_soon_days": "30", "assign_mode": "everyone",
              "credential": "y", "credential_kind": "needling-course",
              "credential_hours": "16", "credential_in_person_hours": "12"}  # fmt: skip


def _record(client, person: int, **fields):
    form = {"person": str(person), "kind": "needling-course", "issued_on": "2026-06-01",
            "hours": "20", **fields, "evidence": (io.BytesIO(PDF), "c.pdf")}  # fmt: skip
    return client.post(
        "/clinics/alpha/credentials/new", data=form, content_type="multipart/form-data"
    )


def test_a_requirement_asks_for_in_person_hours_and_the_matrix_applies_it(
    app, db, clinic_a, staff_a, manager_a, manager_client
):
    refused = manager_client.post(
        "/clinics/alpha/competencies/new", data={**COMPETENCY, "credential_in_person_hours": "20"}
    )
    assert refused.status_code == 422
    assert b"In-person hours cannot be more than the hours in all." in refused.data
    assert (
        manager_client.post("/clinics/alpha/competencies/new", data=COMPETENCY).status_code == 303
    )
    (requirement,) = db.session.execute(select(Competency)).scalar_one().requirements
    assert (requirement["min_hours"], requirement["min_in_person_hours"]) == (16, 12)
    listing = manager_client.get("/clinics/alpha/competencies").get_data(as_text=True)
    assert "≥ 12.0 h in person" in listing
    edit = manager_client.get(
        f"/clinics/alpha/competencies/{db.session.execute(select(Competency.id)).scalar()}/edit"
    ).get_data(as_text=True)
    assert 'name="credential_in_person_hours"' in edit and 'value="12.0"' in edit

    staff = _logged_in(app, staff_a)
    assert _record(staff, staff_a.id, in_person_hours="10").status_code == 303
    credential = db.session.execute(select(Credential)).scalar_one()
    assert (credential.hours, credential.in_person_hours) == (20.0, 10.0)
    manager_client.post(f"/clinics/alpha/credentials/{credential.id}/sign")
    page = manager_client.get(f"/clinics/alpha/people/{staff_a.id}").get_data(as_text=True)
    assert "20.0 (10.0 in person)" in page
    assert "with at least 12 hours in person" in page  # what is missing, in words
    csv_text = manager_client.get(f"/clinics/alpha/people/{staff_a.id}/evidence.csv").get_data(
        as_text=True
    )
    assert "20 hours, 10 in person" in csv_text

    assert (
        _record(staff, staff_a.id, in_person_hours="12", issued_on="2026-07-01").status_code == 303
    )
    newer = db.session.execute(
        select(Credential.id).where(Credential.in_person_hours == 12)
    ).scalar_one()
    manager_client.post(f"/clinics/alpha/credentials/{newer}/sign")
    page = manager_client.get(f"/clinics/alpha/people/{staff_a.id}").get_data(as_text=True)
    assert "with at least 12 hours in person" not in page


def test_in_person_hours_need_a_total_that_holds_them(db, staff_a, staff_client):
    for fields in ({"hours": "", "in_person_hours": "5"}, {"in_person_hours": "25"}):
        response = _record(staff_client, staff_a.id, **fields)
        assert response.status_code == 422, fields
        assert b"the in-person hours cannot be more" in response.data
    assert db.session.execute(select(Credential)).first() is None
