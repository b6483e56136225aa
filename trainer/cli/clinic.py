"""`flask --app trainer clinic remind`: competency reminders, run from cron (daily)."""

from __future__ import annotations

from datetime import UTC, datetime

import click
from flask import Flask
from flask.cli import AppGroup

clinic_cli = AppGroup("clinic", help="Clinics: competency reminders.")


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

    if now_text:
        try:
            now = datetime.fromisoformat(now_text)
        except ValueError:
            raise click.BadParameter(
                "use ISO 8601, e.g. 2027-01-31T08:00", param_hint="--now"
            ) from None
        now = now.replace(tzinfo=UTC) if now.tzinfo is None else now.astimezone(UTC)
    else:
        now = datetime.now(UTC)
    click.echo(f"Sent {send_reminders(now)} reminders.")


def register(app: Flask) -> None:
    app.cli.add_command(clinic_cli)
