"""Small mark matrices shared by the item-analysis tests, with their figures worked by hand."""

from __future__ import annotations

from trainer.domain.item_analysis import Attempt, ItemMark


def attempts_from(rows: dict[str, list[float | None]], max_marks: dict[str, float]):
    """``rows``: attempt id -> marks in the order of ``max_marks`` (item -> max mark)."""
    return [
        Attempt(
            attempt,
            {
                item: ItemMark(mark, max_mark)
                for (item, max_mark), mark in zip(max_marks.items(), marks, strict=True)
            },
        )
        for attempt, marks in rows.items()
    ]


# Matrix A: 5 attempts x 4 items; q3 is worth 2 marks; q4 is answered right by weak attempts.
#
#        q1  q2  q3  q4 | total
#   a1    1   1   2   0 |   4
#   a2    1   1   1   0 |   3
#   a3    1   0   1   1 |   3
#   a4    0   0   1   0 |   1
#   a5    0   0   0   1 |   1
MATRIX_A_MAX = {"q1": 1.0, "q2": 1.0, "q3": 2.0, "q4": 1.0}
MATRIX_A = {
    "a1": [1, 1, 2, 0],
    "a2": [1, 1, 1, 0],
    "a3": [1, 0, 1, 1],
    "a4": [0, 0, 1, 0],
    "a5": [0, 0, 0, 1],
}

# Matrix B: 4 attempts x 4 items; everyone gets q1 right and q2 wrong (zero variance).
#
#        q1  q2  q3  q4 | total
#   b1    1   0   1   2 |   4
#   b2    1   0   1   1 |   3
#   b3    1   0   0   1 |   2
#   b4    1   0   0   0 |   1
MATRIX_B_MAX = {"q1": 1.0, "q2": 1.0, "q3": 1.0, "q4": 2.0}
MATRIX_B = {
    "b1": [1, 0, 1, 2],
    "b2": [1, 0, 1, 1],
    "b3": [1, 0, 0, 1],
    "b4": [1, 0, 0, 0],
}


def matrix_a():
    return attempts_from(MATRIX_A, MATRIX_A_MAX)


def matrix_b():
    return attempts_from(MATRIX_B, MATRIX_B_MAX)
