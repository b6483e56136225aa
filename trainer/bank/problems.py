"""What validation reports: one ``Problem`` per fault, and ``BankError`` carrying them all."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    """One fault in the bank, located as precisely as the files allow.

    ``file`` is relative to the bank directory (``topics/safety.yaml``; the body-map SVG, which
    lives in the app, is given relative to the bank too). ``line`` is 1-based, or ``None`` when
    the fault has no line (a missing file). ``field`` names the field, by item or muscle id where
    known (``ref-014.choices[2].text``), else by position (``items[12].choices``); empty when the
    fault concerns the whole file.
    """

    file: str
    line: int | None
    field: str
    message: str

    def sort_key(self) -> tuple[str, int, str, str]:
        return (self.file, self.line or 0, self.field, self.message)

    def __str__(self) -> str:
        where = self.file or "<bank>"
        if self.line is not None:
            where += f":{self.line}"
        if self.field:
            where += f": {self.field}"
        return f"{where}: {self.message}"


def sort_problems(problems: Iterable[Problem]) -> list[Problem]:
    """Problems in reading order: by file, then line, then field."""
    return sorted(problems, key=Problem.sort_key)


class BankError(Exception):
    """The bank is invalid; ``problems`` lists every fault found (sorted by file and line).

    Raised by :func:`trainer.bank.load_bank` so that an importer imports nothing from a bank
    that has any problem.
    """

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems = sort_problems(problems)
        count = len(self.problems)
        shown = "\n".join(f"  {p}" for p in self.problems[:20])
        more = f"\n  ... and {count - 20} more" if count > 20 else ""
        noun = "problem" if count == 1 else "problems"
        super().__init__(f"{count} {noun} in the question bank:\n{shown}{more}")
