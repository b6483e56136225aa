"""Review logs from CSV files: ``card_id, review_rating, review_time, review_duration``.

Every row is checked and every problem is reported together, each naming its line and field;
nothing is skipped silently. The format is that of the Anki review-log exports used for
evaluation (``review_time`` in ISO 8601 with a UTC offset, ``review_duration`` in milliseconds).
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import IO

from trainer.domain.scheduling import Rating, as_utc

__all__ = [
    "COLUMNS",
    "ReviewLogError",
    "ReviewRecord",
    "RowProblem",
    "parse_review_log",
    "read_review_log",
]

COLUMNS = ("card_id", "review_rating", "review_time", "review_duration")

#: At most this many problems are spelled out in the exception message (all are kept on it).
_MESSAGE_PROBLEMS = 20


@dataclass(frozen=True)
class ReviewRecord:
    """One logged review.

    Attributes:
        card_id: The card reviewed.
        rating: The button pressed.
        review_time: When (UTC).
        review_duration_ms: How long the answer took, in milliseconds, if recorded.
    """

    card_id: int
    rating: Rating
    review_time: datetime
    review_duration_ms: int | None


@dataclass(frozen=True)
class RowProblem:
    """What is wrong with one field of one line (line 1 is the header)."""

    line: int
    field: str
    message: str

    def __str__(self) -> str:
        return f"line {self.line}, field {self.field!r}: {self.message}"


class ReviewLogError(ValueError):
    """The review log has problems; ``problems`` lists every one of them."""

    def __init__(self, source: str, problems: list[RowProblem]) -> None:
        self.source = source
        self.problems = problems
        shown = "\n".join(f"  {problem}" for problem in problems[:_MESSAGE_PROBLEMS])
        more = len(problems) - _MESSAGE_PROBLEMS
        tail = f"\n  ... and {more} more" if more > 0 else ""
        super().__init__(f"{source}: {len(problems)} problem(s) in review log:\n{shown}{tail}")


def read_review_log(path: str | Path) -> list[ReviewRecord]:
    """Read a review-log CSV file (UTF-8, optional BOM) into records, in file order.

    Raises:
        ReviewLogError: listing every bad header or field, each with its line number.
    """
    path = Path(path)
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return parse_review_log(handle, source=str(path))


def parse_review_log(
    lines: Iterable[str] | IO[str], source: str = "<review log>"
) -> list[ReviewRecord]:
    """Parse review-log CSV text (header first) into records, in input order.

    Raises:
        ReviewLogError: listing every bad header or field, each with its line number.
    """
    reader = csv.reader(lines)
    header = next(reader, None)
    if header is None:
        raise ReviewLogError(source, [RowProblem(1, "header", "the file is empty")])
    header = [name.strip() for name in header]
    missing = [name for name in COLUMNS if name not in header]
    if missing:
        raise ReviewLogError(
            source,
            [RowProblem(1, name, "column is missing from the header") for name in missing],
        )
    index = {name: header.index(name) for name in COLUMNS}

    records: list[ReviewRecord] = []
    problems: list[RowProblem] = []
    for row in reader:
        line = reader.line_num
        if not row:
            continue  # a blank line is not a row
        if len(row) != len(header):
            problems.append(
                RowProblem(line, "row", f"expected {len(header)} fields, got {len(row)}")
            )
            continue
        record = _parse_row(line, {name: row[index[name]].strip() for name in COLUMNS}, problems)
        if record is not None:
            records.append(record)
    if problems:
        raise ReviewLogError(source, problems)
    return records


def _parse_row(
    line: int, values: dict[str, str], problems: list[RowProblem]
) -> ReviewRecord | None:
    found = len(problems)

    card_id = _parse_int(values["card_id"])
    if card_id is None:
        problems.append(
            RowProblem(line, "card_id", f"expected an integer, got {values['card_id']!r}")
        )

    rating_value = _parse_int(values["review_rating"])
    rating = None
    if rating_value in (1, 2, 3, 4):
        rating = Rating(rating_value)
    else:
        problems.append(
            RowProblem(
                line,
                "review_rating",
                "expected 1 (Again), 2 (Hard), 3 (Good) or 4 (Easy), "
                f"got {values['review_rating']!r}",
            )
        )

    review_time = None
    text = values["review_time"]
    try:
        parsed = datetime.fromisoformat(text)
    except ValueError:
        problems.append(RowProblem(line, "review_time", f"expected ISO 8601, got {text!r}"))
    else:
        if parsed.tzinfo is None:
            problems.append(
                RowProblem(line, "review_time", f"needs a UTC offset (e.g. +00:00), got {text!r}")
            )
        else:
            review_time = as_utc(parsed, "review_time")

    duration: int | None = None
    if values["review_duration"]:
        duration = _parse_int(values["review_duration"])
        if duration is None or duration < 0:
            problems.append(
                RowProblem(
                    line,
                    "review_duration",
                    "expected a whole number of milliseconds >= 0, "
                    f"got {values['review_duration']!r}",
                )
            )
            duration = None

    if len(problems) > found:
        return None
    assert card_id is not None and rating is not None and review_time is not None
    return ReviewRecord(
        card_id=card_id, rating=rating, review_time=review_time, review_duration_ms=duration
    )


def _parse_int(text: str) -> int | None:
    # int() would also accept "1_000" or "\u0661"; a log field should be ASCII digits, maybe signed.
    digits = text[1:] if text.startswith(("+", "-")) else text
    if not (digits.isascii() and digits.isdigit()):
        return None
    return int(text)
