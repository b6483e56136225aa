"""`flask --app trainer backup --out FILE` and `flask --app trainer restore FILE [--force]`.

The database is the app's (`DATABASE_URL`). SQLite backups are a single SQLite file;
PostgreSQL backups are `pg_dump` custom-format archives. See trainer/services/backup.py.
"""

from __future__ import annotations

import time
from pathlib import Path

import click
from flask import Flask, current_app
from flask.cli import with_appcontext

from trainer.extensions import db
from trainer.services.backup import BackupError, backup_database, restore_database


@click.command("backup")
@click.option(
    "--out",
    required=True,
    type=click.Path(dir_okay=False, writable=True, path_type=Path),
    help="File to write (replaced if it exists, only once the new backup is complete).",
)
@with_appcontext
def backup_command(out: Path):
    """Back up the database, consistently, while the app keeps running."""
    started = time.monotonic()
    try:
        summary = backup_database(current_app.config["SQLALCHEMY_DATABASE_URI"], out)
    except BackupError as error:
        raise click.ClickException(str(error)) from None
    click.echo(f"Backed up to {summary.describe()} in {time.monotonic() - started:.1f} s.")


@click.command("restore")
@click.argument("backup", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--force", is_flag=True, help="Replace a database that holds data.")
@with_appcontext
def restore_command(backup: Path, force: bool):
    """Replace the database with BACKUP (made by `backup`). Stop the app first."""
    db.engine.dispose()  # hold no connection of our own while the content is replaced
    try:
        summary = restore_database(
            current_app.config["SQLALCHEMY_DATABASE_URI"], backup, force=force
        )
    except BackupError as error:
        raise click.ClickException(str(error)) from None
    click.echo(f"Restored {backup} into {summary.describe()}.")
    click.echo("If this app is newer than the backup, run `flask --app trainer db upgrade` next.")


def register(app: Flask) -> None:
    app.cli.add_command(backup_command)
    app.cli.add_command(restore_command)
