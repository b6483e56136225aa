"""Competency pages: the list, create and edit (managers), the recommended defaults."""

from __future__ import annotations

from flask import abort, flash, g, redirect, render_template, url_for
from flask_login import current_user

from trainer.auth.access import clinic_role_required
from trainer.clinic import bp
from trainer.clinic.competency_forms import CompetencyForm, mastery_values
from trainer.clinic.forms import PlainForm, options
from trainer.clinic.routes import is_manager
from trainer.models import ClinicRole
from trainer.services.clinics import competencies as service
from trainer.services.clinics.staff import clinic_staff

_KEYS = {"mastery": "mastery", "exam": "exam", "credential": "credential"}


def _form(competency=None) -> CompetencyForm:
    form = CompetencyForm(obj=None) if competency is None else _filled(competency)
    form.exam_quiz.choices = options(service.quiz_choices(g.clinic))
    form.assign_people.choices = options(
        (m.user_id, f"{m.name} <{m.email}>") for m in clinic_staff(g.clinic) if m.active
    )
    return form


def _filled(competency) -> CompetencyForm:
    """The form for editing: the stored values, unless the request brings its own."""
    data = {
        "title": competency.title,
        "valid_for_months": competency.valid_for_months,
        "due_soon_days": competency.due_soon_days,
        "deadline_days": competency.deadline_days,
        "assign_mode": "everyone" if competency.assign_everyone
        else ("people" if competency.assign_user_ids else "roles"),
        "assign_roles": competency.assign_roles,
        "assign_people": competency.assign_user_ids,
    }  # fmt: skip
    for requirement in competency.requirements:
        kind = requirement.get("kind")
        if kind == "mastery":
            data.update(
                mastery=True,
                mastery_by=requirement["select"]["by"],
                mastery_values=", ".join(requirement["select"]["values"]),
                mastery_recall=round(requirement["min_mean_recall"] * 100),
                mastery_studied=round(requirement.get("min_studied", 0) * 100),
            )
        elif kind == "exam":
            data.update(
                exam=True, exam_quiz=requirement.get("quiz"),
                exam_score=round(requirement["min_score"] * 100),
            )  # fmt: skip
        elif kind == "credential":
            data.update(
                credential=True, credential_kind=requirement["credential_kind"],
                credential_hours=requirement.get("min_hours"),
                credential_in_person_hours=requirement.get("min_in_person_hours"),
            )  # fmt: skip
    return CompetencyForm(data=data)


def _data(form: CompetencyForm, existing=None) -> service.CompetencyData:
    """The form's values as stored data; requirement keys and labels stay those of the
    requirement edited, so results and reminders keep naming the same thing."""
    before = {r.get("kind"): r for r in (existing.requirements if existing else [])}
    requirements = []
    if form.mastery.data:
        values = mastery_values(form)
        requirements.append({
            "kind": "mastery",
            "key": before.get("mastery", {}).get("key", "mastery"),
            "label": f"{form.mastery_by.data} {', '.join(values)}",
            "select": {"by": form.mastery_by.data, "values": values},
            "min_mean_recall": form.mastery_recall.data / 100,
            "min_studied": (form.mastery_studied.data or 0) / 100,
        })  # fmt: skip
    if form.exam.data:
        titles = {c.value: c.label for c in form.exam_quiz.choices}
        requirements.append({
            "kind": "exam",
            "key": before.get("exam", {}).get("key", "exam"),
            "label": titles.get(form.exam_quiz.data, "the exam"),
            "quiz": form.exam_quiz.data,
            "min_score": form.exam_score.data / 100,
        })  # fmt: skip
    if form.credential.data:
        requirements.append({
            "kind": "credential",
            "key": before.get("credential", {}).get("key", "credential"),
            "label": form.credential_kind.data,
            "credential_kind": form.credential_kind.data,
            "min_hours": form.credential_hours.data,
            "min_in_person_hours": form.credential_in_person_hours.data,
        })  # fmt: skip
    mode = form.assign_mode.data
    return service.CompetencyData(
        title=form.title.data,
        valid_for_months=form.valid_for_months.data,
        due_soon_days=form.due_soon_days.data,
        deadline_days=form.deadline_days.data,
        assign_everyone=mode == "everyone",
        assign_roles=list(form.assign_roles.data or []) if mode == "roles" else [],
        assign_user_ids=list(form.assign_people.data or []) if mode == "people" else [],
        requirements=requirements,
    )


@bp.route("/<slug>/competencies")
@clinic_role_required(ClinicRole.INSTRUCTOR)
def competency_list(slug: str):
    rows = service.clinic_competencies(g.clinic)
    quiz_ids = {r.get("quiz") for c in rows for r in c.requirements if r.get("kind") == "exam"}
    return render_template(
        "clinic/competencies.html",
        clinic=g.clinic,
        competencies=rows,
        quiz_titles=service.quiz_titles({q for q in quiz_ids if isinstance(q, int)}),
        manager=is_manager(),
        button=PlainForm(),
    )


@bp.route("/<slug>/competencies/recommended", methods=["POST"])
@clinic_role_required(ClinicRole.MANAGER)
def competency_defaults(slug: str):
    if not PlainForm().validate_on_submit():
        abort(400)
    added = service.add_recommended(g.clinic, current_user)
    if added:
        flash(f"Added {', '.join(added)}: edit them to suit your clinic.", "success")
    else:
        flash("The clinic has the recommended competencies already.", "info")
    return redirect(url_for("clinic.competency_list", slug=slug), code=303)


@bp.route("/<slug>/competencies/new", methods=["GET", "POST"])
@clinic_role_required(ClinicRole.MANAGER)
def competency_new(slug: str):
    form = _form()
    if form.validate_on_submit():
        competency = service.save(g.clinic, current_user, _data(form))
        flash(f"Competency {competency.title} created.", "success")
        return redirect(url_for("clinic.competency_list", slug=slug), code=303)
    status = 422 if form.is_submitted() else 200
    return render_template(
        "clinic/competency_form.html", clinic=g.clinic, form=form, competency=None
    ), status


@bp.route("/<slug>/competencies/<int:competency_id>/edit", methods=["GET", "POST"])
@clinic_role_required(ClinicRole.MANAGER)
def competency_edit(slug: str, competency_id: int):
    competency = service.competency_in(g.clinic, competency_id)
    if competency is None:
        abort(404)
    form = _form(competency)
    if form.validate_on_submit():
        service.save(g.clinic, current_user, _data(form, competency), competency)
        flash(f"Competency {competency.title} saved.", "success")
        return redirect(url_for("clinic.competency_list", slug=slug), code=303)
    status = 422 if form.is_submitted() else 200
    return render_template(
        "clinic/competency_form.html", clinic=g.clinic, form=form, competency=competency
    ), status
