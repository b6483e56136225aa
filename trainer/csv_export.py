"""CSV downloads for every table a user can see."""

from __future__ import annotations

import csv
import io
import unicodedata
from collections.abc import Iterable, Sequence

from flask import Response

# Spreadsheet programs execute cells starting with these; prefix them so a name cannot be a formula.
_FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def _visible_start(value: str) -> str:
    """The text a spreadsheet may read as the cell's start: full-width forms folded (NFKC turns
    "＝" into "="), leading invisible characters (zero-width, BOM, other format and control
    characters) and spaces skipped."""
    folded = unicodedata.normalize("NFKC", value[:64])
    index = 0
    while index < len(folded) and (
        unicodedata.category(folded[index]) in {"Cf", "Cc", "Zs", "Zl", "Zp"}
        and folded[index] not in "\t\r"
    ):
        index += 1
    return folded[index:]


def _safe(value: object) -> object:
    if isinstance(value, str) and (
        value.startswith(_FORMULA_PREFIXES) or _visible_start(value).startswith(_FORMULA_PREFIXES)
    ):
        return "'" + value
    return value


def csv_response(
    filename: str, header: Sequence[str], rows: Iterable[Sequence[object]]
) -> Response:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(header)
    for row in rows:
        writer.writerow([_safe(v) for v in row])
    return Response(
        buffer.getvalue(),
        mimetype="text/csv",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )
