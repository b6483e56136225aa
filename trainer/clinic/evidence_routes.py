"""The matrix, a person's evidence and own page, and credentials (record, file, sign-off)."""

from __future__ import annotations

from datetime import UTC, datetime, time

from flask import Response, abort, flash, g, redirect, render_template, request, url_for
from flask_login import current_user

from trainer.auth.access import clinic_role_required
from trainer.charts import bar_chart_svg
from trainer.clinic import bp
from trainer.clinic.competency_forms import CredentialForm
from trainer.clinic.forms import PlainForm, choice_values, options
from trainer.clinic.reminder_routes import reminder_view
from trainer.clinic.routes import is_manager, is_teacher
from trainer.clinic.status_view import (
    STATUS_VIEW,
    cell_html,
    cell_text,
    filtered_rows,
    next_step,
)
from trainer.csv_export import csv_response
from trainer.domain.competency import MasteryRequirement
from trainer.extensions import db
from trainer.models import ClinicRole, User, utcnow
from trainer.services.clinics import credentials as credential_service
from trainer.services.clinics.matrix import clinic_matrix
from trainer.services.clinics.staff import clinic_staff, membership_of
from trainer.services.clinics.trend import mastery_trends


@bp.context_processor
def _status_words() -> dict:
    return {"cell_text": cell_text}


def _filters() -> dict[str, str]:
    keys = ("role", "status", "competency", "sort")
    return {key: request.args.get(key, "")[:60] for key in keys}


@bp.route("/<slug>/matrix")
@clinic_role_required(ClinicRole.INSTRUCTOR)
def matrix(slug: str):
    now = utcnow()
    result = clinic_matrix(g.clinic, now)
    filters = _filters()
    people, columns = filtered_rows(result, filters)
    # One URL built, then filled in per person: url_for per cell would cost more than the matrix.
    person_url = url_for("clinic.person", slug=slug, user_id=0)[: -len("0")]
    rows = [
        (p, f"{person_url}{p.user_id}", [(c, cell_html(result.cell(p, c))) for c in columns])
        for p in people
    ]
    return render_template(
        "clinic/matrix.html",
        clinic=g.clinic,
        result=result,
        people=people,
        rows=rows,
        columns=columns,
        filters=filters,
        statuses=STATUS_VIEW,
        now=now,
        printed_by=current_user.display_name,
    )


@bp.route("/<slug>/matrix.csv")
@clinic_role_required(ClinicRole.INSTRUCTOR)
def matrix_csv(slug: str):
    result = clinic_matrix(g.clinic, utcnow())
    people, columns = filtered_rows(result, _filters())
    return csv_response(
        f"{g.clinic.slug}-competency-matrix.csv",
        ["name", "email", "role", *[c.title for c in columns]],
        [
            [p.name, p.email, p.role, *[cell_text(result.cell(p, c)) for c in columns]]
            for p in people
        ],
    )


def _person_page(user_id: int, own: bool):
    now = utcnow()
    result = clinic_matrix(g.clinic, now, user_id=user_id)
    membership = membership_of(g.clinic, user_id)
    records = credential_service.person_credentials(g.clinic, user_id)
    person = result.people[0] if result.people else None
    cells = [(c, result.cell(person, c)) for c in result.competencies] if person else []
    mastery = {
        r.requirement.key: r.requirement
        for _, cell in cells
        for r in cell.requirements
        if isinstance(r.requirement, MasteryRequirement)
    }
    trends = {
        key: bar_chart_svg(points, title=f"Mean recall of {mastery[key].label}, by week",
                           y_label="% recall")
        for key, points in mastery_trends(user_id, list(mastery.values()), now).items()
    }  # fmt: skip
    return render_template(
        "clinic/person.html",
        clinic=g.clinic,
        member=membership,
        subject=db.session.get(User, user_id),
        person=person,
        cells=cells,
        trends=trends,
        credentials=records,
        statuses=STATUS_VIEW,
        own=own,
        teacher=is_teacher(),
        next_step=next_step(g.clinic, cells) if own else None,
        reminders=reminder_view(g.clinic, membership) if own and membership else None,
        button=PlainForm(),
        now=now,
        printed_by=current_user.display_name,
    )


@bp.route("/<slug>/me")
@clinic_role_required(ClinicRole.STAFF)
def my_competencies(slug: str):
    return _person_page(current_user.id, own=True)


def _hours_text(record) -> str:
    if record.hours is None:
        return ""
    if record.in_person_hours is None:
        return f"{record.hours:g} hours"
    return f"{record.hours:g} hours, {record.in_person_hours:g} in person"


def _person_or_404(user_id: int) -> None:
    """A member's evidence is theirs and their clinic's managers' and instructors' only."""
    if membership_of(g.clinic, user_id) is None or (
        user_id != current_user.id and not is_teacher()
    ):
        abort(404)


@bp.route("/<slug>/people/<int:user_id>")
@clinic_role_required(ClinicRole.STAFF)
def person(slug: str, user_id: int):
    _person_or_404(user_id)
    return _person_page(user_id, own=user_id == current_user.id)


