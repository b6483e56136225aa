"""`flask --app trainer srs import-reviews | optimize | evaluate`: spaced-repetition tools."""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from pathlib import Path
from typing import NoReturn

import click
from flask import Flask
from flask.cli import AppGroup
from sqlalchemy import exists, or_, select

from trainer.domain.evaluation import MODELS, evaluate_detailed
from trainer.domain.review_history import ReviewLogError, read_review_log
from trainer.extensions import db
from trainer.models import ImportedReview, ReviewLog, User, utcnow
from trainer.services.accounts import find_user_by_email
from trainer.services.learning import optimisation, review_import

srs_cli = AppGroup("srs", help="Import review histories, fit FSRS parameters, evaluate schedulers.")

_MODEL_LABELS = {
    "fsrs_default": "FSRS-6, default parameters",
    "fsrs_fitted": "FSRS-6, fitted parameters",
    "fsrs_shrunk": "FSRS-6, fit shrunk to defaults",
    "sm2": "SM-2",
    "avg": "constant (training recall rate)",
}


class AwareDateTime(click.ParamType):
    """An ISO 8601 date and time with a UTC offset (``Z`` accepted), e.g. 2024-09-09T10:00:00Z."""

    name = "ISO8601"

    def convert(self, value, param, ctx) -> datetime:
        if isinstance(value, datetime):
            parsed = value
        else:
            try:
                parsed = datetime.fromisoformat(value.strip())
            except ValueError:
                self.fail(
                    f"{value!r} is not an ISO 8601 date and time "
                    "(e.g. 2024-09-09T10:00:00Z or 2024-09-09T12:00:00+02:00)",
                    param,
                    ctx,
                )
        if parsed.tzinfo is None or parsed.utcoffset() is None:
            self.fail(f"{value!r} has no UTC offset; add one, e.g. {value}Z for UTC", param, ctx)
        return parsed


def _user_or_exit(email: str) -> User:
    user = find_user_by_email(email)
    if user is None:
        raise click.ClickException(f"no user with email {email!r}")
    return user


def _problems_or_exit(error: ReviewLogError, consequence: str) -> NoReturn:
    for problem in error.problems:
        click.echo(f"{error.source}: {problem}", err=True)
    raise click.ClickException(
        f"{len(error.problems)} problem(s) in {error.source}; {consequence}"
    ) from None


@srs_cli.command("import-reviews")
@click.option("--email", required=True, help="The learner the reviews belong to.")
@click.option(
    "--csv",
    "csv_path",
    required=True,
    type=click.Path(dir_okay=False, path_type=Path),
    help="Review log: card_id,review_rating,review_time,review_duration (Anki export).",
)
@click.option("--source", default="anki", show_default=True, help="Program the log comes from.")
def import_reviews_command(email: str, csv_path: Path, source: str):
    """Import a review log for a learner (all rows or none; re-importing adds nothing)."""
    user = _user_or_exit(email)
    try:
        result = review_import.import_reviews(user, csv_path, source=source)
    except ReviewLogError as error:
        _problems_or_exit(error, "nothing was imported")
    except (OSError, UnicodeDecodeError) as error:
        raise click.ClickException(f"cannot read {csv_path}: {error}") from None
    except ValueError as error:
        raise click.ClickException(str(error)) from None
    click.echo(
        f"Imported {result.imported} review(s) for {user.email} from {csv_path}; "
        f"{result.skipped_duplicates} already present (skipped)."
    )


@srs_cli.command("optimize")
@click.option("--email", help="Optimise this learner.")
@click.option(
    "--all",
    "all_learners",
    is_flag=True,
    help="Optimise every active user with at least one review (own or imported).",
)
def optimize_command(email: str | None, all_learners: bool):
    """Fit each learner's FSRS parameters; apply them where they predict the learner better."""
    if bool(email) == all_learners:
        raise click.UsageError("give either --email or --all")
    users = [_user_or_exit(email)] if email else _users_with_reviews()
    now = utcnow()
    counts = {"applied": 0, "kept": 0, "below threshold": 0, "failed": 0}
    for user in users:
        try:
            result = optimisation.optimise(user, now)
        except (RuntimeError, ValueError) as error:
            counts["failed"] += 1
            click.echo(f"{user.email}: optimisation failed: {error}", err=True)
            continue
        click.echo(_describe(user.email, result))
        if result.log_loss_fitted is None:
            counts["below threshold"] += 1
        else:
            counts["applied" if result.applied else "kept"] += 1
    if all_learners:
        summary = ", ".join(f"{count} {label}" for label, count in counts.items())
        click.echo(f"{len(users)} learner(s): {summary}.")
    if counts["failed"]:
        raise click.ClickException(f"optimisation failed for {counts['failed']} learner(s)")


