"""`flask --app trainer bank import-file | export-file | csv-template`: exchange formats.

Registered under the ``bank`` group (trainer/cli/bank.py) by ``register``.
"""

from __future__ import annotations

import json
from pathlib import Path

import click
from flask import Flask, current_app
from sqlalchemy import select

from trainer.cli.bank import bank_cli
from trainer.exchange import EXPORT_FORMATS, IMPORT_FORMATS, csv_format
from trainer.extensions import db
from trainer.models import Clinic, User
from trainer.services.accounts import find_user_by_email
from trainer.services.authoring import exchange_export, exchange_import
from trainer.services.authoring.bank_sync import current_bank
from trainer.services.authoring.permissions import author_scope


def _clinic(slug: str | None) -> Clinic | None:
    if slug is None:
        return None
    clinic = db.session.execute(select(Clinic).where(Clinic.slug == slug)).scalar_one_or_none()
    if clinic is None:
        raise click.ClickException(f"no clinic with slug {slug!r}")
    return clinic


def _author(email: str | None, clinic: Clinic | None) -> User | None:
    """The user named by ``--author``, who must be an author of the items' owner."""
    if email is None:
        return None
    user = find_user_by_email(email)
    if user is None:
        raise click.ClickException(f"no user with email {email!r}")
    if not author_scope(user).allows_owner(clinic.id if clinic else None):
        owner = f"clinic {clinic.slug!r}" if clinic else "the shared bank"
        raise click.ClickException(f"{email} is not an author of {owner}")
    return user


def _read(path: Path, fmt: str) -> bytes:
    limit = current_app.config.get("EXCHANGE_MAX_BYTES", exchange_import.DEFAULT_MAX_BYTES)
    if path.stat().st_size > limit:  # before reading it all
        raise click.ClickException(
            f"{path}: {path.stat().st_size} bytes is over the {limit}-byte limit"
        )
    data = path.read_bytes()
    try:
        exchange_import.check_file(data, fmt, limit)
    except exchange_import.UnacceptableFile as exc:
        raise click.ClickException(f"{path}: {exc}") from exc
    return data


@click.command("import-file")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--format", "fmt", required=True, type=click.Choice(list(IMPORT_FORMATS)))
@click.option("--dry-run", is_flag=True, help="Check and report; write nothing.")
@click.option("--skip-unsupported", is_flag=True, help="Leave out essay, numerical, ... questions.")
@click.option(
    "--clinic", "clinic_slug", help="Give the items to this clinic (only its members study them)."
)
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object.")
@click.option(
    "--author",
    "author_email",
    help="Record this author (an email) on the new versions: under the approval rule they "
    "cannot approve them.",
)
def import_file_command(
    path: Path,
    fmt: str,
    dry_run: bool,
    skip_unsupported: bool,
    clinic_slug,
    as_json: bool,
    author_email: str | None,
):
    """Import the questions in PATH; all or nothing (exit 1 with every error listed).

    Where publishing needs a second approval, new and changed items wait in review."""
    clinic = _clinic(clinic_slug)
    author = _author(author_email, clinic)
    data = _read(path, fmt)
    done = exchange_import.import_file(
        data,
        path.name,
        fmt,
        dry_run=dry_run,
        skip_unsupported=skip_unsupported,
        clinic=clinic,
        user=author,
    )
    result, errors, report = done.parsed, done.errors, done.report
    verb = "would_" if dry_run else ""
    if as_json:
        out = {
            f"{verb}create": len(report.created),
            f"{verb}update": len(report.updated),
            "skipped": [s.to_json() for s in result.skipped],
            "errors": [e.to_json() for e in errors],
            "items": [
                {
                    **i.to_json(),
                    "action": _action(i.item.id, report),
                    "state": report.state_of(i.item.id),
                }
                for i in result.items
            ],
        }
        if not dry_run:
            out = {"created": out.pop("create"), "updated": out.pop("update"), **out}
        click.echo(json.dumps(out, indent=2, ensure_ascii=False))
    else:
        for error in errors:
            click.echo(str(error), err=True)
        for imported in result.items if not errors else ():
            action, state = _action(imported.item.id, report), report.state_of(imported.item.id)
            click.echo(
                f"{action:<9} {imported.item.id}  {imported.name!r} (line {imported.line})  {state}"
            )
        for s in result.skipped if skip_unsupported else ():
            click.echo(f"skipped {s.name!r} ({s.type}): {s.reason}")
        if not errors:
            head = "Would create" if dry_run else "Created"
            click.echo(
                f"{head} {len(report.created)}, {'update' if dry_run else 'updated'} "
                f"{len(report.updated)}, {len(report.unchanged)} unchanged, "
                f"{len(result.skipped)} skipped."
            )
            if report.needs_approval:
                click.echo(
                    "Publishing needs a second instructor's approval here: new and changed items "
                    f"wait in review ({report.waiting}); learners see none of them until "
                    "another instructor publishes them."
                )
    if errors:
        if not as_json:
            click.echo(f"{len(errors)} error(s) in {path}; nothing was imported.", err=True)
        raise SystemExit(1)


def _action(item_id: str, report: exchange_import.ExchangeImportReport) -> str:
    """What the import does (or would do) with the item: create, update or unchanged."""
    if item_id in report.created:
        return "create"
    return "update" if item_id in report.updated else "unchanged"


@click.command("export-file")
@click.option("--format", "fmt", required=True, type=click.Choice(list(EXPORT_FORMATS)))
@click.option("--out", "out", required=True, type=click.Path(dir_okay=False, path_type=Path))
@click.option("--topic", help="Only this topic (its id, e.g. referral-patterns).")
@click.option("--clinic", "clinic_slug", help="This clinic's items instead of the shared bank.")
def export_file_command(fmt: str, out: Path, topic: str | None, clinic_slug: str | None):
    """Write the database's current bank to OUT in an exchange format."""
    clinic = _clinic(clinic_slug)
    try:
        export = exchange_export.export_items(fmt, topic=topic, clinic=clinic)
    except exchange_export.UnknownTopic as exc:
        raise click.ClickException(str(exc)) from exc
    out.write_bytes(export.data)
    for item, why in export.left_out:
        click.echo(f"left out {item.id}: {why}", err=True)
    click.echo(f"Wrote {len(export.written)} items to {out} ({len(export.left_out)} left out).")


@click.command("csv-template")
@click.option("--out", "out", required=True, type=click.Path(dir_okay=False, path_type=Path))
def csv_template_command(out: Path):
    """Write a CSV template: the columns and one example row per item type."""
    out.write_bytes(csv_format.template(list(current_bank().items)))
    click.echo(f"Wrote the CSV template to {out}.")


def register(app: Flask) -> None:
    for command in (import_file_command, export_file_command, csv_template_command):
        bank_cli.add_command(command)
