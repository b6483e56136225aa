"""One item: its preview (graded as in study), workflow buttons and review comments."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_login import current_user

from trainer.author import bp
from trainer.author.common import (
    author_required,
    now,
    question_or_404,
    scope,
    workflow_failed,
)
from trainer.author.forms import ActionForm, CommentForm
from trainer.extensions import db
from trainer.models import User
from trainer.services.authoring import history, policy, workflow
from trainer.services.authoring.drafts import TYPE_LABELS, type_key_of
from trainer.services.authoring.preview import check, preview
from trainer.services.quizzes import statistics


def _page(question, view, status: int = 200, comment_form=None):
    head = question.head_version
    return (
        render_template(
            "author/item.html",
            question=question,
            head=head,
            type_label=TYPE_LABELS[type_key_of(head.content)],
            view=view,
            head_author=_name(head.created_by_id),
            comments=history.version_comments(head.id),
            needs_approval=policy.needs_second_approval(question.clinic_id),
            publish_problem=workflow.publish_check(question, current_user),
            action_form=ActionForm(),
            comment_form=comment_form or CommentForm(formdata=None),
            quiz_flags=statistics.latest_flags(scope(), [question.id]).get(question.id, ()),
        ),
        status,
    )


def _name(user_id: int | None) -> str | None:
    user = db.session.get(User, user_id) if user_id else None
    return user.display_name if user else None


@bp.route("/items/<row_id:question_id>")
@author_required
def item(question_id: int):
    question = question_or_404(question_id)
    head = question.head_version
    return _page(question, preview(head.content, head.rich, seed=question.id))


@bp.route("/items/<row_id:question_id>/check", methods=["POST"])
@author_required
def check_answer(question_id: int):
    """Grade the preview answer with the study screen's registry."""
    question = question_or_404(question_id)
    ActionForm().validate()  # CSRF is checked app-wide; nothing else to parse
    head = question.head_version
    view = check(preview(head.content, head.rich, seed=question.id), request.form)
    return _page(question, view, 422 if view.error else 200)


def _step(question_id: int, step):
    question = question_or_404(question_id)
    form = ActionForm()
    if not form.validate():
        flash("The comment is too long (4,000 characters at most).", "warning")
        return redirect(url_for("author.item", question_id=question.id), code=303)
    try:
        message = step(question, (form.note.data or "").strip())
    except workflow.WorkflowError as error:
        return workflow_failed(error, question)
    flash(message, "success")
    return redirect(url_for("author.item", question_id=question.id), code=303)


@bp.route("/items/<row_id:question_id>/submit", methods=["POST"])
@author_required
def submit(question_id: int):
    def step(question, note):
        workflow.submit(question, current_user)
        if note:
            workflow.add_comment(question.pending_version, current_user, note, now())
        return "Submitted for review."

    return _step(question_id, step)


@bp.route("/items/<row_id:question_id>/publish", methods=["POST"])
@author_required
def publish(question_id: int):
    def step(question, note):
        version = question.pending_version
        if note and version is not None:
            workflow.add_comment(version, current_user, note, now(), commit=False)
        workflow.publish(question, current_user, now())
        return "Published: learners see this version from now on."

    return _step(question_id, step)


@bp.route("/items/<row_id:question_id>/send-back", methods=["POST"])
@author_required
def send_back(question_id: int):
    def step(question, note):
        workflow.send_back(question, current_user, note, now())
        return "Sent back to draft."

    return _step(question_id, step)


@bp.route("/items/<row_id:question_id>/retire", methods=["POST"])
@author_required
def retire(question_id: int):
    return _step(question_id, lambda q, _note: workflow.retire(q) or "Retired.")


@bp.route("/items/<row_id:question_id>/reinstate", methods=["POST"])
@author_required
def reinstate(question_id: int):
    return _step(question_id, lambda q, _note: workflow.reinstate(q) or "Reinstated.")


@bp.route("/items/<row_id:question_id>/comments", methods=["POST"])
@author_required
def comment(question_id: int):
    question = question_or_404(question_id)
    form = CommentForm()
    if not form.validate():
        head = question.head_version
        return _page(question, preview(head.content, head.rich, seed=question.id), 422, form)
    workflow.add_comment(question.head_version, current_user, form.body.data.strip(), now())
    flash("Comment added.", "success")
    return redirect(url_for("author.item", question_id=question.id), code=303)
