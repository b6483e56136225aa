"""Quiz views: report (see trainer/quiz/__init__.py).

A quiz's results (one row per learner, the attempt that counts under its grading method) and
its item analysis (Moodle's figures, per choice, flags), each table with a CSV download. The
builder's scope decides, as for the builder: another clinic's quiz is 404.
"""

from __future__ import annotations

from flask import abort, render_template, request

from trainer.author.common import author_required
from trainer.csv_export import csv_response
from trainer.domain.item_analysis import WhichAttempts
from trainer.quiz import bp
from trainer.quiz.builder_routes import quiz_or_404
from trainer.services.quizzes import statistics, statistics_csv

WHICH_LABELS = {
    WhichAttempts.ALL: "All finished attempts",
    WhichAttempts.FIRST: "Each learner's first attempt",
    WhichAttempts.LAST: "Each learner's last attempt",
    WhichAttempts.HIGHEST: "Each learner's highest-scoring attempt",
}


def _which() -> WhichAttempts:
    try:
        return WhichAttempts(request.args.get("attempts", "all"))
    except ValueError:
        return WhichAttempts.ALL


@bp.route("/build/<row_id:quiz_id>/results")
@author_required
def report_results(quiz_id: int):
    quiz = quiz_or_404(quiz_id)
    return render_template("quiz/report_results.html", quiz=quiz, rows=statistics.results(quiz))


@bp.route("/build/<row_id:quiz_id>/results.csv")
@author_required
def report_results_csv(quiz_id: int):
    quiz = quiz_or_404(quiz_id)
    rows = statistics.results_csv_rows(statistics.results(quiz))
    return csv_response(f"quiz-{quiz.id}-results.csv", statistics.RESULTS_CSV_HEADER, rows)


@bp.route("/build/<row_id:quiz_id>/analysis")
@author_required
def report_analysis(quiz_id: int):
    quiz = quiz_or_404(quiz_id)
    which = _which()
    return render_template(
        "quiz/report_analysis.html",
        quiz=quiz,
        result=statistics.item_analysis(quiz, which),
        which=which,
        which_labels=WHICH_LABELS,
    )


@bp.route("/build/<row_id:quiz_id>/analysis/<table>.csv")
@author_required
def report_analysis_csv(quiz_id: int, table: str):
    quiz = quiz_or_404(quiz_id)
    if table not in statistics_csv.TABLES:
        abort(404)
    header, rows = statistics_csv.TABLES[table]
    result = statistics.item_analysis(quiz, _which())
    body = rows(result.analysis, result.labels) if result.analysis is not None else ()
    return csv_response(f"quiz-{quiz.id}-{table}.csv", header, body)
