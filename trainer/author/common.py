"""What every authoring view needs: the author's scope, and items loaded within it."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from functools import wraps
from typing import Any

from flask import abort, flash, g, redirect, url_for
from flask_login import current_user, login_required

from trainer.models import Question
from trainer.services.authoring.permissions import AuthorScope, author_scope, question_in_scope
from trainer.services.authoring.workflow import WorkflowError


def author_required(view: Callable) -> Callable:
    """Logged in (else to the login page), and an author of the shared bank or of a clinic
    (site instructor or admin; clinic instructor or manager), else 403."""

    @wraps(view)
    @login_required
    def wrapped(*args: Any, **kwargs: Any):
        g.author_scope = author_scope(current_user)
        if not g.author_scope.any:
            abort(403)
        return view(*args, **kwargs)

    return wrapped


def scope() -> AuthorScope:
    return g.author_scope


def question_or_404(question_id: int) -> Question:
    """The question if it is in the author's scope; otherwise, as if it did not exist."""
    question = question_in_scope(scope(), question_id)
    if question is None:
        abort(404)
    return question


def now() -> datetime:
    return datetime.now(UTC)


def workflow_failed(error: WorkflowError, question: Question):
    if error.forbidden:
        abort(403, description=error.message)
    flash(error.message.capitalize() + ".", "warning")
    return redirect(url_for("author.item", question_id=question.id), code=303)
