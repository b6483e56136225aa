"""Quizzes and exams (blueprint ``quiz``, under /quizzes).

``builder_routes``: instructors build, publish and archive quizzes.
``attempt_routes``: learners list, start, answer and submit attempts, and see their results.
``report_routes``: instructors see a quiz's results and item analysis, with CSV exports.
"""

from flask import Blueprint

bp = Blueprint("quiz", __name__)

from trainer.quiz import (  # noqa: E402,F401 - registers the views
    attempt_routes,
    builder_routes,
    report_routes,
)
