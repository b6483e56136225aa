"""Read attempts from a marks CSV: ``attempt,item,mark,max_mark`` (one row per item per attempt).

Optional columns: ``learner`` and ``attempt_number`` (needed to count only first, last or highest
attempts). An empty ``mark`` is "not answered" and counts as 0, as in Moodle. Rows may come in
any order; items keep the order in which they first appear. Every problem is reported with the
file, line and field, all at once.
"""

from __future__ import annotations

import csv
import math
import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from trainer.domain.item_analysis.marks import Attempt, ItemMark

REQUIRED_COLUMNS = ("attempt", "item", "mark", "max_mark")
OPTIONAL_COLUMNS = ("learner", "attempt_number")
MAX_PROBLEMS = 50
_WHOLE_NUMBER = re.compile(r"[0-9]{1,9}")
# Plain decimal numbers only (Python's float() would also take "1_000", "inf" or "nan").
_DECIMAL = re.compile(r"[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)([eE][+-]?[0-9]{1,3})?")


class MarksCsvError(ValueError):
    """A marks CSV that cannot be read; ``problems`` are "FILE: line N: field 'F': ..." lines."""

    def __init__(self, problems: list[str]):
        self.problems = tuple(problems)
        super().__init__("\n".join(self.problems))


@dataclass
class _AttemptRows:
    line: int
    learner: str | None
    number: int | None
    marks: dict[str, ItemMark] = field(default_factory=dict)
    lines: dict[str, int] = field(default_factory=dict)


def read_marks_csv(lines: Iterable[str], source: str) -> list[Attempt]:
    """The attempts in a marks CSV (``lines`` as from an open text file); ``source`` names the
    file in messages. Raises :class:`MarksCsvError` listing every problem."""
    reader = csv.reader(lines)
    problems = _Problems(source)
    try:
        header = next(reader, None)
        if header is None:
            raise MarksCsvError(
                [
                    f"{source}: line 1: the file is empty; expected a header "
                    f"{','.join(REQUIRED_COLUMNS)}"
                ]
            )
        columns = _columns(header, problems)
        problems.raise_if_any()
        attempts: dict[str, _AttemptRows] = {}
        max_marks: dict[str, tuple[float, int]] = {}
        for row in reader:
            line = reader.line_num
            if not any(cell.strip() for cell in row):
                continue
            _read_row(row, line, columns, attempts, max_marks, problems)
            if problems.full:
                break
    except csv.Error as error:
        problems.add(reader.line_num, None, f"not valid CSV ({error})")
    problems.raise_if_any()
    _check_matrix(attempts, list(max_marks), problems)
    problems.raise_if_any()
    return [
        Attempt(id=a_id, marks=rows.marks, learner=rows.learner, number=rows.number)
        for a_id, rows in attempts.items()
    ]


class _Problems:
    def __init__(self, source: str):
        self.source = source
        self.items: list[str] = []

    def add(self, line: int, column: str | None, message: str) -> None:
        if len(self.items) < MAX_PROBLEMS:
            where = f"{self.source}: line {line}"
            where += f": field '{column}'" if column else ""
            self.items.append(f"{where}: {message}")

    @property
    def full(self) -> bool:
        return len(self.items) >= MAX_PROBLEMS

    def raise_if_any(self) -> None:
        if self.items:
            raise MarksCsvError(self.items)


def _columns(header: list[str], problems: _Problems) -> dict[str, int]:
    names = [h.strip().lower().lstrip("\ufeff") for h in header]
    columns: dict[str, int] = {}
    for index, name in enumerate(names):
        if name not in REQUIRED_COLUMNS + OPTIONAL_COLUMNS:
            known = ", ".join(REQUIRED_COLUMNS + OPTIONAL_COLUMNS)
            problems.add(1, name, f"unknown column (known columns: {known})")
        elif name in columns:
            problems.add(1, name, "column appears twice")
        else:
            columns[name] = index
    for name in REQUIRED_COLUMNS:
        if name not in columns:
            problems.add(1, name, "required column is missing")
    return columns


