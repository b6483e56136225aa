"""Credentials: uploads checked by content and size, served only to the person and their
clinic's managers and instructors as attachments, signed off once with who and when."""

from __future__ import annotations

import io

from sqlalchemy import select

from tests.conftest import _logged_in
from tests.integration.clinic.helpers import PDF, PNG, credential
from trainer.models import AuditEvent, ClinicRole, Credential
from trainer.services.clinics.credentials import MAX_UPLOAD_BYTES


def _upload(client, data: bytes, name: str, **fields):
    form = {"kind": "needling-course", "title": "DN level 1", "issued_on": "2026-06-01",
            "expires_on": "2028-06-01", "hours": "24", **fields}  # fmt: skip
    form["evidence"] = (io.BytesIO(data), name)
    return client.post(
        "/clinics/alpha/credentials/new", data=form, content_type="multipart/form-data"
    )


def test_staff_record_their_own_credential_with_a_pdf(db, staff_a, staff_client):
    response = _upload(staff_client, PDF, "certificate.pdf", person=str(staff_a.id))
    assert response.status_code == 303
    record = db.session.execute(select(Credential)).scalar_one()
    assert (record.user_id, record.kind, record.hours) == (staff_a.id, "needling-course", 24.0)
    assert record.file_type == "application/pdf" and record.file_size == len(PDF)
    assert record.signed_by_id is None


def test_type_is_judged_by_content_not_name(db, staff_a, staff_client):
    fake = _upload(staff_client, b"<html><script>alert(1)</script>", "cert.pdf",
                   person=str(staff_a.id))  # fmt: skip
    assert fake.status_code == 422 and b"judged by their content" in fake.data
    assert b"DN level 1" in fake.data  # nothing typed is lost
    png_named_txt = _upload(staff_client, PNG, "notes.txt", person=str(staff_a.id))
    assert png_named_txt.status_code == 303
    assert db.session.execute(select(Credential.file_type)).scalar_one() == "image/png"


def test_files_over_5_mb_are_refused(db, staff_a, staff_client):
    # A hand-made multipart body: the test client would spool a file this big to a temporary
    # file that it never closes.
    boundary = "tptboundary"
    fields = {"person": str(staff_a.id), "kind": "needling-course", "issued_on": "2026-06-01"}
    body = b"".join(
        f'--{boundary}\r\nContent-Disposition: form-data; name="{k}"\r\n\r\n{v}\r\n'.encode()
        for k, v in fields.items()
    )
    body += (
        (
            f'--{boundary}\r\nContent-Disposition: form-data; name="evidence"; filename="big.pdf"'
            "\r\nContent-Type: application/pdf\r\n\r\n"
        ).encode()
        + PDF
        + b"0" * MAX_UPLOAD_BYTES
        + f"\r\n--{boundary}--\r\n".encode()
    )
    response = staff_client.post(
        "/clinics/alpha/credentials/new",
        data=body,
        content_type=f"multipart/form-data; boundary={boundary}",
    )
    assert response.status_code == 422 and b"over 5 MB" in response.data
    assert db.session.execute(select(Credential)).first() is None


def test_staff_cannot_record_for_someone_else(db, factory, clinic_a, staff_a, staff_client):
    other = factory.user(email="other@alpha.example", clinic=clinic_a)
    response = _upload(staff_client, PDF, "c.pdf", person=str(other.id))
    assert response.status_code == 422
    assert db.session.execute(select(Credential)).first() is None


def test_manager_records_for_a_member_and_it_is_audited(db, staff_a, manager_client):
    assert _upload(manager_client, PDF, "c.pdf", person=str(staff_a.id)).status_code == 303
    assert db.session.execute(select(Credential.user_id)).scalar_one() == staff_a.id
    assert db.session.execute(select(AuditEvent.action)).scalar_one() == "credential_recorded"


def test_file_served_as_attachment_to_owner_and_teachers_only(
    app, db, factory, clinic_a, clinic_b, staff_a, manager_a
):
    record = credential(db, clinic_a, staff_a, file_data=PDF, file_type="application/pdf",
                        file_name="needling.pdf", file_size=len(PDF))  # fmt: skip
    url = f"/clinics/alpha/credentials/{record.id}/file"
    for user in (
        staff_a,
        manager_a,
        factory.user(email="i@alpha.example", clinic=clinic_a, clinic_role=ClinicRole.INSTRUCTOR),
    ):
        response = _logged_in(app, user).get(url)
        assert response.status_code == 200 and response.data == PDF
        assert response.headers["Content-Disposition"].startswith("attachment;")
        assert response.headers["X-Content-Type-Options"] == "nosniff"
    colleague = factory.user(email="c@alpha.example", clinic=clinic_a)
    assert _logged_in(app, colleague).get(url).status_code == 404
    manager_b = factory.user(email="m@beta.example", clinic=clinic_b,
                             clinic_role=ClinicRole.MANAGER)  # fmt: skip
    client_b = _logged_in(app, manager_b)
    assert client_b.get(url).status_code == 404
    assert client_b.get(f"/clinics/beta/credentials/{record.id}/file").status_code == 404


def test_sign_off_keeps_who_and_when_and_happens_once(
    app, db, factory, clinic_a, staff_a, manager_a
):
    record = credential(db, clinic_a, staff_a)
    url = f"/clinics/alpha/credentials/{record.id}/sign"
    assert _logged_in(app, staff_a).post(url).status_code == 403  # not their own sign-off
    instructor = factory.user(email="i@alpha.example", clinic=clinic_a,
                              clinic_role=ClinicRole.INSTRUCTOR)  # fmt: skip
    assert _logged_in(app, instructor).post(url).status_code == 303
    db.session.expire_all()
    signed = db.session.get(Credential, record.id)
    assert signed.signed_by_id == instructor.id and signed.signed_at is not None
    first = signed.signed_at
    assert _logged_in(app, manager_a).post(url).status_code == 303
    db.session.expire_all()
    again = db.session.get(Credential, record.id)
    assert (again.signed_by_id, again.signed_at) == (instructor.id, first)
    page = (
        _logged_in(app, manager_a).get(f"/clinics/alpha/people/{staff_a.id}").get_data(as_text=True)
    )
    assert "by Test User on" in page


def test_a_hostile_kind_cannot_break_the_download_header(app, db, staff_a, staff_client):
    kind = 'x"\r\nSet-Cookie: a=b; "evil'
    response = _upload(staff_client, PDF, "c.pdf", person=str(staff_a.id), kind=kind[:60])
    assert response.status_code == 303
    record = db.session.execute(select(Credential)).scalar_one()
    served = staff_client.get(f"/clinics/alpha/credentials/{record.id}/file")
    assert served.status_code == 200 and "Set-Cookie" not in served.headers
    disposition = served.headers["Content-Disposition"]
    assert disposition.count('"') == 2 and disposition.endswith('-2026-06-01.pdf"')
