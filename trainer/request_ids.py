"""Row ids read from URLs and forms, bounded to what an INTEGER primary key can hold.

PostgreSQL refuses a bind parameter outside the column's range with an error rather than finding
nothing, so an id like 99999999999999999999 must be turned away before it reaches a query.
"""

from __future__ import annotations

from werkzeug.routing import IntegerConverter

MAX_ROW_ID = 2**31 - 1


def row_id(value: object) -> int:
    """Parse a positive row id; ValueError for anything else (so `args.get(type=row_id)` → None)."""
    number = int(str(value).strip())
    if not 1 <= number <= MAX_ROW_ID:
        raise ValueError(f"{number} is not a row id")
    return number


class RowIdConverter(IntegerConverter):
    """`<row_id:name>` in a route: an id out of range is a 404, like any id that does not exist."""

    def __init__(self, map, *args, **kwargs):  # noqa: A002 - werkzeug's signature
        super().__init__(map, min=1, max=MAX_ROW_ID)
