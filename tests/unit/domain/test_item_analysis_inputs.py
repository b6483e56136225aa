"""Item analysis inputs: which attempts count, the mark matrix, the marks CSV."""

from __future__ import annotations

import io

import pytest

from tests.unit.domain.item_analysis_matrices import attempts_from
from trainer.domain.item_analysis import (
    Attempt,
    ItemMark,
    MarksCsvError,
    MarksError,
    WhichAttempts,
    analyse,
    read_marks_csv,
    select_attempts,
)


def _attempt(attempt_id, learner, number, marks):
    return Attempt(
        attempt_id,
        {f"q{i}": ItemMark(m, 1.0) for i, m in enumerate(marks, 1)},
        learner=learner,
        number=number,
    )


# Learner L1 tries three times (totals 1, 2, 2), L2 once (total 0).
ATTEMPTS = [
    _attempt("l1-1", "L1", 1, [1, 0]),
    _attempt("l1-2", "L1", 2, [1, 1]),
    _attempt("l1-3", "L1", 3, [1, 1]),
    _attempt("l2-1", "L2", 1, [0, 0]),
]


@pytest.mark.parametrize(
    ("which", "expected"),
    [
        (WhichAttempts.ALL, ["l1-1", "l1-2", "l1-3", "l2-1"]),
        (WhichAttempts.FIRST, ["l1-1", "l2-1"]),
        (WhichAttempts.LAST, ["l1-3", "l2-1"]),
        # Highest total; L1's attempts 2 and 3 tie at 2 marks, and the earlier one counts.
        (WhichAttempts.HIGHEST, ["l1-2", "l2-1"]),
    ],
)
def test_which_attempts_count(which, expected):
    assert [a.id for a in select_attempts(ATTEMPTS, which)] == expected
    assert analyse(ATTEMPTS, which=which).quiz.n == len(expected)


def test_first_attempts_change_the_figures():
    """First attempts: totals 1 (l1-1) and 0 (l2-1), mean 0.5; all attempts: mean 5 / 4."""
    assert analyse(ATTEMPTS, which=WhichAttempts.FIRST).quiz.mean == 0.5
    assert analyse(ATTEMPTS).quiz.mean == 1.25


def test_selection_needs_learner_and_number():
    attempts = attempts_from({"a": [1], "b": [0]}, {"q1": 1})
    with pytest.raises(MarksError, match="no learner or attempt number"):
        analyse(attempts, which=WhichAttempts.FIRST)
    assert analyse(attempts).quiz.n == 2


def test_the_matrix_must_be_full_and_consistent():
    attempts = [
        Attempt("a", {"q1": ItemMark(1, 1), "q2": ItemMark(1, 1)}),
        Attempt("b", {"q1": ItemMark(1, 2)}),
        Attempt("c", {"q1": ItemMark(3, 1), "q2": ItemMark(0, 1)}),
    ]
    with pytest.raises(MarksError) as raised:
        analyse(attempts)
    problems = raised.value.problems
    assert "attempt 'b', item 'q1': max mark 2 differs from 1 elsewhere" in problems
    assert "attempt 'b' has no mark for item 'q2'" in problems
    assert "attempt 'c', item 'q1': mark 3 is not a finite number within ±1" in problems


def _read(text: str, source: str = "marks.csv"):
    return read_marks_csv(io.StringIO(text), source)


def _problems(text: str) -> tuple[str, ...]:
    with pytest.raises(MarksCsvError) as raised:
        _read(text)
    return raised.value.problems


def test_csv_reads_attempts_in_file_order_with_blank_marks_unanswered():
    attempts = _read("attempt,item,mark,max_mark\n7,q2,1,1\n7,q1,,2\n\n8,q1,2,2\n8,q2,0.5,1\n")
    assert [a.id for a in attempts] == ["7", "8"]
    assert list(attempts[0].marks) == ["q2", "q1"]
    assert attempts[0].marks["q1"] == ItemMark(None, 2.0)
    assert attempts[0].total == 1.0 and attempts[1].total == 2.5


