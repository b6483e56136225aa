"""Evaluation: exclusion rules, result shape, and metrics checked on hand-computed examples."""

from __future__ import annotations

import math
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from trainer.domain.evaluation import MODELS, auc, evaluate, evaluate_detailed, log_loss, rmse_bins
from trainer.domain.review_history import ReviewRecord, read_review_log
from trainer.domain.scheduling import DEFAULT_PARAMETERS, Rating

FIXTURE = Path(__file__).parent / "fixtures" / "review_log_small.csv"


def _at(day: int, hour: int = 9, minute: int = 0) -> datetime:
    return datetime(2024, 1, 1, hour, minute, tzinfo=UTC) + timedelta(days=day)


def _log(*rows: tuple[int, int, datetime]) -> list[ReviewRecord]:
    return [ReviewRecord(card, Rating(rating), when, None) for card, rating, when in rows]


# Cutoff at day 7. Comments say how each review is used.
HAND_LOG = _log(
    (1, 3, _at(0)),  # first review: not scored
    (1, 3, _at(2)),  # train, recalled
    (2, 1, _at(1)),  # first review
    (2, 3, _at(1, minute=10)),  # same day: not scored
    (2, 3, _at(3)),  # train, recalled
    (2, 1, _at(4)),  # train, forgotten
    (1, 1, _at(9)),  # test, forgotten
    (1, 3, _at(9, minute=10)),  # same day: not scored
    (1, 3, _at(11)),  # test, recalled
    (3, 3, _at(10)),  # first review (after the cutoff): not scored
    (3, 3, _at(12)),  # test, recalled
)
CUTOFF = _at(7, hour=0)


def test_hand_log_counts_and_constant_model():
    report = evaluate_detailed(HAND_LOG, CUTOFF)
    assert report.n == 3
    assert report.n_train == 3
    assert report.train_recall_rate == pytest.approx(2 / 3)
    assert report.fitted_is_default and report.fitted_parameters == DEFAULT_PARAMETERS
    # Nothing fitted, nothing to shrink: the shrunk model is the defaults.
    assert report.shrink_weight == 0 and report.shrunk_parameters == DEFAULT_PARAMETERS
    assert report.metrics["fsrs_shrunk"] == report.metrics["fsrs_default"]
    expected = -(math.log(1 / 3) + 2 * math.log(2 / 3)) / 3  # labels 0, 1, 1
    assert report.metrics["avg"]["log_loss"] == pytest.approx(expected)
    assert report.metrics["avg"]["auc"] == 0.5


def test_result_has_exactly_the_documented_keys():
    result = evaluate(HAND_LOG, CUTOFF)
    assert list(result) == [*MODELS, "n"]
    for model in MODELS:
        assert set(result[model]) == {"log_loss", "rmse_bins", "auc"}


def test_fixture_log_gives_finite_metrics():
    reviews = read_review_log(FIXTURE)
    result = evaluate(reviews, datetime(2024, 2, 10, tzinfo=UTC))
    assert result["n"] > 10
    for model in MODELS:
        for name, value in result[model].items():
            assert value is not None and math.isfinite(value), (model, name)
    assert result["avg"]["auc"] == 0.5


def test_input_order_does_not_matter():
    assert evaluate(list(reversed(HAND_LOG)), CUTOFF) == evaluate(HAND_LOG, CUTOFF)


def test_nothing_to_train_on_or_to_score_is_an_error():
    with pytest.raises(ValueError, match="before the cutoff"):
        evaluate(HAND_LOG, _at(1, hour=0))
    with pytest.raises(ValueError, match="at or after the cutoff"):
        evaluate(HAND_LOG, _at(30))


def test_naive_cutoff_is_rejected():
    with pytest.raises(ValueError, match="timezone-aware"):
        evaluate(HAND_LOG, datetime(2024, 1, 8))


# --- metrics --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("labels", "scores", "expected"),
    [
        ([1, 0, 1, 0], [0.9, 0.1, 0.8, 0.3], 1.0),
        ([1, 0, 1, 0], [0.1, 0.9, 0.2, 0.8], 0.0),
        ([1, 1, 0, 0], [0.8, 0.4, 0.6, 0.2], 0.75),  # 3 of 4 pairs ordered correctly
        ([1, 0], [0.5, 0.5], 0.5),  # a tie counts one half
        ([1, 0, 1, 0], [0.7, 0.7, 0.2, 0.1], 0.625),  # (0.5 + 1 + 0 + 1) / 4
        ([0, 1, 1, 0, 1], [0.3, 0.3, 0.3, 0.3, 0.9], (0.5 * 4 + 1 * 2) / 6),
    ],
)
def test_auc_hand_computed(labels, scores, expected):
    assert auc(labels, scores) == pytest.approx(expected)


def test_auc_undefined_for_one_class():
    assert auc([1, 1], [0.2, 0.4]) is None


def test_log_loss_hand_computed():
    assert log_loss([1, 0], [0.8, 0.4]) == pytest.approx(-(math.log(0.8) + math.log(0.6)) / 2)
    assert math.isfinite(log_loss([1], [0.0]))  # clipped like sklearn


def test_rmse_bins_groups_by_interval_count_and_lapses():
    # Same bin (elapsed 1 and 2 -> 2.48; i 2 and 3 -> 4; no lapses): means 0.5 vs 0.8.
    assert rmse_bins([1, 0], [0.9, 0.7], [1, 2], [2, 3], [0, 0]) == pytest.approx(0.3)
    # Different interval bins (2 -> 2.48, 4 -> 8.98): each review is its own group.
    expected = math.sqrt((0.1**2 + 0.7**2) / 2)
    assert rmse_bins([1, 0], [0.9, 0.7], [2, 4], [2, 2], [0, 0]) == pytest.approx(expected)
    # Lapse bins: 0 -> 0, 1 -> 2, 2 -> 3.
    expected = math.sqrt((0.1**2 + 0.7**2) / 2)
    assert rmse_bins([1, 0], [0.9, 0.7], [1, 1], [2, 2], [1, 2]) == pytest.approx(expected)


def test_rmse_bins_weights_groups_by_size():
    # Group A: three reviews, mean y 2/3, mean p 0.5. Group B (i=8 -> bin 7): one, y 0, p 0.5.
    value = rmse_bins([1, 1, 0, 0], [0.5] * 4, [1, 1, 1, 1], [2, 2, 2, 8], [0] * 4)
    expected = math.sqrt((3 * (2 / 3 - 0.5) ** 2 + 1 * 0.5**2) / 4)
    assert value == pytest.approx(expected)