def _cell(row: list[str], columns: dict[str, int], name: str) -> str | None:
    index = columns.get(name)
    if index is None:
        return None
    return row[index].strip() if index < len(row) else ""


def _read_row(
    row: list[str],
    line: int,
    columns: dict[str, int],
    attempts: dict[str, _AttemptRows],
    max_marks: dict[str, tuple[float, int]],
    problems: _Problems,
) -> None:
    if len(row) > len(columns):
        problems.add(line, None, f"{len(row)} fields, but the header has {len(columns)}")
        return
    attempt_id = _cell(row, columns, "attempt")
    item = _cell(row, columns, "item")
    if not attempt_id:
        problems.add(line, "attempt", "empty; every row needs an attempt id")
    if not item:
        problems.add(line, "item", "empty; every row needs an item id")
    max_ok, max_mark = _number(_cell(row, columns, "max_mark"), line, "max_mark", problems)
    mark_ok, mark = _number(_cell(row, columns, "mark"), line, "mark", problems, empty_ok=True)
    learner = _cell(row, columns, "learner") or None
    number_ok, number = _attempt_number(_cell(row, columns, "attempt_number"), line, problems)
    if not (attempt_id and item and max_ok and mark_ok and number_ok) or max_mark is None:
        return
    if max_mark < 0:
        problems.add(line, "max_mark", f"{max_mark:g} is negative")
        return
    if mark is not None and abs(mark) > max_mark:
        problems.add(line, "mark", f"{mark:g} is outside ±{max_mark:g} (the max mark)")
        return
    known_max = max_marks.setdefault(item, (max_mark, line))
    if known_max[0] != max_mark:
        problems.add(
            line,
            "max_mark",
            f"{max_mark:g} for item {item!r}, but line "
            f"{known_max[1]} gives {known_max[0]:g}; an item has one max mark",
        )
        return
    rows = attempts.setdefault(attempt_id, _AttemptRows(line, learner, number))
    if (rows.learner, rows.number) != (learner, number):
        problems.add(
            line,
            "learner" if rows.learner != learner else "attempt_number",
            f"attempt {attempt_id!r} has a different learner or attempt number on line {rows.line}",
        )
        return
    if item in rows.marks:
        problems.add(
            line,
            "item",
            f"attempt {attempt_id!r} already has item {item!r} on line {rows.lines[item]}",
        )
        return
    rows.marks[item] = ItemMark(mark=mark, max_mark=max_mark)
    rows.lines[item] = line


def _number(
    text: str | None, line: int, column: str, problems: _Problems, *, empty_ok: bool = False
) -> tuple[bool, float | None]:
    """(valid, value); an empty cell is (True, None) when ``empty_ok``."""
    if not text:
        if empty_ok:
            return True, None
        problems.add(line, column, "empty; a number is needed")
        return False, None
    if not _DECIMAL.fullmatch(text):
        problems.add(line, column, f"{text!r} is not a number")
        return False, None
    value = float(text)
    if not math.isfinite(value):
        problems.add(line, column, f"{text!r} is too large")
        return False, None
    return True, value


def _attempt_number(text: str | None, line: int, problems: _Problems) -> tuple[bool, int | None]:
    if not text:
        return True, None
    if not _WHOLE_NUMBER.fullmatch(text) or int(text) < 1:
        problems.add(line, "attempt_number", f"{text!r} is not a whole number >= 1")
        return False, None
    return True, int(text)


def _check_matrix(attempts: dict[str, _AttemptRows], items: list[str], problems: _Problems) -> None:
    """Every attempt has a mark for every item (Moodle has a step for every slot)."""
    for attempt_id, rows in attempts.items():
        for item in items:
            if item not in rows.marks:
                problems.add(
                    rows.line,
                    "item",
                    f"attempt {attempt_id!r} (first row here) has no row for item {item!r}",
                )
