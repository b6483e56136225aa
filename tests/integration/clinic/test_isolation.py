"""A manager of clinic A gets nothing of clinic B: pages, CSVs, filters, uploads, forms."""

from __future__ import annotations

import csv
import io

from sqlalchemy import select

from tests.integration.clinic.helpers import PDF, credential
from trainer.models import ClinicRole, Competency, Credential


def test_nothing_of_b_reaches_a_manager_of_a(db, factory, clinic_a, clinic_b, manager_client):
    b_manager = factory.user(
        email="boss@beta.example", name="Beta Boss", clinic=clinic_b,
        clinic_role=ClinicRole.MANAGER,
    )  # fmt: skip
    b_staff = factory.user(email="s@beta.example", name="Beta Staff", clinic=clinic_b)
    db.session.add(
        Competency(
            clinic_id=clinic_b.id, key="beta-only", title="Beta only", requirements=[
                {"kind": "credential", "key": "k", "label": "k", "credential_kind": "k"}
            ],
        )
    )  # fmt: skip
    db.session.commit()
    record = credential(db, clinic_b, b_staff, file_data=PDF, file_type="application/pdf",
                        file_name="b.pdf", file_size=len(PDF))  # fmt: skip
    for path in (
        "/clinics/beta/matrix", "/clinics/beta/matrix.csv", "/clinics/beta/staff",
        "/clinics/beta/audit.csv", f"/clinics/beta/people/{b_staff.id}",
        f"/clinics/alpha/people/{b_staff.id}", f"/clinics/beta/credentials/{record.id}/file",
        f"/clinics/alpha/credentials/{record.id}/file",
    ):  # fmt: skip
        assert manager_client.get(path).status_code == 404, path
    for query in ("?competency=beta-only", "?role=staff", "?status=in_progress"):
        text = manager_client.get(f"/clinics/alpha/matrix.csv{query}").text
        assert "Beta" not in text and "beta" not in text, query
        rows = list(csv.reader(io.StringIO(text)))
        assert all(b_staff.email not in row for row in rows)
    # a form naming B's person or B's objects is refused, and writes nothing
    refused = manager_client.post(
        "/clinics/alpha/credentials/new",
        data={"person": str(b_staff.id), "kind": "k", "issued_on": "2026-01-01"},
    )
    assert refused.status_code == 422
    assert manager_client.post(f"/clinics/alpha/credentials/{record.id}/sign").status_code == 404
    assert (
        db.session.execute(select(Credential).where(Credential.user_id == b_staff.id))
        .scalar_one()
        .signed_by_id
        is None
    )
    assert (
        manager_client.post(
            f"/clinics/alpha/staff/{b_manager.id}/active", data={"active": "0"}
        ).status_code
        == 404
    )


def test_a_person_in_two_clinics_sees_each_only_inside_it(app, db, factory, clinic_a, clinic_b):
    from tests.conftest import _logged_in

    both = factory.user(email="both@example.com", clinic=clinic_a)
    factory.user(email="boss@beta.example", clinic=clinic_b, clinic_role=ClinicRole.MANAGER)
    from trainer.models import Membership

    db.session.add(Membership(user_id=both.id, clinic_id=clinic_b.id, role=ClinicRole.MANAGER))
    db.session.commit()
    credential(db, clinic_a, both, title="Alpha course")
    client = _logged_in(app, both)
    assert client.get("/clinics/beta/matrix").status_code == 200  # manager in B
    assert client.get("/clinics/alpha/matrix").status_code == 403  # staff in A
    b_page = client.get(f"/clinics/beta/people/{both.id}").get_data(as_text=True)
    assert "Alpha course" not in b_page  # A's credential stays in A
    assert "Alpha course" in client.get("/clinics/alpha/me").get_data(as_text=True)
