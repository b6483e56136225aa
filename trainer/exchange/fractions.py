"""Moodle's grade fractions: the allowed list, the tolerant match, and what our export writes.

The list is ``question_bank::fraction_options_full()`` (question/engine/bank.php): 100, 90,
83.33333, ... 5, 0 percent and their negatives. ``match_grade_options()`` in lib/questionlib.php
accepts a grade within 0.00001 of an allowed one ("slightly fuzzy test, never check floats for
equality") and, with ``matchgrades = 'error'`` (the import default), rejects any other.
"""

from __future__ import annotations

ALLOWED_PERCENT = (
    100, 90, 83.33333, 80, 75, 70, 66.66667, 60, 50, 40, 33.33333, 30, 25, 20, 16.66667,
    14.28571, 12.5, 11.11111, 10, 5, 0,
)  # fmt: skip
ALLOWED_FRACTIONS = tuple(p / 100 for p in ALLOWED_PERCENT) + tuple(
    -p / 100 for p in ALLOWED_PERCENT if p
)
_TOLERANCE = 0.00001


def match_grade(fraction: float) -> float | None:
    """The allowed fraction ``fraction`` stands for, or None (Moodle: ``invalidgrade``)."""
    for allowed in ALLOWED_FRACTIONS:
        if abs(fraction - allowed) < _TOLERANCE:
            return allowed
    return None


def reaches_full_marks(fractions: list[float]) -> bool:
    """Do the positive fractions of a multiple-answer question add up to 100%?

    qtype_multichoice::save_question_options rounds the total to 2 places and wants 1
    (``fractionsaddwrong``); the same rounding here.
    """
    return round(sum(f for f in fractions if f > 0), 2) >= 1


def percent_text(fraction: float) -> str:
    """A fraction as Moodle writes a percentage: ``100``, ``33.33333``, ``-25``."""
    text = f"{fraction * 100:.5f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def multiple_response_fractions(correct: list[bool]) -> list[float]:
    """Fractions for our all-or-nothing multiple-response item, within Moodle's allowed list.

    Each correct choice gets an equal share of 100%, each wrong one an equal share of -100%, so
    that ticking everything scores nothing (up to 8 choices every share is an allowed grade).
    """
    n_right = sum(correct)
    n_wrong = len(correct) - n_right
    out = []
    for is_right in correct:
        share = 1 / n_right if is_right else -1 / n_wrong
        out.append(match_grade(round(share, 7)) or round(share, 7))
    return out
