"""JSON API for study clients (session cookie plus X-CSRFToken header, like the web page)."""

from __future__ import annotations

from flask import current_app, jsonify, request
from flask_login import current_user, login_required

from trainer.api import bp
from trainer.api.serialise import card_json, outcome_json
from trainer.extensions import db
from trainer.models import utcnow
from trainer.request_json import NotAJsonObject, json_object
from trainer.services.learning import study, study_queue
from trainer.study import fields


def _session() -> study_queue.SessionFilter:
    tag = request.args.get("tag")
    return study_queue.SessionFilter(
        topic=request.args.get("topic") or None,
        tag=tag.strip().lower() if tag else None,
        muscle=request.args.get("muscle") or None,
    )


@bp.errorhandler(NotAJsonObject)
def _not_a_json_object(error: NotAJsonObject):
    return jsonify(error=str(error), status=400), 400


def _counts_json(session: study_queue.SessionFilter) -> dict[str, int]:
    counts = study_queue.counts(current_user.id, utcnow(), session)
    return {"new": counts.new, "learning": counts.learning, "due": counts.due}


@bp.get("/study/next")
@login_required
def next_card():
    """The next card to study (or null), and with ?counts=1 what is left today."""
    session, now = _session(), utcnow()
    nxt = study_queue.next_card(current_user.id, now, session)
    body: dict = {"card": None}
    if nxt is not None:
        presented = study.present(
            current_user.id, nxt.card, nxt.kind, now, current_app.config["SECRET_KEY"]
        )
        body["card"] = card_json(presented)
    db.session.commit()  # a new item's card row, created on first showing
    if request.args.get("counts"):
        body["counts"] = _counts_json(session)
    return jsonify(body)


@bp.post("/study/answers")
@login_required
def answer():
    """Record an answer once (the token is single-use; a retry returns the same outcome)."""
    body = json_object()
    if body is None:
        message = "Send a JSON object (Content-Type: application/json)."
        return jsonify(error=message, status=400), 400
    response = body.get("response")
    try:
        outcome = study.answer(
            current_user.id,
            str(body.get("token", "")),
            response if isinstance(response, dict) else {},
            utcnow(),
            current_app.config["SECRET_KEY"],
            duration_ms=fields.duration_ms(body.get("duration_ms")),
            too_easy=bool(body.get("too_easy")),
        )
    except study.StudyError as error:
        extra = {"code": error.code} if error.code else {}
        return jsonify(error=error.message, status=error.status, **extra), error.status
    return jsonify(outcome_json(outcome)), 200 if outcome.duplicate else 201


@bp.post("/study/undo")
@login_required
def undo():
    undone = study.undo_last(current_user.id)
    if undone is None:
        return jsonify(error="Nothing to undo.", status=409), 409
    return jsonify(card_id=undone.card_id, item=undone.external_id, label=undone.label)
