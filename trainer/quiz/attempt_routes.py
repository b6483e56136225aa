"""Quiz views: attempt (see trainer/quiz/__init__.py).

Learners list their quizzes, start one, answer item by item (every Previous/Next/Flag posts the
item's form and saves it, so the page works without JavaScript; quiz_attempt.js autosaves the
same form), review a summary, submit, and see results and history. A quiz or attempt a learner
may not reach answers 404, like one that does not exist.
"""

from __future__ import annotations

from flask import flash, jsonify, redirect, render_template, request, url_for
from flask_login import current_user, login_required
from werkzeug.exceptions import NotFound

from trainer.csv_export import csv_response
from trainer.domain import grading
from trainer.domain.quizzes import seconds_left
from trainer.errors import error_response, wants_json
from trainer.models import AttemptCloser, AttemptState, FeedbackTiming, utcnow
from trainer.quiz import bp
from trainer.quiz.attempt_forms import ItemForm, StartForm, SubmitForm
from trainer.services.learning.study import version_content
from trainer.services.learning.study_view import response_from_form
from trainer.services.quizzes import attempts, history, views
from trainer.services.quizzes.visibility import (
    QuizNotFound,
    quiz_by_link,
    quiz_for_learner,
)


@bp.errorhandler(QuizNotFound)
def _not_found(_error):
    missing = NotFound()
    return error_response(404, missing.name, missing.description or "")


@bp.route("/")
@login_required
def index():
    return render_template(
        "quiz/take_index.html", rows=history.quiz_rows(current_user.id, utcnow())
    )


def _quiz_page(quiz, link: str | None = None, error: str | None = None, status: int = 200):
    now = utcnow()
    return render_template(
        "quiz/take_quiz.html",
        quiz=quiz,
        row=history.quiz_row(quiz, current_user.id, now),
        attempts=history.history(current_user.id, now, quiz.id),
        form=StartForm(link=link),
        error=error,
    ), status


@bp.route("/<row_id:quiz_id>")
@login_required
def overview(quiz_id: int):
    return _quiz_page(quiz_for_learner(quiz_id, current_user.id))


@bp.route("/l/<token>")
@login_required
def link(token: str):
    quiz = quiz_by_link(token)
    return _quiz_page(quiz, link=token)


@bp.route("/<row_id:quiz_id>/start", methods=["POST"])
@login_required
def start(quiz_id: int):
    form = StartForm()
    link_token = str(form.link.data or "")[:43] or None
    quiz = quiz_for_learner(quiz_id, current_user.id, link_token)
    if not form.validate_on_submit():
        return _quiz_page(quiz, link_token, "The form expired; please start again.", 400)
    try:
        started = attempts.start(quiz, current_user.id, utcnow())
    except attempts.AttemptError as error:
        return _quiz_page(quiz, link_token, error.message, error.status)
    if started.resumed:
        flash("You already had an attempt in progress: here it is.", "info")
    return redirect(url_for("quiz.item", attempt_id=started.attempt.id, position=1), 303)


def _owned(attempt_id: int):
    return attempts.attempt_for_owner(attempt_id, current_user.id, utcnow())


def _to_result(attempt):
    if attempt.closed_by == AttemptCloser.TIMER:
        flash("Time was up: your attempt was closed with the answers you had saved.", "warning")
    return redirect(url_for("quiz.result", attempt_id=attempt.id), 303)


@bp.route("/attempts/<row_id:attempt_id>")
@login_required
def attempt(attempt_id: int):
    owned = _owned(attempt_id)
    if owned.state != AttemptState.IN_PROGRESS:
        return _to_result(owned)
    first_open = next((i.position for i in owned.items if i.response is None), 1)
    return redirect(url_for("quiz.item", attempt_id=owned.id, position=first_open))


def _item_page(owned, position: int, error: str | None = None, status: int = 200):
    current = attempts.item_at(owned, position)
    immediate = owned.quiz.feedback_timing == FeedbackTiming.IMMEDIATE
    policy = history.review_policy(owned.quiz, utcnow()) if immediate else None
    return render_template(
        "quiz/take_attempt.html",
        attempt=owned,
        quiz=owned.quiz,
        view=views.item_view(current, policy),
        form=ItemForm(revision=current.revision + 1),
        immediate=immediate,
        policy=policy,
        seconds_left=seconds_left(owned.due_at, utcnow()),
        error=error,
    ), status


@bp.route("/attempts/<row_id:attempt_id>/items/<row_id:position>", methods=["GET", "POST"])
@login_required
def item(attempt_id: int, position: int):
    owned = _owned(attempt_id)
    attempts.item_at(owned, position)  # 404 for a position the attempt does not have
    if owned.state != AttemptState.IN_PROGRESS:
        if request.method == "POST" and wants_json():
            return _json_refusal(owned, attempts.AttemptError(attempts.TIME_UP, 409))
        return _to_result(owned)
    if request.method == "GET":
        return _item_page(owned, position)
    return _save(owned, position)


