"""`flask --app trainer quiz analyse --marks CSV [--json]`: Moodle's figures from marks alone."""

from __future__ import annotations

import json
import math
from pathlib import Path

import pytest

from tests.unit.domain.item_analysis_matrices import MATRIX_A, MATRIX_A_MAX

MOODLE_MARKS = (
    Path(__file__).parents[1] / "unit" / "domain" / "fixtures" / "moodle_quiz00_marks.csv"
)


@pytest.fixture
def matrix_a_csv(tmp_path) -> Path:
    """Matrix A of the unit tests (worked by hand there), as a marks CSV."""
    lines = ["attempt,item,mark,max_mark"]
    for attempt, marks in MATRIX_A.items():
        for (item, max_mark), mark in zip(MATRIX_A_MAX.items(), marks, strict=True):
            lines.append(f"{attempt},{item},{mark},{max_mark:g}")
    path = tmp_path / "marks.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_json_prints_moodle_units(runner, matrix_a_csv):
    result = runner.invoke(args=["quiz", "analyse", "--marks", str(matrix_a_csv), "--json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    assert list(report["items"]) == ["q1", "q2", "q3", "q4"]
    q1, q3, q4 = report["items"]["q1"], report["items"]["q3"], report["items"]["q4"]
    # Hand-worked in tests/unit/domain/test_item_analysis_items.py and ..._quiz.py.
    assert q1["facility"] == pytest.approx(0.6)
    assert q1["discrimination_index"] == pytest.approx(87.287156, abs=1e-6)
    assert q1["discriminative_efficiency"] == pytest.approx(100.0)
    assert q1["random_guess_score"] is None  # unknown from marks alone
    assert q1["flags"] == []
    assert q3["sd"] == pytest.approx(math.sqrt(0.5) / 2)  # a fraction of the max mark 2
    assert q3["intended_weight"] == pytest.approx(40.0)
    assert q4["effective_weight"] is None and q4["negative_covariance"] is True
    assert [f["flag"] for f in q4["flags"]] == ["dubious", "negative_discrimination"]
    assert all(f["reason"] for f in q4["flags"])
    quiz = report["quiz"]
    assert quiz["n"] == 5 and quiz["median"] == 3.0
    assert quiz["mean"] == pytest.approx(2.4)
    assert quiz["sd"] == pytest.approx(math.sqrt(1.8))
    assert quiz["cic"] == pytest.approx(800 / 27)
    assert quiz["error_ratio"] == pytest.approx(83.887049, abs=1e-6)
    assert quiz["standard_error"] == pytest.approx(1.125463, abs=1e-6)
    assert set(quiz) >= {"skewness", "kurtosis"}


def test_json_null_where_moodle_has_no_figure(runner, tmp_path):
    path = tmp_path / "one.csv"
    path.write_text("attempt,item,mark,max_mark\n1,q1,1,1\n1,q2,0,1\n", encoding="utf-8")
    result = runner.invoke(args=["quiz", "analyse", "--marks", str(path), "--json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    assert report["items"]["q1"]["sd"] is None
    assert report["items"]["q1"]["discrimination_index"] is None
    assert report["quiz"]["sd"] is None and report["quiz"]["cic"] is None
    assert report["quiz"]["n"] == 1


def test_table_on_moodles_example(runner):
    result = runner.invoke(args=["quiz", "analyse", "--marks", str(MOODLE_MARKS)])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0].split() == [
        "item",
        "n",
        "facility",
        "sd",
        "guess",
        "intended",
        "effective",
        "discr.",
        "eff.",
    ]
    # Slot 1 of Moodle's example (qstats00.csv): facility 70.40 %, sd 45.14 %, effective
    # weight 21.29 %, discrimination -7.07 %, efficiency -9.46 %.
    assert lines[1].split() == [
        "1",
        "25",
        "70.40%",
        "45.14%",
        "-",
        "14.29%",
        "21.29%",
        "-7.07%",
        "-9.46%",
    ]
    assert "  3: too_easy: facility 97.3% is above 95%" in lines
    assert "CIC -87.22%, error ratio 136.83%" in result.output


def test_first_attempts_need_the_learner_columns(runner, tmp_path, matrix_a_csv):
    result = runner.invoke(
        args=["quiz", "analyse", "--marks", str(matrix_a_csv), "--attempts", "first"]
    )
    assert result.exit_code == 1
    assert "has no learner or attempt number, needed for first attempts" in result.output
    path = tmp_path / "learners.csv"
    path.write_text(
        "attempt,item,mark,max_mark,learner,attempt_number\n"
        "a,q1,1,1,ann,1\nb,q1,0,1,ann,2\nc,q1,0,1,bob,1\n",
        encoding="utf-8",
    )
    first = runner.invoke(
        args=["quiz", "analyse", "--marks", str(path), "--attempts", "first", "--json"]
    )
    assert first.exit_code == 0, first.output
    report = json.loads(first.output)
    assert report["attempts"] == "first"
    assert report["quiz"]["n"] == 2 and report["quiz"]["mean"] == 0.5


def test_bad_csv_names_file_line_and_field(runner, tmp_path):
    path = tmp_path / "bad.csv"
    path.write_text("attempt,item,mark,max_mark\n1,q1,1,1\n1,q2,lots,1\n", encoding="utf-8")
    result = runner.invoke(args=["quiz", "analyse", "--marks", str(path), "--json"])
    assert result.exit_code == 1
    assert f"{path}: line 3: field 'mark': 'lots' is not a number" in result.stderr
    assert f"1 problem(s) in {path}; nothing was analysed" in result.stderr
    assert result.stdout == ""


def test_unreadable_files(runner, tmp_path):
    missing = runner.invoke(args=["quiz", "analyse", "--marks", str(tmp_path / "nope.csv")])
    assert missing.exit_code == 1 and "cannot read" in missing.output
    latin = tmp_path / "latin.csv"
    latin.write_bytes("attempt,item,mark,max_mark\n1,caf\xe9,1,1\n".encode("latin-1"))
    result = runner.invoke(args=["quiz", "analyse", "--marks", str(latin)])
    assert result.exit_code == 1 and "not UTF-8 text" in result.output


def test_header_only_has_nothing_to_analyse(runner, tmp_path):
    path = tmp_path / "empty.csv"
    path.write_text("attempt,item,mark,max_mark\n", encoding="utf-8")
    table = runner.invoke(args=["quiz", "analyse", "--marks", str(path)])
    assert table.exit_code == 0 and "No attempts" in table.output
    report = json.loads(
        runner.invoke(args=["quiz", "analyse", "--marks", str(path), "--json"]).output
    )
    assert report["items"] == {} and report["quiz"]["n"] == 0 and report["quiz"]["mean"] is None
