"""The item-writing lint page: ``bank lint``'s figures for the items an author owns."""

from __future__ import annotations

from flask import abort, render_template, request

from trainer.author import bp
from trainer.author.common import author_required, scope
from trainer.csv_export import csv_response
from trainer.services.authoring import lint_report
from trainer.services.authoring.permissions import owner_choices


def _owner_lint() -> tuple[lint_report.OwnerLint, list[tuple[str, str]]]:
    owners = owner_choices(scope())
    owner = request.args.get("owner") or owners[0][0]
    try:
        return lint_report.lint_owner(scope(), owner), owners
    except LookupError:
        abort(404)


@bp.route("/lint")
@author_required
def lint():
    result, owners = _owner_lint()
    return render_template(
        "author/lint.html",
        result=result,
        owners=owners,
        labels=lint_report.FIGURE_LABELS,
        hint=lint_report.flag_hint,
    )


@bp.route("/lint.csv")
@author_required
def lint_csv():
    result, _owners = _owner_lint()
    return csv_response(
        f"item-lint-{result.owner}.csv",
        ("item", "topic", "type", "flags", "prompt"),
        lint_report.item_csv_rows(result),
    )
