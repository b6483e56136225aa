"""`flask --app trainer quiz analyse`: Moodle's item analysis of a quiz from a marks CSV.

The `quiz` group is shared: the quizzes feature adds `quiz stats` and `quiz close-overdue` to it.
"""

from __future__ import annotations

import json
from pathlib import Path

import click
from flask import Flask
from flask.cli import AppGroup

from trainer.domain.item_analysis import (
    Analysis,
    MarksCsvError,
    MarksError,
    WhichAttempts,
    analyse,
    analysis_to_dict,
    read_marks_csv,
)

quiz_cli = AppGroup("quiz", help="Quizzes: item analysis and attempt housekeeping.")


@quiz_cli.command("analyse")
@click.option(
    "--marks",
    "marks_path",
    required=True,
    type=click.Path(dir_okay=False, path_type=Path),
    help="CSV with columns attempt,item,mark,max_mark (optional: learner,attempt_number).",
)
@click.option(
    "--attempts",
    "which",
    type=click.Choice([w.value for w in WhichAttempts]),
    default=WhichAttempts.ALL.value,
    show_default=True,
    help="Which attempts count, as Moodle's report offers; all but 'all' need the learner "
    "and attempt_number columns.",
)
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of a table.")
def analyse_command(marks_path: Path, which: str, as_json: bool):
    """Item analysis from marks alone, with Moodle's definitions and units."""
    try:
        with marks_path.open(encoding="utf-8-sig", newline="") as handle:
            attempts = read_marks_csv(handle, str(marks_path))
    except MarksCsvError as error:
        _fail(error.problems, marks_path)
    except UnicodeDecodeError as error:
        raise click.ClickException(
            f"{marks_path}: not UTF-8 text (byte {error.start}); save the CSV as UTF-8"
        ) from None
    except OSError as error:
        raise click.ClickException(f"cannot read {marks_path}: {error.strerror or error}") from None
    try:
        analysis = analyse(attempts, which=WhichAttempts(which))
    except MarksError as error:
        _fail([f"{marks_path}: {p}" for p in error.problems], marks_path)
    if as_json:
        click.echo(json.dumps(analysis_to_dict(analysis), indent=2, allow_nan=False))
    else:
        click.echo(format_table(analysis))


def _fail(problems, path: Path):
    for problem in problems:
        click.echo(problem, err=True)
    raise click.ClickException(f"{len(problems)} problem(s) in {path}; nothing was analysed")


def _percent(value: float | None, scale: float = 1.0) -> str:
    return "-" if value is None else f"{value * scale:.2f}%"


def _number(value: float | None, places: int = 4) -> str:
    return "-" if value is None else f"{value:.{places}f}"


def format_table(analysis: Analysis) -> str:
    """The readable report: one row per item (Moodle's columns), flags, then the quiz."""
    if not analysis.items:
        return "No attempts: nothing to analyse."
    headers = ("item", "n", "facility", "sd", "guess", "intended", "effective", "discr.", "eff.")
    rows = [
        (
            r.item,
            str(r.s),
            _percent(r.facility, 100),
            _percent(r.sd, 100),
            _percent(r.random_guess_score, 100),
            _percent(r.intended_weight),
            "negative covariance" if r.negative_covariance else _percent(r.effective_weight),
            _percent(r.discrimination_index),
            _percent(r.discriminative_efficiency),
        )
        for r in analysis.items
    ]
    widths = [max(len(row[i]) for row in [headers, *rows]) for i in range(len(headers))]
    lines = [
        "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True))
        for row in [headers, *rows]
    ]
    lines = [line.rstrip() for line in lines]
    flagged = [(r.item, f) for r in analysis.items for f in r.flags]
    if flagged:
        lines += ["", "Flags:"] + [
            f"  {item}: {flag.code}: {flag.reason}" for item, flag in flagged
        ]
    q = analysis.quiz
    lines += [
        "",
        f"Quiz ({analysis.which.value} attempts): n {q.n}, mean {_number(q.mean)}, "
        f"median {_number(q.median)}, sd {_number(q.sd)} (marks)",
        f"  skewness {_number(q.skewness)}, kurtosis {_number(q.kurtosis)}, "
        f"CIC {_percent(q.cic)}, error ratio {_percent(q.error_ratio)}, "
        f"standard error {_number(q.standard_error)} (marks)",
    ]
    return "\n".join(lines)


@quiz_cli.command("close-overdue")
def close_overdue_command():
    """Close every attempt still open past its due time, with what was saved (for cron)."""
    from trainer.models import utcnow
    from trainer.services.quizzes.finishing import close_overdue

    click.echo(f"Closed {close_overdue(utcnow())} overdue attempt(s).")


def register(app: Flask) -> None:
    app.cli.add_command(quiz_cli)


@quiz_cli.command("stats")
@click.argument("quiz_id", type=click.IntRange(min=1, max=2**31 - 1))
@click.option(
    "--attempts",
    "which",
    type=click.Choice([w.value for w in WhichAttempts]),
    default=WhichAttempts.ALL.value,
    show_default=True,
    help="Which attempts count, as Moodle's report offers.",
)
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of a table.")
def stats_command(quiz_id: int, which: str, as_json: bool):
    """Item analysis of a quiz from its finished attempts (the same figures as `quiz analyse`)."""
    from trainer.extensions import db
    from trainer.models import Quiz
    from trainer.services.quizzes.statistics import item_analysis

    quiz = db.session.get(Quiz, quiz_id)
    if quiz is None:
        raise click.ClickException(f"no quiz with id {quiz_id}")
    result = item_analysis(quiz, WhichAttempts(which))
    if result.analysis is None:
        if result.problems == ("No finished attempts yet.",):
            analysis = analyse([], which=WhichAttempts(which))
        else:
            _fail(list(result.problems), Path(f"quiz {quiz_id}"))
    else:
        analysis = result.analysis
    if as_json:
        click.echo(json.dumps(analysis_to_dict(analysis), indent=2, allow_nan=False))
    else:
        click.echo(format_table(analysis))


@quiz_cli.command("seed")
def seed_command():
    """Create the shipped quizzes that are missing (the safety exam, a practice quiz per
    topic); existing ones, edited or not, are left as they are."""
    from trainer.services.quizzes.seed import seed_quizzes

    result = seed_quizzes()
    for title in result.created:
        click.echo(f"created: {title}")
    for title in result.skipped:
        click.echo(f"skipped (too few published items): {title}")
    click.echo(f"{len(result.created)} created, {len(result.kept)} already there")