def _users_with_reviews() -> list[User]:
    has_reviews = or_(
        exists().where(ReviewLog.user_id == User.id),
        exists().where(ImportedReview.user_id == User.id),
    )
    query = select(User).where(User.active.is_(True), has_reviews).order_by(User.email)
    return list(db.session.execute(query).scalars())


def _describe(email: str, result: optimisation.OptimisationResult) -> str:
    lines = [f"{email}: {result.usable_reviews} usable reviews (threshold {result.threshold})"]
    if result.log_loss_default is not None and result.log_loss_fitted is not None:
        verdict = "applied" if result.applied else "not applied"
        lines.append(
            f"  log loss default {result.log_loss_default:.4f} -> fitted "
            f"{result.log_loss_fitted:.4f}: {verdict}"
        )
    else:
        lines.append("  not fitted: too few usable reviews")
    lines.append(f"  {result.message}")
    return "\n".join(lines)


@srs_cli.command("evaluate")
@click.option(
    "--log",
    "log_path",
    required=True,
    type=click.Path(dir_okay=False, path_type=Path),
    help="Review log CSV: card_id,review_rating,review_time,review_duration.",
)
@click.option(
    "--cutoff",
    required=True,
    type=AwareDateTime(),
    help="Start of the test period, ISO 8601 with an offset, e.g. 2024-09-09T10:00:00Z.",
)
@click.option("--json", "as_json", is_flag=True, help="Print the metrics as JSON.")
@click.option(
    "--day-start-hour",
    type=click.IntRange(0, 23),
    default=0,
    show_default=True,
    help="Hour (UTC) at which the learner's day begins; reviews on one day are not scored.",
)
def evaluate_command(log_path: Path, cutoff: datetime, as_json: bool, day_start_hour: int):
    """Fit on reviews before CUTOFF and score every model's predictions of the rest."""
    try:
        reviews = read_review_log(log_path)
    except ReviewLogError as error:
        _problems_or_exit(error, "nothing was evaluated")
    except (OSError, UnicodeDecodeError) as error:
        raise click.ClickException(f"cannot read {log_path}: {error}") from None
    try:
        report = evaluate_detailed(reviews, cutoff, day_start=timedelta(hours=day_start_hour))
    except ValueError as error:
        raise click.ClickException(str(error)) from None

    if as_json:
        click.echo(json.dumps(report.as_dict(), indent=2, allow_nan=False))
        return
    click.echo(
        f"{log_path}: {len(reviews)} reviews; cutoff {report.cutoff.isoformat()}; "
        f"day starts {day_start_hour:02d}:00 UTC"
    )
    fitted = "defaults (too few reviews)" if report.fitted_is_default else "fitted"
    click.echo(
        f"trained on {report.n_train} scoreable reviews (recall rate "
        f"{report.train_recall_rate:.3f}; FSRS parameters {fitted}); scored {report.n} reviews"
    )
    click.echo(
        f"shrunk = {report.shrink_weight:.1f} x fitted + {1 - report.shrink_weight:.1f} x "
        "defaults (weight chosen on the latest 40% of training reviews, out of sample)"
    )
    click.echo(f"{'model':<34} {'log loss':>9} {'RMSE(bins)':>11} {'AUC':>7}")
    for model in MODELS:
        metrics = report.metrics[model]
        auc = "n/a" if metrics["auc"] is None else f"{metrics['auc']:.4f}"
        click.echo(
            f"{_MODEL_LABELS[model]:<34} {metrics['log_loss']:>9.4f} "
            f"{metrics['rmse_bins']:>11.4f} {auc:>7}"
        )


def register(app: Flask) -> None:
    app.cli.add_command(srs_cli)
