"""The review screen. JSON for the keyboard-driven page (study.js); plain forms work too."""

from __future__ import annotations

from flask import current_app, flash, jsonify, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from trainer.extensions import db
from trainer.models import utcnow
from trainer.request_ids import row_id
from trainer.request_json import NotAJsonObject, json_object
from trainer.services.learning import study, study_queue
from trainer.services.learning.study_view import (
    RATING_LABELS,
    card_view,
    feedback_view,
    response_from_form,
)
from trainer.study import bp, fields


def _body() -> dict | None:
    """The JSON object sent (None for a form or no body); NotAJsonObject is answered below."""
    return json_object()


def _session_filter(*, with_body: bool = True) -> study_queue.SessionFilter:
    body = _body() if with_body else None
    source = body if body is not None else ({} if request.is_json else request.form)
    topic = request.args.get("topic") or source.get("topic")
    tag = request.args.get("tag") or source.get("tag")
    muscle = request.args.get("muscle") or source.get("muscle")
    return study_queue.SessionFilter(
        topic=str(topic)[:100] if topic else None,
        tag=str(tag).strip().lower()[:100] if tag else None,
        muscle=str(muscle)[:100] if muscle else None,
    )


@bp.errorhandler(NotAJsonObject)
def _not_a_json_object(error: NotAJsonObject):
    return _error(study.StudyError(str(error)), _session_filter(with_body=False))


def _wants_json() -> bool:
    return request.accept_mimetypes.best == "application/json" or request.is_json


def _counts(session: study_queue.SessionFilter) -> dict[str, int]:
    c = study_queue.counts(current_user.id, utcnow(), session)
    return {"new": c.new, "learning": c.learning, "due": c.due}


def _next_view(session: study_queue.SessionFilter, card_id: int | None = None):
    now = utcnow()
    if card_id is not None:
        card = study.card_for_presentation(current_user.id, card_id)
        nxt = study_queue.NextCard(card, study_queue.kind_of(card)) if card else None
    else:
        nxt = study_queue.next_card(current_user.id, now, session)
    if nxt is None:
        db.session.commit()
        return None
    presented = study.present(
        current_user.id, nxt.card, nxt.kind, now, current_app.config["SECRET_KEY"]
    )
    db.session.commit()  # a new item's card row, created on first showing
    return card_view(presented)


def _done_context(session: study_queue.SessionFilter, view) -> dict:
    """For the "done" card: whether the session matched nothing at all (an unknown tag, say),
    and then the tags there are, with counts, to choose from instead."""
    if view is not None or not session.active:
        return {}
    if study_queue.session_size(current_user.id, session) > 0:
        return {}
    return {"nothing_matched": True, "tag_choices": study_queue.tag_counts(current_user.id)}


def _page(session: study_queue.SessionFilter, view=None, status: int = 200, **extra):
    """The study page around a card, a feedback or an error."""
    context = {"tag_choices": study_queue.tag_counts(current_user.id)}
    if "feedback" not in extra:
        context |= _done_context(session, view)
    return render_template(
        "study/index.html",
        view=view,
        counts=_counts(session),
        session=session,
        topics=study_queue.topic_choices(),
        **context,
        **extra,
    ), status


@bp.route("/")
@login_required
def index():
    session = _session_filter()
    view = _next_view(session, request.args.get("card", type=row_id))
    return _page(session, view)


@bp.route("/card")
@login_required
def card():
    session = _session_filter()
    card_id = request.args.get("card", type=row_id)
    view = _next_view(session, card_id)
    html = render_template(
        "study/_card.html", view=view, session=session, **_done_context(session, view)
    )
    body = {"html": html, "done": view is None}
    # Counts change only when an answer is recorded or undone, and those responses carry them;
    # the page asks for them here only when it has none.
    if request.args.get("counts"):
        body["counts"] = _counts(session)
    return jsonify(body)


def _response_and_options() -> tuple[str, dict, int | None, bool]:
    """Token, response, duration and "too easy" from JSON or a plain form; StudyError if bad."""
    if request.is_json:
        body = _body() or {}
        response = body.get("response")
        return (
            str(body.get("token", "")),
            response if isinstance(response, dict) else {},
            fields.duration_ms(body.get("duration_ms")),
            bool(body.get("too_easy")),
        )
    form = request.form
    return (
        form.get("token", ""),
        response_from_form(form.get("type_key", ""), form),
        fields.duration_ms(form.get("duration_ms")),
        form.get("too_easy") == "on",
    )


def _feedback(outcome: study.AnswerOutcome, session, status: int = 200):
    content = study.version_content(outcome.version_id)
    view = feedback_view(outcome, content)
    self_rated = view.type_key == "flashcard"  # also for a retried (duplicate) flashcard
    if self_rated and not _wants_json():
        # A flashcard's rating is the whole answer: straight on to the next card, as in Anki.
        flash(f"Rated {RATING_LABELS[outcome.rating]}. Undo brings the card back.", "info")
        return redirect(url_for("study.index", **session.params))
    if _wants_json():
        html = render_template("study/_feedback.html", fb=view, session=session)
        return jsonify(
            html=html,
            counts=_counts(session),
            log_id=outcome.log_id,
            rating=int(outcome.rating),
            leech=outcome.leech,
            duplicate=outcome.duplicate,
            self_rated=self_rated,  # study.js goes straight to the next card
        ), status
    return _page(session, feedback=view, status=status)


def _error(error: study.StudyError, session):
    if _wants_json():
        extra = {"code": error.code} if error.code else {}
        return jsonify(error=error.message, status=error.status, **extra), error.status
    view = None
    if error.code == "not_answered" and error.card_id is not None:
        view = _next_view(session, error.card_id)  # the same card again, in the same order
    not_answered = error.message if view is not None else None
    return _page(
        session,
        view,
        error.status,
        error=None if not_answered else error.message,
        not_answered=not_answered,
    )


@bp.route("/answer", methods=["POST"])
@login_required
def answer():
    session = _session_filter()
    try:
        token, response, duration, too_easy = _response_and_options()
        outcome = study.answer(
            current_user.id,
            token,
            response,
            utcnow(),
            current_app.config["SECRET_KEY"],
            duration_ms=duration,
            too_easy=too_easy,
        )
    except study.StudyError as error:
        return _error(error, session)
    return _feedback(outcome, session)


@bp.route("/rating", methods=["POST"])
@login_required
def rating():
    session = _session_filter()
    source = (_body() or {}) if request.is_json else request.form
    try:
        log_id = row_id(source.get("log_id"))
    except ValueError:
        return _error(study.StudyError("That rating change could not be read."), session)
    try:
        outcome = study.change_rating(current_user.id, log_id, fields.rating(source.get("rating")))
    except study.StudyError as error:
        return _error(error, session)
    return _feedback(outcome, session)


@bp.route("/undo", methods=["POST"])
@login_required
def undo():
    session = _session_filter()
    undone = study.undo_last(current_user.id)
    if not _wants_json():
        target = {"card": undone.card_id} if undone else {}
        flash(f"Undone: {undone.label} is back." if undone else "Nothing to undo.", "info")
        return redirect(url_for("study.index", **session.params, **target))
    if undone is None:
        return jsonify(error="Nothing to undo.", status=409), 409
    view = _next_view(session, undone.card_id)
    html = render_template(
        "study/_card.html", view=view, session=session, **_done_context(session, view)
    )
    return jsonify(
        html=html, counts=_counts(session), undone=undone.external_id, undone_label=undone.label
    )