def _json_refusal(owned, error: attempts.AttemptError):
    closed = owned.state != AttemptState.IN_PROGRESS
    if closed and owned.closed_by == AttemptCloser.LEARNER:
        error = attempts.AttemptError("This attempt has been submitted.", 409)
    body = {"error": error.message, "status": error.status, "closed": closed}
    if closed:
        body["result_url"] = url_for("quiz.result", attempt_id=owned.id)
    return jsonify(body), error.status


def _save(owned, position: int):
    form = ItemForm()
    if not form.validate_on_submit():
        error = attempts.AttemptError("The page was out of date; nothing was saved. Try again.")
        if wants_json():
            return _json_refusal(owned, error)
        return _item_page(owned, position, error.message, 400)
    current = attempts.item_at(owned, position)
    action = (form.action.data or "save").strip()
    now = utcnow()
    stale = True  # a checked item is locked: only flag and move on
    try:
        if current.graded_at is None:
            kind = grading.type_key(version_content(current.question_version_id))
            response = response_from_form(kind, request.form)
            stale = attempts.save_response(owned, position, response, form.revision.data, now).stale
        if action in ("flag", "unflag"):
            attempts.set_flag(owned, position, action == "flag", now)
        if action == "check":
            attempts.check_item(owned, position, now)
    except attempts.AttemptError as error:
        if wants_json():
            return _json_refusal(owned, error)
        if owned.state != AttemptState.IN_PROGRESS:
            flash(error.message, "warning")
            return _to_result(owned)
        return _item_page(owned, position, error.message, error.status)
    if wants_json():
        return jsonify(
            saved=not stale,
            stale=stale,
            revision=current.revision,
            answered=current.response is not None,
            flagged=current.flagged,
            seconds_left=seconds_left(owned.due_at, utcnow()),
        )
    target = form.target(position, len(owned.items))
    if target == "summary":
        return redirect(url_for("quiz.summary", attempt_id=owned.id), 303)
    return redirect(url_for("quiz.item", attempt_id=owned.id, position=target or position), 303)


@bp.route("/attempts/<row_id:attempt_id>/submit", methods=["GET", "POST"])
@login_required
def summary(attempt_id: int):
    owned = _owned(attempt_id)
    if owned.state != AttemptState.IN_PROGRESS:
        return _to_result(owned)
    form = SubmitForm()
    if request.method == "POST":
        if form.validate_on_submit():
            attempts.submit(owned, utcnow())
            return _to_result(owned)
        flash("The form expired; please submit again.", "warning")
    return render_template(
        "quiz/take_summary.html",
        attempt=owned,
        quiz=owned.quiz,
        unanswered=[i for i in owned.items if i.response is None],
        flagged=[i for i in owned.items if i.flagged],
        form=form,
        seconds_left=seconds_left(owned.due_at, utcnow()),
    ), (400 if request.method == "POST" else 200)


@bp.route("/attempts/<row_id:attempt_id>/result")
@login_required
def result(attempt_id: int):
    owned = _owned(attempt_id)
    if owned.state == AttemptState.IN_PROGRESS:
        return redirect(url_for("quiz.attempt", attempt_id=owned.id))
    policy = history.review_policy(owned.quiz, utcnow())
    return render_template(
        "quiz/take_result.html",
        attempt=owned,
        quiz=owned.quiz,
        policy=policy,
        items=[views.item_view(i, policy) for i in owned.items],
        taken=(owned.finished_at - owned.started_at) if owned.finished_at else None,
    )


@bp.route("/history")
@login_required
def attempt_history():
    return render_template(
        "quiz/take_history.html", rows=history.history(current_user.id, utcnow())
    )


@bp.route("/history.csv")
@login_required
def history_csv():
    rows = history.history(current_user.id, utcnow())
    return csv_response(
        "my-quiz-attempts.csv",
        [
            "quiz",
            "attempt",
            "state",
            "started_at_utc",
            "finished_at_utc",
            "closed_by",
            "seconds_taken",
            "score",
            "passed",
            "counted",
        ],
        [
            [
                r.quiz_title,
                r.attempt.number,
                r.attempt.state.value,
                r.attempt.started_at.isoformat(),
                r.attempt.finished_at.isoformat() if r.attempt.finished_at else "",
                r.attempt.closed_by.value if r.attempt.closed_by else "",
                int(r.time_taken.total_seconds()) if r.time_taken else "",
                "" if r.score is None else f"{r.score:.4f}",
                "" if r.passed is None else ("yes" if r.passed else "no"),
                "yes" if r.counted else "",
            ]
            for r in rows
        ],
    )
