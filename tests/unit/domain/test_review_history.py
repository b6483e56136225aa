"""Review-log CSV reader: good rows parse; every bad field is reported with line and field."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from trainer.domain.review_history import (
    ReviewLogError,
    ReviewRecord,
    parse_review_log,
    read_review_log,
)
from trainer.domain.scheduling import Rating

FIXTURE = Path(__file__).parent / "fixtures" / "review_log_small.csv"
HEADER = "card_id,review_rating,review_time,review_duration"


def _parse(*rows: str) -> list[ReviewRecord]:
    return parse_review_log([HEADER, *rows], source="test.csv")


def _problems(*rows: str, header: str = HEADER) -> list[tuple[int, str]]:
    with pytest.raises(ReviewLogError) as error:
        parse_review_log([header, *rows], source="test.csv")
    return [(problem.line, problem.field) for problem in error.value.problems]


def test_reads_fixture_file():
    records = read_review_log(FIXTURE)
    assert len(records) == 90
    first = records[0]
    assert first == ReviewRecord(
        card_id=1000,
        rating=Rating.GOOD,
        review_time=datetime(2024, 1, 1, 17, 0, tzinfo=UTC),
        review_duration_ms=16971,
    )


def test_parses_offsets_and_z_into_utc():
    records = _parse(
        "1,4,2024-05-01T12:00:00Z,100",
        "2,2,2024-05-01T14:00:00+02:00,",
    )
    assert records[0].review_time == datetime(2024, 5, 1, 12, tzinfo=UTC)
    assert records[1].review_time == datetime(2024, 5, 1, 12, tzinfo=UTC)
    assert records[1].review_time.tzinfo is UTC
    assert records[1].review_duration_ms is None
    assert records[0].rating is Rating.EASY


def test_column_order_does_not_matter():
    records = parse_review_log(
        ["review_time,card_id,review_duration,review_rating", "2024-05-01T12:00:00Z,9,5,1"]
    )
    assert records == [ReviewRecord(9, Rating.AGAIN, datetime(2024, 5, 1, 12, tzinfo=UTC), 5)]


def test_bad_rating_names_line_and_field():
    assert _problems("1,3,2024-05-01T12:00:00Z,1", "1,5,2024-05-02T12:00:00Z,1") == [
        (3, "review_rating")
    ]


def test_every_problem_is_reported():
    problems = _problems(
        "x,3,2024-05-01T12:00:00Z,1",
        "1,0,2024-05-01T12:00:00,1",
        "1,3,yesterday,-4",
        "1,3",
    )
    assert problems == [
        (2, "card_id"),
        (3, "review_rating"),
        (3, "review_time"),
        (4, "review_time"),
        (4, "review_duration"),
        (5, "row"),
    ]


def test_message_names_line_field_and_value():
    with pytest.raises(ReviewLogError) as error:
        _parse("1,3,2024-05-01T12:00:00,1")
    message = str(error.value)
    assert "test.csv" in message
    assert "line 2, field 'review_time'" in message
    assert "UTC offset" in message
    assert "2024-05-01T12:00:00" in message


def test_missing_columns_are_reported():
    assert _problems(header="card_id,review_time") == [
        (1, "review_rating"),
        (1, "review_duration"),
    ]


def test_empty_input_is_an_error():
    with pytest.raises(ReviewLogError, match="empty"):
        parse_review_log([])


def test_line_numbers_count_blank_lines(tmp_path):
    path = tmp_path / "log.csv"
    path.write_text(f"{HEADER}\n1,3,2024-05-01T12:00:00Z,1\n\n1,9,2024-05-02T12:00:00Z,1\n")
    with pytest.raises(ReviewLogError) as error:
        read_review_log(path)
    assert [(p.line, p.field) for p in error.value.problems] == [(4, "review_rating")]


def test_bom_is_accepted(tmp_path):
    path = tmp_path / "log.csv"
    path.write_text(f"\ufeff{HEADER}\n1,3,2024-05-01T12:00:00Z,1\n", encoding="utf-8")
    assert len(read_review_log(path)) == 1
