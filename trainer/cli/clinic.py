"""`flask --app trainer clinic remind` (cron, daily): competency reminders to staff;
`flask --app trainer clinic digest` (cron, weekly): the managers' digest."""

from __future__ import annotations

from datetime import UTC, datetime

import click
from flask import Flask
from flask.cli import AppGroup

clinic_cli = AppGroup("clinic", help="Clinics: competency reminders and digests.")


@clinic_cli.command("remind")
@click.option(
    "--now",
    "now_text",
    default=None,
    help="Pretend it is this UTC moment (ISO 8601), e.g. to test a schedule.",
)
def remind(now_text: str | None) -> None:
    """Email staff whose competencies fall due (30, 7, 0 days) or are overdue; never twice."""
    from trainer.services.clinics.reminders import send_reminders

    click.echo(f"Sent {send_reminders(_moment(now_text))} reminders.")


@clinic_cli.command("digest")
@click.option("--now", "now_text", default=None, help="Pretend it is this UTC moment (ISO 8601).")
def digest(now_text: str | None) -> None:
    """Email each clinic's managers this week's digest; once a week however often it runs."""
    from trainer.services.clinics.digest import send_digests

    click.echo(f"Sent {send_digests(_moment(now_text))} digests.")


def _moment(now_text: str | None) -> datetime:
    if now_text:
        try:
            now = datetime.fromisoformat(now_text)
        except ValueError:
            raise click.BadParameter(
                "use ISO 8601, e.g. 2027-01-31T08:00", param_hint="--now"
            ) from None
        return now.replace(tzinfo=UTC) if now.tzinfo is None else now.astimezone(UTC)
    return datetime.now(UTC)


def register(app: Flask) -> None:
    app.cli.add_command(clinic_cli)
