"""`flask --app trainer bank validate | import | export | stats | lint`."""

from __future__ import annotations

import json
from pathlib import Path

import click
from flask import Flask, current_app
from flask.cli import AppGroup

from trainer import bank as bankfmt
from trainer.bank import lint as banklint
from trainer.services.authoring import bank_sync

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
@click.option(
    "--force", is_flag=True, help="Write the files' version over items edited in the browser."
)
def import_command(bank_dir: Path | None, force: bool):
    """Upsert the bank into the database in one transaction (idempotent).

    An item edited in the browser whose file also changed is left alone and reported as a
    conflict unless --force (the rest is imported; `make run` must not stop on it).
    """
    bank = _load_or_exit(_bank_dir(bank_dir))
    report = bank_sync.import_bank(bank, force=force)
    click.echo(f"Imported the question bank: {report.summary()}.")
    for kept in report.kept_edits:
        click.echo(f"kept the browser edit of {kept} (its file has not changed)")
    for overwritten in report.overwritten:
        click.echo(f"overwrote the browser edit of {overwritten} (--force)")
    for conflict in report.conflicts:
        click.echo(f"conflict: {conflict} (left as it is; --force writes the file's version)",
                   err=True)  # fmt: skip


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


#: Whole-bank figures printed by ``bank lint``, in this order.
_LINT_FIGURES = (
    "key_first_rate",
    "keys_first_rate",
    "longest_key_rate",
    "longest_key_chance",
    "median_key_length_ratio",
    "long_keys",
    "stem_overlap",
    "absolute_key_rate",
    "absolute_distractor_rate",
    "absolute_asymmetry",
    "key_share",
    "top_pattern_share",
    "tick_all_mean",
    "tick_all_pays",
    "identify_outside_body_part",
    "near_duplicates",
)


def _echo_lint(report: banklint.LintReport) -> None:
    names = list(report.topics)
    click.echo(f"{'figure':<27}" + "".join(f"{name[:12]:>13}" for name in names))
    for figure in _LINT_FIGURES:
        cells = (
            "-" if report.topics[n][figure] is None else report.topics[n][figure] for n in names
        )
        click.echo(f"{figure:<27}" + "".join(f"{cell!s:>13}" for cell in cells))
    click.echo(f"patterns (whole bank): {report.topics['(bank)']['patterns']}")
    click.echo("targets:")
    for target in report.targets:
        mark = "met" if target.met else "NOT met"
        click.echo(f"  {target.name:<27} {target.value!s:>7}  limit {target.limit!s:<5} {mark}")
    click.echo(f"flagged items ({len(report.flagged)}):")
    for item in report.flagged:
        click.echo(f"  {item.id:<8} {', '.join(item.flags)}")
    click.echo(f"near duplicates (Jaccard >= {banklint.DUPLICATE_THRESHOLD}):")
    for dup in report.duplicates:
        click.echo(f"  {dup.first} ~ {dup.second}  {dup.similarity}")


@bank_cli.command("lint")
@_DIR_OPTION
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.option("--check", is_flag=True, help="Exit 1 when a target for the shipped bank is missed.")
def lint_command(bank_dir: Path | None, as_json: bool, check: bool):
    """Item-writing cues per topic and item: key length, absolute words, tick-all, duplicates."""
    report = banklint.lint_bank(_load_or_exit(_bank_dir(bank_dir)))
    if as_json:
        click.echo(json.dumps(report.to_dict(), indent=2))
    else:
        _echo_lint(report)
    missed = [t.name for t in report.targets if not t.met]
    if check and missed:
        raise click.ClickException(f"targets missed: {', '.join(missed)}")


def register(app: Flask) -> None:
    app.cli.add_command(bank_cli)
