"""Bring a learner's review history from another program (Anki) into ``imported_reviews``.

The file is the review-log CSV of :mod:`trainer.domain.review_history` (``card_id,
review_rating, review_time, review_duration``). The whole file is checked before anything is
written, so a file with any bad row imports nothing, and the rows are written in one
transaction. Importing is idempotent: a review already stored for the learner (same source,
card and time, the table's unique key) is counted as a duplicate and not written again.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from sqlalchemy import insert, select

from trainer.domain.review_history import (
    ReviewLogError,
    ReviewRecord,
    RowProblem,
    parse_review_log,
)
from trainer.extensions import db
from trainer.models import ImportedReview, User

__all__ = ["MAX_DURATION_MS", "ImportResult", "import_reviews"]

#: Longer answers are stored as this many milliseconds: a card left on screen while the learner
#: walked away says nothing about how long answering took (Anki caps answer time at 60 s too).
MAX_DURATION_MS = 60_000

# Column sizes of ImportedReview (PostgreSQL enforces them; SQLite would not).
_MAX_SOURCE = 20
_MAX_CARD_ID = 40


@dataclass(frozen=True)
class ImportResult:
    """What :func:`import_reviews` did.

    Attributes:
        imported: Reviews written.
        skipped_duplicates: Reviews not written because the learner already had them (from an
            earlier import of the same source) or because the file repeats them.
    """

    imported: int
    skipped_duplicates: int


def import_reviews(
    user: User, path_or_lines: str | Path | Iterable[str], source: str = "anki"
) -> ImportResult:
    """Import a review-log CSV for ``user``; commits once, or writes nothing.

    Args:
        user: The learner the reviews belong to.
        path_or_lines: A file path, or the CSV text as lines (header first).
        source: Which program the reviews come from; part of the duplicate key, so the same
            card id from two programs never collides.

    Raises:
        ReviewLogError: the file has problems; each names the file, line and field. Nothing is
            written.
        OSError, UnicodeDecodeError: the file cannot be read (nothing is written).
        ValueError: ``source`` is empty or longer than 20 characters.
    """
    if not source or len(source) > _MAX_SOURCE:
        raise ValueError(f"source must be 1-{_MAX_SOURCE} characters, got {source!r}")
    if isinstance(path_or_lines, str | Path):
        path = Path(path_or_lines)
        lines = path.read_text(encoding="utf-8-sig").splitlines(keepends=True)
        origin = str(path)
    else:
        lines = list(path_or_lines)
        origin = "<review log>"
    records = parse_review_log(lines, source=origin)
    _check_card_ids(records, lines, origin)

    rows: dict[tuple[str, datetime], dict[str, object]] = {}
    for record in records:
        key = (str(record.card_id), record.review_time)
        if key in rows:
            continue  # the file repeats a review: keep its first occurrence
        rows[key] = {
            "user_id": user.id,
            "source": source,
            "external_card_id": key[0],
            "rating": int(record.rating),
            "reviewed_at": record.review_time,
            "duration_ms": min(record.review_duration_ms or 0, MAX_DURATION_MS),
        }
    in_file_repeats = len(records) - len(rows)

    try:
        existing = _existing_keys(user.id, source, [key[1] for key in rows])
        new_rows = [row for key, row in rows.items() if key not in existing]
        if new_rows:
            # One executemany; SQLAlchemy batches it into multi-row INSERTs on both backends.
            db.session.execute(insert(ImportedReview), new_rows)
        db.session.commit()
    except Exception:
        db.session.rollback()
        raise
    return ImportResult(
        imported=len(new_rows), skipped_duplicates=in_file_repeats + len(rows) - len(new_rows)
    )


def _existing_keys(user_id: int, source: str, times: list[datetime]) -> set[tuple[str, datetime]]:
    # The learner's stored reviews from this source within the file's time span: enough to
    # tell which rows are already there without loading a whole long history.
    if not times:
        return set()
    result = db.session.execute(
        select(ImportedReview.external_card_id, ImportedReview.reviewed_at).where(
            ImportedReview.user_id == user_id,
            ImportedReview.source == source,
            ImportedReview.reviewed_at >= min(times),
            ImportedReview.reviewed_at <= max(times),
        )
    )
    return {(card_id, reviewed_at) for card_id, reviewed_at in result}


def _check_card_ids(records: list[ReviewRecord], lines: list[str], origin: str) -> None:
    # The parser accepts any integer; the column holds 40 characters. Anki's ids (epoch
    # milliseconds) have 13 digits, so this only trips on a foreign or corrupted file.
    too_long = {r.card_id for r in records if len(str(r.card_id)) > _MAX_CARD_ID}
    if not too_long:
        return
    problems = []
    reader = csv.reader(lines)
    header = [name.strip() for name in next(reader)]
    column = header.index("card_id")
    for row in reader:
        if row and len(row) == len(header) and int(row[column].strip()) in too_long:
            problems.append(
                RowProblem(
                    reader.line_num,
                    "card_id",
                    f"at most {_MAX_CARD_ID} characters, got {len(row[column].strip())}",
                )
            )
    raise ReviewLogError(origin, problems)
