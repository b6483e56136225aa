"""`flask --app trainer bank validate | import | export | stats`."""

from __future__ import annotations

import json
from pathlib import Path

import click
from flask import Flask, current_app
from flask.cli import AppGroup

from trainer import bank as bankfmt
from trainer.services import bank_sync

bank_cli = AppGroup("bank", help="Validate, import, export and count the question bank.")

_DIR_OPTION = click.option(
    "--dir",
    "bank_dir",
    type=click.Path(file_okay=False, path_type=Path),
    help="Bank directory (default: QUESTION_BANK_DIR, i.e. ./question_bank).",
)


def _bank_dir(bank_dir: Path | None) -> Path:
    return bank_dir or Path(current_app.config["QUESTION_BANK_DIR"])


def _load_or_exit(bank_dir: Path) -> bankfmt.Bank:
    bank, problems = bankfmt.validate_bank(bank_dir)
    if problems:
        for problem in problems:
            click.echo(str(problem), err=True)
        raise click.ClickException(
            f"{len(problems)} problem(s) in {bank_dir}; nothing was imported or counted"
        )
    return bank


@bank_cli.command("validate")
@_DIR_OPTION
def validate_command(bank_dir: Path | None):
    """Check every file; list every problem with file, line and field (exit 1 if any)."""
    bank_dir = _bank_dir(bank_dir)
    bank = _load_or_exit(bank_dir)
    click.echo(
        f"{bank_dir}: {len(bank.items)} items in {len(bank.topics)} topics, "
        f"{len(bank.muscles)} muscles, {len(bank.references)} references: no problems."
    )


@bank_cli.command("import")
@_DIR_OPTION
def import_command(bank_dir: Path | None):
    """Upsert the bank into the database in one transaction (idempotent)."""
    bank = _load_or_exit(_bank_dir(bank_dir))
    report = bank_sync.import_bank(bank)
    click.echo(f"Imported the question bank: {report.summary()}.")


@bank_cli.command("export")
@click.option("--out", "out_dir", required=True, type=click.Path(file_okay=False, path_type=Path))
def export_command(out_dir: Path):
    """Write the database's live bank to OUT in the bank format."""
    files = bank_sync.export_bank(out_dir)
    click.echo(f"Wrote {len(files)} files to {out_dir}.")


@bank_cli.command("stats")
@_DIR_OPTION
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
def stats_command(bank_dir: Path | None, as_json: bool):
    """Count items by topic and type, covered muscles and unsourced items."""
    stats = bankfmt.bank_stats(_load_or_exit(_bank_dir(bank_dir)))
    if as_json:
        click.echo(json.dumps(stats, indent=2))
        return
    click.echo(
        f"total: {stats['total']}   muscles: {stats['muscles']}   unsourced: {stats['unsourced']}"
    )
    for label in ("by_topic", "by_type"):
        click.echo(f"{label}:")
        for key, count in stats[label].items():
            click.echo(f"  {key:<24} {count}")


def register(app: Flask) -> None:
    app.cli.add_command(bank_cli)
