"""Role and clinic checks: nobody sees another clinic's data."""

from __future__ import annotations

import pytest

from trainer.models import ClinicRole


def test_manager_sees_own_clinic_staff_and_csv(manager_client, clinic_a, staff_a):
    page = manager_client.get("/clinics/alpha/staff")
    assert page.status_code == 200
    assert b"staff@alpha.example" in page.data
    csv = manager_client.get("/clinics/alpha/staff.csv")
    assert csv.status_code == 200
    assert csv.mimetype == "text/csv"
    assert "staff@alpha.example" in csv.get_data(as_text=True)


@pytest.mark.parametrize(
    "path", ["/clinics/beta/", "/clinics/beta/staff", "/clinics/beta/staff.csv"]
)
def test_manager_of_a_gets_404_for_clinic_b(manager_client, clinic_b, factory, path):
    factory.user(email="secret@beta.example", clinic=clinic_b, clinic_role=ClinicRole.STAFF)
    response = manager_client.get(path)
    assert response.status_code == 404
    assert b"secret@beta.example" not in response.data


def test_staff_gets_403_for_manager_pages_of_own_clinic(staff_client, clinic_a):
    assert staff_client.get("/clinics/alpha/").status_code == 200
    assert staff_client.get("/clinics/alpha/staff").status_code == 403
    assert staff_client.get("/clinics/alpha/staff.csv").status_code == 403


def test_unknown_clinic_is_404(manager_client):
    assert manager_client.get("/clinics/nowhere/").status_code == 404


def test_site_admin_sees_every_clinic(admin_client, clinic_a, clinic_b):
    assert admin_client.get("/clinics/beta/staff").status_code == 200


def test_anonymous_is_sent_to_login(client, clinic_a):
    response = client.get("/clinics/alpha/")
    assert response.status_code == 302 and "/auth/login" in response.headers["Location"]


def test_anonymous_json_gets_401(client, clinic_a):
    response = client.get("/clinics/alpha/", headers={"Accept": "application/json"})
    assert response.status_code == 401
    assert response.json["error"] == "Unauthorized"


def test_403_answers_json_when_asked(staff_client, clinic_a):
    response = staff_client.get("/clinics/alpha/staff", headers={"Accept": "application/json"})
    assert response.status_code == 403
    assert response.json == {
        "error": "Forbidden",
        "status": 403,
        "message": response.json["message"],
    }


def test_staff_csv_neutralises_formulas(manager_client, factory, clinic_a):
    factory.user(email="f@alpha.example", name="=HYPERLINK(1)", clinic=clinic_a)
    text = manager_client.get("/clinics/alpha/staff.csv").get_data(as_text=True)
    assert "'=HYPERLINK(1)" in text


def test_site_role_required_decorator(app, client, factory, auth):
    from flask_login import current_user  # noqa: F401

    from trainer.auth.access import site_role_required
    from trainer.models import SiteRole

    @app.route("/_only_instructors")
    @site_role_required(SiteRole.INSTRUCTOR)
    def only_instructors():
        return "ok"

    learner = factory.user(email="l@example.com")
    instructor = factory.user(email="i@example.com", site_role=SiteRole.INSTRUCTOR)
    auth.login(learner.email)
    assert client.get("/_only_instructors").status_code == 403
    auth.logout()
    auth.login(instructor.email)
    assert client.get("/_only_instructors").status_code == 200
