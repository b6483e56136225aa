"""The bank browser, bulk actions, CSV export and the approval policy."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user

from trainer.author import bp
from trainer.author.common import author_required, now, scope
from trainer.author.forms import BulkForm, PolicyForm
from trainer.bank.spec import DIFFICULTIES
from trainer.csv_export import csv_response
from trainer.models import QuestionStatus
from trainer.request_ids import row_id
from trainer.services.authoring import browser, bulk, policy
from trainer.services.authoring.drafts import TYPE_LABELS
from trainer.services.authoring.options import editor_options
from trainer.services.authoring.permissions import owner_choices, owner_id
from trainer.services.quizzes import statistics


def _number(name: str, kind=int):
    try:
        value = kind(request.args.get(name, ""))
    except ValueError:
        return None
    return value


def browse_filter() -> browser.BrowseFilter:
    """The bank browser's filter from the query string (also the quiz builder's picker)."""
    args = request.args
    difficulty = _number("difficulty")
    sort = args.get("sort", "id")
    return browser.BrowseFilter(
        q=args.get("q", "")[:200],
        topic=args.get("topic", ""),
        type=args.get("type", ""),
        status=args.get("status", ""),
        tag=args.get("tag", ""),
        muscle=args.get("muscle", ""),
        difficulty=difficulty if difficulty in DIFFICULTIES else None,
        owner=args.get("owner", ""),
        author=args.get("author", "")[:80],
        min_answers=_number("min_answers"),
        max_correct=_number("max_correct", float),
        leeches_only=args.get("leeches") == "1",
        sort=sort if sort in browser.SORTS else "id",
        descending=args.get("desc") == "1",
    )


@bp.route("/")
@author_required
def index():
    flt = browse_filter()
    page = browser.browse(scope(), flt, _number("page") or 1)
    return render_template(
        "author/index.html",
        page=page,
        flt=flt,
        args=request.args.to_dict(),
        options=editor_options(scope()),
        owners=owner_choices(scope()),
        type_labels=TYPE_LABELS,
        statuses=[s.value for s in QuestionStatus],
        bulk_form=BulkForm(),
        quiz_flags=statistics.latest_flags(scope(), [r.question_id for r in page.rows]),
    )


@bp.route("/items.csv")
@author_required
def items_csv():
    rows = browser.matching_rows(scope(), browse_filter())
    return csv_response("items.csv", browser.CSV_HEADER, browser.csv_rows(rows))


@bp.route("/bulk", methods=["POST"])
@author_required
def bulk_action():
    form = BulkForm()
    ids = []
    for value in request.form.getlist("ids"):
        try:
            ids.append(row_id(value))
        except ValueError:
            continue
    back = request.form.get("back") or url_for("author.index")
    if not back.startswith("/author/"):
        back = url_for("author.index")
    if not form.validate():
        abort(400, description="The form was incomplete; reload the page and try again.")
    try:
        plan = bulk.plan(scope(), current_user, form.action.data or "", ids, form.tag.data or "")
    except bulk.BulkError as error:
        flash(str(error).capitalize() + ".", "warning")
        return redirect(back, code=303)
    if form.confirm.data != "yes":
        return render_template("author/bulk_confirm.html", plan=plan, form=form, ids=ids, back=back)
    changed = bulk.apply(plan, current_user, now())
    flash(f"{changed} item{'s' if changed != 1 else ''} changed.", "success")
    return redirect(back, code=303)


@bp.route("/policy", methods=["GET", "POST"])
@author_required
def approval_policy():
    """Site admins set the shared bank's rule; clinic managers their clinic's."""
    owners = _policy_owners()
    if not owners:
        abort(403)
    form = PolicyForm()
    if request.method == "POST":
        value = request.form.get("owner", "")
        if value not in {o for o, _ in owners} or not form.validate():
            abort(400, description="Choose one of the listed owners.")
        policy.set_needs_second_approval(
            owner_id(scope(), value), bool(form.needs_second_approval.data)
        )
        flash("Approval rule saved.", "success")
        return redirect(url_for("author.approval_policy"), code=303)
    rows = [
        (value, label, policy.needs_second_approval(owner_id(scope(), value)))
        for value, label in owners
    ]
    return render_template("author/policy.html", rows=rows, form=form)


def _policy_owners() -> list[tuple[str, str]]:
    from sqlalchemy import select

    from trainer.auth.access import clinic_role
    from trainer.extensions import db
    from trainer.models import Clinic, ClinicRole

    owners = []
    for value, label in owner_choices(scope()):
        if value == "shared":
            if current_user.is_site_admin:
                owners.append((value, label))
            continue
        clinic = db.session.execute(select(Clinic).where(Clinic.slug == value)).scalar_one()
        if current_user.is_site_admin or clinic_role(current_user, clinic) == ClinicRole.MANAGER:
            owners.append((value, label))
    return owners