@bp.route("/<slug>/people/<int:user_id>/evidence.csv")
@clinic_role_required(ClinicRole.STAFF)
def person_csv(slug: str, user_id: int):
    """What the evidence page shows, one line per requirement and per credential."""
    _person_or_404(user_id)
    result = clinic_matrix(g.clinic, utcnow(), user_id=user_id)
    rows = []
    for person in result.people:
        for competency in result.competencies:
            cell = result.cell(person, competency)
            for r in cell.requirements or [None]:
                measured = ""
                if r is not None and r.mean_recall is not None:
                    measured = f"mean recall {r.mean_recall:.3f}, studied {r.studied_fraction:.3f}"
                elif r is not None and r.best_score is not None:
                    measured = f"best score {r.best_score:.3f}"
                rows.append([
                    "competency", competency.title, cell_text(cell),
                    r.requirement.label if r else "", ("met" if r.met else "not met") if r else "",
                    measured, _day(r.expires_at if r else cell.expires_at), _day(cell.deadline), "",
                ])  # fmt: skip
    for record in credential_service.person_credentials(g.clinic, user_id):
        signer = record.signed_by.email if record.signed_by else ""
        rows.append([
            "credential", record.kind, "signed" if record.signed_by_id else "awaiting sign-off",
            record.title, "", _hours_text(record),
            _day(record.expires_at), _day(record.issued_at),
            f"{signer} {_day(record.signed_at)}".strip(),
        ])  # fmt: skip
    return csv_response(
        f"{g.clinic.slug}-evidence-{user_id}.csv",
        ["record", "name", "status", "requirement or title", "met", "measured",
         "valid until", "deadline or issued", "signed off by"],
        rows,
    )  # fmt: skip


def _day(moment: datetime | None) -> str:
    return moment.date().isoformat() if moment else ""


def _midnight(day) -> datetime:
    return datetime.combine(day, time(), tzinfo=UTC)


@bp.route("/<slug>/credentials/new", methods=["GET", "POST"])
@clinic_role_required(ClinicRole.STAFF)
def credential_new(slug: str):
    form = CredentialForm()
    if is_manager():
        form.person.choices = options(
            (m.user_id, f"{m.name} <{m.email}>") for m in clinic_staff(g.clinic) if m.active
        )
    else:
        form.person.choices = options([(current_user.id, current_user.display_name)])
    if request.method == "GET":
        wanted = request.args.get("person", type=int)
        form.person.data = wanted if wanted in choice_values(form.person) else current_user.id
        form.kind.data = request.args.get("kind", "")[:60]
    if form.validate_on_submit():
        upload = form.evidence.data
        data = upload.read(credential_service.MAX_UPLOAD_BYTES + 1) if upload else None
        member = membership_of(g.clinic, form.person.data)
        try:
            credential_service.record(
                g.clinic,
                current_user,
                credential_service.NewCredential(
                    user_id=form.person.data,
                    kind=form.kind.data,
                    title=form.title.data or "",
                    issued_at=_midnight(form.issued_on.data),
                    expires_at=_midnight(form.expires_on.data) if form.expires_on.data else None,
                    hours=form.hours.data,
                    in_person_hours=form.in_person_hours.data,
                    file_data=data,
                ),
                member.user.email if member else "",
            )
        except credential_service.UploadError as error:
            form.evidence.errors = [str(error)]
        else:
            flash("Credential recorded; a manager or instructor signs it off.", "success")
            target = form.person.data
            if target == current_user.id:
                return redirect(url_for("clinic.my_competencies", slug=slug), code=303)
            return redirect(url_for("clinic.person", slug=slug, user_id=target), code=303)
    status = 422 if form.is_submitted() else 200
    return render_template("clinic/credential_form.html", clinic=g.clinic, form=form), status


def _credential_or_404(credential_id: int):
    credential = credential_service.credential_in(g.clinic, credential_id)
    if credential is None or (credential.user_id != current_user.id and not is_teacher()):
        abort(404)
    return credential


@bp.route("/<slug>/credentials/<int:credential_id>/file")
@clinic_role_required(ClinicRole.STAFF)
def credential_file(slug: str, credential_id: int):
    credential = _credential_or_404(credential_id)
    data = credential_service.file_of(credential)
    if not data:
        abort(404, description="No file was uploaded with this credential.")
    media_type = credential.file_type or "application/octet-stream"
    name = credential_service.download_name(
        credential.kind, credential.issued_at, credential_service.EXTENSIONS.get(media_type, "bin")
    )
    response = Response(data, mimetype=media_type)
    response.headers["Content-Disposition"] = f'attachment; filename="{name}"'
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Cache-Control"] = "private, no-store"
    return response


@bp.route("/<slug>/credentials/<int:credential_id>/sign", methods=["POST"])
@clinic_role_required(ClinicRole.INSTRUCTOR)
def credential_sign(slug: str, credential_id: int):
    credential = _credential_or_404(credential_id)
    if not PlainForm().validate_on_submit():
        abort(400)
    if credential_service.sign(g.clinic, current_user, credential, utcnow()):
        flash("Credential signed off.", "success")
    else:
        flash("This credential was signed off already.", "info")
    return redirect(url_for("clinic.person", slug=slug, user_id=credential.user_id), code=303)
