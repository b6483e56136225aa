"""The clinic rows of the route matrix (tests/integration/test_route_matrix.py), kept here so
the table stays readable: management, competencies, the matrix, evidence and credentials."""

from __future__ import annotations

from datetime import UTC, datetime

from trainer.models import ClinicInvite, ClinicRole, Competency, Credential

# Clinic management and competency pages, for clinic A and B objects ({x_A} of clinic A, {x_B}
# of B; {user_sa} is staff of A, {user_mb} the manager of B). The manager's empty requests are
# 400/422 (allowed in); a button (revoke, new code, defaults, sign-off) acts and answers 303.
_MANAGE_A = "302 404 404 403 403 {ok} 404 404 {ok}"
_MANAGE_B = "302 404 404 404 404 404 {ok} 404 {ok}"
_TEACH_A = "302 404 404 403 {ok} {ok} 404 404 {ok}"
_MEMBER_A = "302 404 404 {ok} {ok} {ok} 404 404 {ok}"
_NOBODY_IN_A = "302 404 404 403 403 404 404 404 404"  # a B object under A's path
_NOBODY = "302 404 404 404 404 404 404 404 404"


def clinic_rows(_row) -> list:
    """The rows, made by the table's own row maker."""
    table = [
        ("clinic.set_role", "POST", "/clinics/{A}/staff/{user_sa}/role", _MANAGE_A, 400),
        ("clinic.set_role", "POST", "/clinics/{B}/staff/{user_mb}/role", _MANAGE_B, 400),
        ("clinic.set_role", "POST", "/clinics/{A}/staff/{user_mb}/role", _NOBODY_IN_A, 0),
        ("clinic.set_member_active", "POST", "/clinics/{A}/staff/{user_sa}/active", _MANAGE_A, 400),
        ("clinic.set_member_active", "POST", "/clinics/{B}/staff/{user_mb}/active", _MANAGE_B, 400),
        (
            "clinic.set_member_active",
            "POST",
            "/clinics/{A}/staff/{user_mb}/active",
            _NOBODY_IN_A,
            0,
        ),
        ("clinic.invite_list", "GET", "/clinics/{A}/invites", _MANAGE_A, 200),
        ("clinic.invite_list", "GET", "/clinics/{B}/invites", _MANAGE_B, 200),
        # an empty form takes the defaults (a 14-day staff invite; the competency as stored)
        ("clinic.invite_list", "POST", "/clinics/{A}/invites", _MANAGE_A, 303),
        ("clinic.revoke_invite", "POST", "/clinics/{A}/invites/{invite_A}/revoke", _MANAGE_A, 303),
        ("clinic.revoke_invite", "POST", "/clinics/{B}/invites/{invite_B}/revoke", _MANAGE_B, 303),
        ("clinic.revoke_invite", "POST", "/clinics/{A}/invites/{invite_B}/revoke", _NOBODY_IN_A, 0),
        ("clinic.regenerate_code", "POST", "/clinics/{A}/invites/code", _MANAGE_A, 303),
        ("clinic.regenerate_code", "POST", "/clinics/{B}/invites/code", _MANAGE_B, 303),
        ("clinic.audit_log", "GET", "/clinics/{A}/audit", _MANAGE_A, 200),
        ("clinic.audit_log", "GET", "/clinics/{B}/audit", _MANAGE_B, 200),
        ("clinic.audit_csv", "GET", "/clinics/{A}/audit.csv", _MANAGE_A, 200),
        ("clinic.audit_csv", "GET", "/clinics/{B}/audit.csv", _MANAGE_B, 200),
        ("clinic.competency_list", "GET", "/clinics/{A}/competencies", _TEACH_A, 200),
        ("clinic.competency_list", "GET", "/clinics/{B}/competencies", _MANAGE_B, 200),
        (
            "clinic.competency_defaults",
            "POST",
            "/clinics/{A}/competencies/recommended",
            _MANAGE_A,
            303,
        ),
        ("clinic.competency_new", "GET", "/clinics/{A}/competencies/new", _MANAGE_A, 200),
        ("clinic.competency_new", "POST", "/clinics/{A}/competencies/new", _MANAGE_A, 422),
        (
            "clinic.competency_edit",
            "GET",
            "/clinics/{A}/competencies/{comp_A}/edit",
            _MANAGE_A,
            200,
        ),
        (
            "clinic.competency_edit",
            "POST",
            "/clinics/{A}/competencies/{comp_A}/edit",
            _MANAGE_A,
            303,
        ),
        (
            "clinic.competency_edit",
            "GET",
            "/clinics/{B}/competencies/{comp_B}/edit",
            _MANAGE_B,
            200,
        ),
        (
            "clinic.competency_edit",
            "GET",
            "/clinics/{A}/competencies/{comp_B}/edit",
            _NOBODY_IN_A,
            0,
        ),
        ("clinic.matrix", "GET", "/clinics/{A}/matrix", _TEACH_A, 200),
        ("clinic.matrix", "GET", "/clinics/{B}/matrix", _MANAGE_B, 200),
        ("clinic.matrix_csv", "GET", "/clinics/{A}/matrix.csv", _TEACH_A, 200),
        ("clinic.matrix_csv", "GET", "/clinics/{B}/matrix.csv", _MANAGE_B, 200),
        ("clinic.my_competencies", "GET", "/clinics/{A}/me", _MEMBER_A, 200),
        (
            "clinic.reminder_mutes",
            "POST",
            "/clinics/{A}/me/reminders",
            "302 404 404 {ok} {ok} {ok} 404 404 404",  # an admin has no membership to mute
            303,
        ),
        ("clinic.person", "GET", "/clinics/{A}/people/{user_sa}", _MEMBER_A, 200),
        ("clinic.person", "GET", "/clinics/{A}/people/{user_mb}", _NOBODY, 0),
        ("clinic.person", "GET", "/clinics/{B}/people/{user_mb}", _MANAGE_B, 200),
        ("clinic.person_csv", "GET", "/clinics/{A}/people/{user_sa}/evidence.csv", _MEMBER_A, 200),
        ("clinic.person_csv", "GET", "/clinics/{A}/people/{user_mb}/evidence.csv", _NOBODY, 0),
        ("clinic.credential_new", "GET", "/clinics/{A}/credentials/new", _MEMBER_A, 200),
        ("clinic.credential_new", "POST", "/clinics/{A}/credentials/new", _MEMBER_A, 422),
        ("clinic.credential_file", "GET", "/clinics/{A}/credentials/{cred_A}/file", _MEMBER_A, 200),
        ("clinic.credential_file", "GET", "/clinics/{A}/credentials/{cred_B}/file", _NOBODY, 0),
        ("clinic.credential_file", "GET", "/clinics/{B}/credentials/{cred_B}/file", _MANAGE_B, 200),
        ("clinic.credential_sign", "POST", "/clinics/{A}/credentials/{cred_A}/sign", _TEACH_A, 303),
        (
            "clinic.credential_sign",
            "POST",
            "/clinics/{A}/credentials/{cred_B}/sign",
            "302 404 404 403 404 404 404 404 404",
            0,
        ),
        (
            "clinic.credential_sign",
            "POST",
            "/clinics/{B}/credentials/{cred_B}/sign",
            _MANAGE_B,
            303,
        ),
    ]
    rows = [_row(e, m, p, pattern.format(ok=ok)) for e, m, p, pattern, ok in table]
    rows += [
        _row("clinic.join", "GET", "/clinics/join", "302 200 200 200 200 200 200 200 200"),
        _row("clinic.join", "POST", "/clinics/join", "302 422 422 422 422 422 422 422 422"),
    ]
    return rows


def clinic_objects(db, clinic_a, clinic_b, users) -> dict:
    """A competency, a credential (with a file) and an invite in each clinic."""
    now = datetime.now(UTC)
    objects = {"user_sa": users["sa"].id, "user_mb": users["mb"].id}
    for name, clinic, owner in (("A", clinic_a, users["sa"]), ("B", clinic_b, users["mb"])):
        competency = Competency(
            clinic_id=clinic.id, key="c", title="Competency", requirements=[
                {"kind": "credential", "key": "k", "label": "k", "credential_kind": "k"}
            ],
        )  # fmt: skip
        credential = Credential(
            clinic_id=clinic.id, user_id=owner.id, kind="k", issued_at=now,
            file_data=b"%PDF-1.4 x", file_type="application/pdf", file_name="k.pdf", file_size=10,
        )  # fmt: skip
        invite = ClinicInvite(
            clinic_id=clinic.id, code=f"CODE-{name}", role=ClinicRole.STAFF, expires_at=now
        )
        db.session.add_all([competency, credential, invite])
        db.session.flush()
        objects |= {f"comp_{name}": competency.id, f"cred_{name}": credential.id,
                    f"invite_{name}": invite.id}  # fmt: skip
    db.session.commit()
    return objects
