"""Out-of-sample choice of how far to trust a fit: chronological folds, blending, selection."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from tests.unit.domain.simulated import START, fast_forgetter
from trainer.domain.scheduling import (
    DEFAULT_PARAMETERS,
    MIN_REVIEWS_FOR_OPTIMISATION,
    MIN_REVIEWS_FOR_VALIDATED_FIT,
    SchedulerSettings,
    fit_validated,
    log_loss_for,
    training_item_count,
)
from trainer.domain.scheduling import validated_fit as module
from trainer.domain.scheduling.validated_fit import (
    blend_parameters,
    histories_before,
    training_review_times,
    validation_windows,
)

#: A "fit" that expects every first memory to last 100 days.
OVERCONFIDENT = (100.0, 100.0, 100.0, 100.0, *DEFAULT_PARAMETERS[4:])


def _fast_forgetter(cards: int = 40, seed: int = 3) -> list[list[tuple[datetime, int]]]:
    return fast_forgetter(cards, seed, stagger_minutes=True)


def test_training_review_times_skip_first_and_same_day_reviews():
    day = timedelta(days=1)
    histories = [
        [(START, 3), (START + timedelta(hours=1), 3), (START + day, 1), (START + 3 * day, 3)],
        [(START + 2 * day, 3)],  # a single review: nothing to score
    ]
    assert training_review_times(histories) == [START + day, START + 3 * day]
    # Out of order input gives the same answer.
    assert training_review_times([list(reversed(h)) for h in histories]) == [
        START + day,
        START + 3 * day,
    ]
    # 23:00 and 01:00 are one learner day when days start at 04:00 UTC, two at midnight.
    late = datetime(2024, 1, 1, 23, tzinfo=UTC)
    pair = [[(late, 3), (late + timedelta(hours=2), 3)]]
    assert training_review_times(pair) == [late + timedelta(hours=2)]
    assert training_review_times(pair, timedelta(hours=4)) == []
    # The same reviews fit_parameters trains on.
    histories = _fast_forgetter()
    assert len(training_review_times(histories)) == training_item_count(histories)


def test_validation_windows_are_consecutive_and_cover_the_latest_reviews():
    times = [START + timedelta(hours=k) for k in range(10)]
    windows = validation_windows(times, (0.6, 0.7, 0.8, 0.9))
    assert windows == [
        (times[6], times[7]),
        (times[7], times[8]),
        (times[8], times[9]),
        (times[9], None),
    ]
    # Folds that would start at the same moment are merged.
    assert validation_windows([START] * 10, (0.6, 0.9)) == [(START, None)]
    assert validation_windows([], (0.5,)) == []
    assert validation_windows(times, ()) == []
    with pytest.raises(ValueError, match="origins"):
        validation_windows(times, (1.0,))


def test_histories_before_is_strict_and_drops_empty_cards():
    histories = [[(START, 3), (START + timedelta(days=2), 3)], [(START + timedelta(days=1), 3)]]
    assert histories_before(histories, START + timedelta(days=1)) == [[(START, 3)]]
    assert histories_before(histories, START) == []
    assert histories_before(histories, None) == histories


def test_blend_parameters():
    fitted = OVERCONFIDENT
    assert blend_parameters(fitted, DEFAULT_PARAMETERS, 0.0) == DEFAULT_PARAMETERS
    assert blend_parameters(fitted, DEFAULT_PARAMETERS, 1.0) == fitted
    half = blend_parameters(fitted, DEFAULT_PARAMETERS, 0.5)
    assert half[0] == pytest.approx((100.0 + DEFAULT_PARAMETERS[0]) / 2)
    assert half[4:] == DEFAULT_PARAMETERS[4:]
    SchedulerSettings(parameters=half)  # still valid parameters
    # Rounding never leaves the interval between the two inputs.
    assert blend_parameters((0.1,), (0.1,), 0.3) == (0.1,)
    with pytest.raises(ValueError, match="weight"):
        blend_parameters(fitted, DEFAULT_PARAMETERS, 1.5)


def test_too_few_reviews_fit_nothing(monkeypatch):
    def fail(*args, **kwargs):
        raise AssertionError("nothing should be fitted")

    monkeypatch.setattr(module, "fit_parameters", fail)
    histories = _fast_forgetter(cards=3)
    assert training_item_count(histories) < MIN_REVIEWS_FOR_OPTIMISATION
    result = fit_validated(histories)
    assert result.parameters == result.fitted == DEFAULT_PARAMETERS
    assert result.weight == 0.0
    assert result.validation_log_loss == {} and result.validation_reviews == 0
    assert result.default_log_loss is None and result.best_fitted_log_loss is None


def test_a_fold_with_too_few_reviews_before_it_is_not_fitted(monkeypatch):
    calls: list[int] = []

    def counting_fit(training, **kwargs):
        calls.append(training_item_count(training))
        return OVERCONFIDENT

    monkeypatch.setattr(module, "fit_parameters", counting_fit)
    # 66 training reviews: enough for one fit, but every fold has fewer than 64 before it.
    short = _fast_forgetter(cards=11)
    assert (
        MIN_REVIEWS_FOR_OPTIMISATION <= training_item_count(short) < (MIN_REVIEWS_FOR_VALIDATED_FIT)
    )
    result = fit_validated(short)
    assert result.weight == 0.0 and result.validation_log_loss == {}
    assert calls == [66]  # only the final fit, on everything

    calls.clear()
    enough = _fast_forgetter(cards=12)  # 72: the last fold has exactly 64 before it
    assert training_item_count(enough) == MIN_REVIEWS_FOR_VALIDATED_FIT
    result = fit_validated(enough)
    assert calls == [MIN_REVIEWS_FOR_OPTIMISATION, 72]
    assert result.validation_reviews == 72 - MIN_REVIEWS_FOR_OPTIMISATION


def test_folds_never_train_on_the_reviews_they_predict(monkeypatch):
    histories = _fast_forgetter()
    times = training_review_times(histories)
    calls: list[list[list[tuple[datetime, int]]]] = []

    def recording_fit(training, **kwargs):
        calls.append([list(history) for history in training])
        return DEFAULT_PARAMETERS

    monkeypatch.setattr(module, "fit_parameters", recording_fit)
    result = fit_validated(histories)

    windows = validation_windows(times)
    assert len(calls) == len(windows) + 1
    for (start, _end), training in zip(windows, calls, strict=False):
        latest = max(moment for history in training for moment, _ in history)
        assert latest < start
        # ... and it is given everything before the fold.
        assert sum(map(len, training)) == sum(
            1 for history in histories for moment, _ in history if moment < start
        )
    assert calls[-1] == histories  # the final fit uses all reviews
    assert result.validation_reviews == sum(1 for moment in times if moment >= windows[0][0])


def test_keeps_the_defaults_when_the_fit_predicts_recent_reviews_worse(monkeypatch):
    histories = _fast_forgetter()
    monkeypatch.setattr(module, "fit_parameters", lambda *args, **kwargs: OVERCONFIDENT)
    result = fit_validated(histories)
    assert result.weight == 0.0
    assert result.parameters == DEFAULT_PARAMETERS
    assert result.fitted == OVERCONFIDENT  # the plain fit is still reported
    assert result.best_fitted_log_loss > result.default_log_loss


def test_a_fit_no_better_than_the_defaults_is_not_applied(monkeypatch):
    # Every weight then predicts exactly as well; ties go to the defaults.
    monkeypatch.setattr(module, "fit_parameters", lambda *args, **kwargs: DEFAULT_PARAMETERS)
    result = fit_validated(_fast_forgetter())
    assert result.weight == 0.0
    assert len(set(result.validation_log_loss.values())) == 1


def test_a_fit_that_predicts_recent_reviews_better_is_used():
    histories = _fast_forgetter(cards=60)
    result = fit_validated(histories)
    assert result.weight > 0
    assert result.parameters == blend_parameters(result.fitted, DEFAULT_PARAMETERS, result.weight)
    assert result.validation_log_loss[result.weight] == min(result.validation_log_loss.values())
    assert result.best_fitted_log_loss < result.default_log_loss
    SchedulerSettings(parameters=result.parameters)
    assert fit_validated(histories) == result  # reproducible


def test_log_loss_since_scores_only_later_reviews():
    histories = _fast_forgetter()
    times = training_review_times(histories)
    since = times[len(times) // 2]
    later_only = log_loss_for(histories, DEFAULT_PARAMETERS, since=since)
    assert later_only != log_loss_for(histories, DEFAULT_PARAMETERS)
    with pytest.raises(ValueError, match="no review is scoreable"):
        log_loss_for(histories, DEFAULT_PARAMETERS, since=times[-1] + timedelta(seconds=1))