def test_csv_optional_learner_columns_and_header_case_and_bom():
    attempts = _read(
        "\ufeffAttempt,Item,Mark,Max_Mark,learner,attempt_number\nx,q1,1,1,ann,2\ny,q1,0,1,ann,1\n"
    )
    assert [(a.learner, a.number) for a in attempts] == [("ann", 2), ("ann", 1)]
    assert [a.id for a in select_attempts(attempts, WhichAttempts.FIRST)] == ["y"]


def test_csv_names_file_line_and_field_for_each_problem():
    problems = _problems(
        "attempt,item,mark,max_mark\n"
        "1,q1,abc,1\n"  # line 2
        "1,q2,1,\n"  # line 3
        ",q3,1,1\n"  # line 4
        "2,q1,nan,1\n"  # line 5
        "2,q2,2,1\n"  # line 6
    )
    assert problems == (
        "marks.csv: line 2: field 'mark': 'abc' is not a number",
        "marks.csv: line 3: field 'max_mark': empty; a number is needed",
        "marks.csv: line 4: field 'attempt': empty; every row needs an attempt id",
        "marks.csv: line 5: field 'mark': 'nan' is not a number",
        "marks.csv: line 6: field 'mark': 2 is outside ±1 (the max mark)",
    )


def test_csv_header_problems():
    assert _problems("") == (
        "marks.csv: line 1: the file is empty; expected a header attempt,item,mark,max_mark",
    )
    problems = _problems("attempt,item,score,max_mark\n1,q1,1,1\n")
    assert "marks.csv: line 1: field 'score': unknown column" in problems[0]
    assert problems[1] == "marks.csv: line 1: field 'mark': required column is missing"


def test_csv_duplicates_max_marks_and_missing_items():
    problems = _problems(
        "attempt,item,mark,max_mark\n"
        "1,q1,1,1\n"
        "1,q1,0,1\n"  # line 3: twice
        "2,q1,1,2\n"  # line 4: another max mark
    )
    assert problems == (
        "marks.csv: line 3: field 'item': attempt '1' already has item 'q1' on line 2",
        "marks.csv: line 4: field 'max_mark': 2 for item 'q1', but line 2 gives 1; an item "
        "has one max mark",
    )
    missing = _problems("attempt,item,mark,max_mark\n1,q1,1,1\n1,q2,1,1\n2,q1,0,1\n")
    assert missing == (
        "marks.csv: line 4: field 'item': attempt '2' (first row here) has no row for item 'q2'",
    )


def test_csv_row_shape_and_attempt_numbers():
    problems = _problems(
        "attempt,item,mark,max_mark,learner,attempt_number\n"
        "1,q1,1,1,ann,0\n"  # line 2
        "1,q1,1,1,ann,1,extra\n"  # line 3
        "2,q1,1,1,bob,1\n"
        "2,q2,1,1,ann,1\n"  # line 5: another learner for attempt 2
    )
    assert (
        problems[0] == "marks.csv: line 2: field 'attempt_number': '0' is not a whole number >= 1"
    )
    assert problems[1] == "marks.csv: line 3: 7 fields, but the header has 6"
    assert problems[2].startswith("marks.csv: line 5: field 'learner': attempt '2' has a different")


@pytest.mark.parametrize("text", ["1_0", "inf", "0x1", "1,5", "½", "1e999"])
def test_csv_numbers_are_plain_decimals(text):
    (problem,) = _problems(f'attempt,item,mark,max_mark\n1,q1,1,"{text}"\n')
    assert problem.startswith("marks.csv: line 2: field 'max_mark': ")
    assert repr(text) in problem


def test_csv_problems_are_capped():
    rows = "".join(f"{i},q1,x,1\n" for i in range(200))
    problems = _problems("attempt,item,mark,max_mark\n" + rows)
    assert len(problems) == 50
