"""Column types shared by every model."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import DateTime
from sqlalchemy.types import TypeDecorator


class UTCDateTime(TypeDecorator[datetime]):
    """A timezone-aware UTC datetime on every backend.

    SQLite hands back naive datetimes and PostgreSQL hands back the session's zone; `fsrs` accepts
    only `datetime.timezone.utc`. Values are stored as UTC and always come back with `tzinfo=UTC`.
    Naive values are refused rather than guessed at.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError(f"naive datetime {value!r}: pass an aware UTC datetime")
        value = value.astimezone(UTC)
        # SQLite stores text; keep it naive there so ordering and comparisons stay lexical UTC.
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: datetime | None, dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)


def utcnow() -> datetime:
    """The one clock call for model defaults; domain code takes `now` as an argument."""
    return datetime.now(UTC)


def render_migration_item(type_: str, obj, autogen_context):
    """Alembic hook: write UTCDateTime as the plain column type it stores as.

    Migrations then do not import app code, and stay valid if the decorator moves.
    """
    if type_ == "type" and isinstance(obj, UTCDateTime):
        return "sa.DateTime(timezone=True)"
    return False
