"""History of an item: its versions, a side-by-side diff of any two, and restore."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import select

from trainer.author import bp
from trainer.author.common import author_required, now, question_or_404, workflow_failed
from trainer.author.forms import RestoreForm
from trainer.extensions import db
from trainer.models import QuestionVersion
from trainer.request_ids import row_id
from trainer.services.authoring import history, workflow


def _version(question_id: int, number: int | None) -> QuestionVersion | None:
    if number is None:
        return None
    return db.session.execute(
        select(QuestionVersion).where(
            QuestionVersion.question_id == question_id, QuestionVersion.number == number
        )
    ).scalar_one_or_none()


@bp.route("/items/<row_id:question_id>/history")
@author_required
def item_history(question_id: int):
    question = question_or_404(question_id)
    return render_template(
        "author/history.html",
        question=question,
        rows=history.versions(question),
        form=RestoreForm(),
    )


@bp.route("/items/<row_id:question_id>/diff")
@author_required
def item_diff(question_id: int):
    """``?a=2&b=5`` (version numbers); by default the newest against the one before."""
    question = question_or_404(question_id)
    rows = history.versions(question)
    newest = rows[0].version.number
    b = _version(question.id, request.args.get("b", newest, type=row_id))
    a = _version(
        question.id, request.args.get("a", max(1, b.number - 1) if b else None, type=row_id)
    )
    if a is None or b is None:
        abort(404)
    return render_template(
        "author/diff.html",
        question=question,
        a=a,
        b=b,
        fields=history.diff(a.content, b.content),
        key_changed=history.key_changed(a.content, b.content),
        numbers=[r.version.number for r in rows],
    )


@bp.route("/items/<row_id:question_id>/versions/<row_id:number>/restore", methods=["POST"])
@author_required
def restore_version(question_id: int, number: int):
    question = question_or_404(question_id)
    old = _version(question.id, number)
    if old is None:
        abort(404)
    RestoreForm().validate()
    try:
        version = workflow.restore(question, current_user, old, now())
    except workflow.WorkflowError as error:
        return workflow_failed(error, question)
    flash(f"Version {old.number} restored as version {version.number} (a draft).", "success")
    return redirect(url_for("author.item_history", question_id=question.id), code=303)
