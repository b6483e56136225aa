"""Spaced-repetition tools: review import, personal parameter optimisation, the srs CLI."""

from __future__ import annotations

import json
import math
import random
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, select

from tests.factories import make_bank
from trainer.domain import scheduling
from trainer.domain.review_history import ReviewLogError
from trainer.domain.scheduling import validated_fit
from trainer.models import CardState, ImportedReview, Question, ReviewLog, StudySettings
from trainer.services.learning import optimisation, review_import

T0 = datetime(2025, 1, 6, 9, 0, tzinfo=UTC)
NOW = datetime(2025, 6, 1, 12, 0, tzinfo=UTC)
HEADER = "card_id,review_rating,review_time,review_duration"

SMALL_LOG = [
    HEADER,
    "1711684180217,3,2024-03-29T20:32:32.250000+00:00,25060",
    "1711684180217,1,2024-03-31T08:00:00+00:00,75000",
    "1711684180217,3,2024-04-02T08:00:00Z,",
    "1711684780667,4,2024-03-29T20:33:39.497000+00:00,7241",
]


def simulated_log(cards: int = 60, reviews_per_card: int = 8, seed: int = 7) -> list[str]:
    """CSV lines of a deterministic learner who forgets much faster than FSRS defaults assume.

    Each card's true memory follows R = 0.9 ** (days / S): S starts at 0.4 days, grows 2.5x on
    recall and halves on a lapse; the learner is reviewed after about 2 * S days.
    """
    rng = random.Random(seed)
    lines = [HEADER]
    for card in range(cards):
        moment = T0 + timedelta(days=card % 10, minutes=7 * card)
        stability = 0.4
        lines.append(
            f"{1_700_000_000_000 + card},3,{moment.isoformat()},{rng.randrange(2000, 9000)}"
        )
        for _ in range(reviews_per_card - 1):
            interval = max(1, round(2 * stability))
            moment += timedelta(days=interval, minutes=rng.randrange(0, 120))
            recalled = rng.random() < 0.9 ** (interval / stability)
            rating = 3 if recalled else 1
            stability = stability * 2.5 if recalled else max(0.3, stability / 2)
            lines.append(
                f"{1_700_000_000_000 + card},{rating},{moment.isoformat()},"
                f"{rng.randrange(2000, 9000)}"
            )
    return lines


def _count(db, model) -> int:
    return db.session.execute(select(func.count()).select_from(model)).scalar_one()


def _write(tmp_path, lines: list[str], name: str = "log.csv"):
    path = tmp_path / name
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


# -- import -------------------------------------------------------------------------------------


def test_import_small_csv(db, learner, tmp_path):
    result = review_import.import_reviews(learner, _write(tmp_path, SMALL_LOG))
    assert result == review_import.ImportResult(imported=4, skipped_duplicates=0)
    rows = (
        db.session.execute(select(ImportedReview).order_by(ImportedReview.reviewed_at))
        .scalars()
        .all()
    )
    assert [(r.external_card_id, r.rating) for r in rows] == [
        ("1711684180217", 3),
        ("1711684780667", 4),
        ("1711684180217", 1),
        ("1711684180217", 3),
    ]
    assert rows[0].reviewed_at == datetime(2024, 3, 29, 20, 32, 32, 250000, tzinfo=UTC)
    assert rows[0].reviewed_at.tzinfo is UTC and rows[0].source == "anki"
    # 75 s is capped at 60 s; a missing duration is stored as 0.
    assert [r.duration_ms for r in rows] == [25060, 7241, 60_000, 0]
    assert {r.user_id for r in rows} == {learner.id}


def test_reimport_adds_nothing_and_repeats_in_a_file_count_once(db, learner, factory, tmp_path):
    path = _write(tmp_path, SMALL_LOG)
    review_import.import_reviews(learner, path)
    again = review_import.import_reviews(learner, path)
    assert again == review_import.ImportResult(imported=0, skipped_duplicates=4)
    assert _count(db, ImportedReview) == 4

    # One new row, one old row, and a row repeated within the file.
    extra = [
        HEADER,
        SMALL_LOG[1],
        "42,2,2024-05-01T10:00:00+00:00,100",
        "42,2,2024-05-01T10:00:00Z,9",
    ]
    result = review_import.import_reviews(learner, extra)
    assert result == review_import.ImportResult(imported=1, skipped_duplicates=2)
    assert _count(db, ImportedReview) == 5

    # The same file for another learner, or from another program, is not a duplicate.
    other = factory.user(email="other@example.com")
    assert review_import.import_reviews(other, path).imported == 4
    assert review_import.import_reviews(learner, path, source="mnemosyne").imported == 4
    assert _count(db, ImportedReview) == 13


def test_bad_row_imports_nothing_and_names_file_line_and_field(db, learner, tmp_path):
    lines = [*SMALL_LOG[:3], "1711684780667,5,2024-04-01T08:00:00+00:00,100", *SMALL_LOG[3:]]
    lines.append("1711684780667,3,2024-04-09 08:00:00,100")  # no UTC offset
    path = _write(tmp_path, lines, "bad.csv")
    with pytest.raises(ReviewLogError) as caught:
        review_import.import_reviews(learner, path)
    message = str(caught.value)
    assert str(path) in message
    assert "line 4, field 'review_rating'" in message
    assert "line 7, field 'review_time'" in message
    assert [(p.line, p.field) for p in caught.value.problems] == [
        (4, "review_rating"),
        (7, "review_time"),
    ]
    assert _count(db, ImportedReview) == 0


def test_cli_import_reviews(runner, db, learner, tmp_path):
    path = _write(tmp_path, SMALL_LOG)
    args = ["srs", "import-reviews", "--email", "Learner@Example.com", "--csv", str(path)]
    result = runner.invoke(args=args)
    assert result.exit_code == 0, result.output
    assert "Imported 4 review(s)" in result.output and "0 already present" in result.output
    again = runner.invoke(args=args)
    assert again.exit_code == 0 and "Imported 0 review(s)" in again.output
    assert "4 already present" in again.output
    assert _count(db, ImportedReview) == 4


def test_cli_import_errors_are_clear_and_import_nothing(runner, db, learner, tmp_path):
    good = _write(tmp_path, SMALL_LOG)
    unknown = runner.invoke(
        args=["srs", "import-reviews", "--email", "nobody@example.com", "--csv", str(good)]
    )
    assert unknown.exit_code == 1 and "no user with email 'nobody@example.com'" in unknown.output

    bad = _write(tmp_path, [*SMALL_LOG, "abc,3,2024-04-03T08:00:00Z,1"], "bad.csv")
    result = runner.invoke(
        args=["srs", "import-reviews", "--email", learner.email, "--csv", str(bad)]
    )
    assert result.exit_code == 1
    assert "line 6, field 'card_id'" in result.output
    assert "nothing was imported" in result.output

    missing = runner.invoke(
        args=["srs", "import-reviews", "--email", learner.email, "--csv", str(tmp_path / "no.csv")]
    )
    assert missing.exit_code == 1 and "cannot read" in missing.output
    assert _count(db, ImportedReview) == 0


# -- histories and day start --------------------------------------------------------------------


def test_learner_histories_group_review_log_and_imports(db, learner):
    make_bank(db)
    questions = db.session.execute(select(Question).order_by(Question.id).limit(2)).scalars().all()
    cards = []
    for question in questions:
        card = CardState(user_id=learner.id, question=question, state=2, due=T0)
        cards.append(card)
    db.session.add_all(cards)
    db.session.flush()
    logged = [
        (cards[0], T0 + timedelta(days=3), 3),
        (cards[0], T0, 1),
        (cards[0], T0 + timedelta(minutes=10), 3),
        (cards[1], T0, 3),  # reviewed on one day only: nothing to learn from
        (cards[1], T0 + timedelta(hours=2), 3),
    ]
    for n, (card, moment, rating) in enumerate(logged):
        db.session.add(
            ReviewLog(
                user_id=learner.id,
                card_id=card.id,
                question_version_id=card.question.current_version_id,
                rating=rating,
                reviewed_at=moment,
                state_before={},
                presentation_token=f"token-{n}",
            )
        )
    db.session.commit()
    # The same external id from two programs stays two cards.
    review_import.import_reviews(
        learner, [HEADER, "7,3,2025-01-01T09:00:00Z,1", "7,2,2025-01-05T09:00:00Z,1"]
    )
    review_import.import_reviews(
        learner,
        [HEADER, "7,1,2025-01-02T09:00:00Z,1", "7,4,2025-01-09T09:00:00Z,1"],
        source="other",
    )

    histories = optimisation.learner_histories(learner.id, timedelta(0))
    assert sorted(histories) == sorted(
        [
            [(T0, 1), (T0 + timedelta(minutes=10), 3), (T0 + timedelta(days=3), 3)],
            [
                (datetime(2025, 1, 1, 9, tzinfo=UTC), 3),
                (datetime(2025, 1, 5, 9, tzinfo=UTC), 2),
            ],
            [
                (datetime(2025, 1, 2, 9, tzinfo=UTC), 1),
                (datetime(2025, 1, 9, 9, tzinfo=UTC), 4),
            ],
        ]
    )
    assert all(moment.tzinfo is UTC for history in histories for moment, _ in history)
    # Another learner's reviews never appear.
    assert optimisation.learner_histories(learner.id + 1, timedelta(0)) == []


@pytest.mark.parametrize(
    ("zone", "hour", "when", "expected_hours"),
    [
        ("UTC", 4, datetime(2025, 1, 15, tzinfo=UTC), 4),
        ("Europe/Berlin", 4, datetime(2025, 1, 15, tzinfo=UTC), 3),  # UTC+1 in winter
        ("Europe/Berlin", 4, datetime(2025, 7, 15, tzinfo=UTC), 2),  # UTC+2 in summer
        ("Europe/Berlin", 0, datetime(2025, 1, 15, tzinfo=UTC), 23),  # local midnight
        ("America/New_York", 4, datetime(2025, 1, 15, tzinfo=UTC), 9),  # UTC-5
        ("Not/AZone", 4, datetime(2025, 1, 15, tzinfo=UTC), 4),  # unknown zone: UTC
    ],
)
def test_learner_day_start_is_local_hour_in_utc(zone, hour, when, expected_hours):
    settings = StudySettings(timezone=zone, day_start_hour=hour)
    day_start = optimisation.learner_day_start(settings, when)
    assert day_start == timedelta(hours=expected_hours)


# -- optimisation -------------------------------------------------------------------------------


def test_optimise_below_threshold_keeps_defaults_and_says_why(db, learner):
    review_import.import_reviews(learner, SMALL_LOG)
    result = optimisation.optimise(learner, NOW)
    assert not result.applied
    assert result.threshold == scheduling.MIN_REVIEWS_FOR_VALIDATED_FIT
    # Two of the imported reviews follow an earlier review of their card on a later day.
    assert result.usable_reviews == 2
    assert result.log_loss_default is None and result.log_loss_fitted is None
    assert result.parameters == scheduling.DEFAULT_PARAMETERS
    assert f"{result.threshold - 2} more" in result.message
    assert "Keeping the default parameters" in result.message
    assert db.session.get(StudySettings, learner.id) is None  # nothing written


def test_optimise_above_threshold_fits_applies_and_stores_log_losses(db, learner):
    review_import.import_reviews(learner, simulated_log())
    result = optimisation.optimise(learner, NOW)

    assert result.usable_reviews == 60 * 7
    assert result.applied, result.message
    assert 0 < result.weight <= 1
    assert result.log_loss_fitted < result.log_loss_default
    assert len(result.parameters) == 21 and result.parameters != scheduling.DEFAULT_PARAMETERS
    assert "now used to schedule" in result.message
    db.session.expire_all()
    settings = db.session.get(StudySettings, learner.id)
    assert settings is not None
    assert tuple(settings.parameters) == result.parameters
    assert settings.parameters_fitted_at == NOW
    assert settings.fit_review_count == result.usable_reviews
    assert settings.fit_log_loss_default == pytest.approx(result.log_loss_default)
    assert settings.fit_log_loss_fitted == pytest.approx(result.log_loss_fitted)
    # The row was created with the defaults for everything else.
    assert settings.desired_retention == 0.9 and settings.day_start_hour == 4
    # Applied parameters are valid scheduler settings.
    scheduling.SchedulerSettings(parameters=tuple(settings.parameters))


def test_optimise_keeps_current_parameters_when_fit_is_worse(db, learner, monkeypatch):
    review_import.import_reviews(learner, simulated_log(cards=20))
    # A "fit" that expects every first memory to last 100 days predicts this learner badly.
    worse = (100.0, 100.0, 100.0, 100.0, *scheduling.DEFAULT_PARAMETERS[4:])
    monkeypatch.setattr(validated_fit, "fit_parameters", lambda *args, **kwargs: worse)
    result = optimisation.optimise(learner, NOW)

    assert not result.applied and result.weight == 0
    assert result.log_loss_fitted > result.log_loss_default
    assert result.parameters == scheduling.DEFAULT_PARAMETERS
    assert "do not predict your reviews better" in result.message
    assert "the default parameters are kept" in result.message
    db.session.expire_all()
    settings = db.session.get(StudySettings, learner.id)
    assert settings.parameters is None
    assert settings.fit_log_loss_fitted == pytest.approx(result.log_loss_fitted)
    assert settings.parameters_fitted_at == NOW


def test_optimise_that_cannot_validate_a_fit_changes_nothing(db, learner, monkeypatch):
    review_import.import_reviews(learner, simulated_log(cards=20))
    unvalidated = scheduling.ValidatedFit(
        scheduling.DEFAULT_PARAMETERS, scheduling.DEFAULT_PARAMETERS, 0.0, {}, 0
    )
    monkeypatch.setattr(scheduling, "fit_validated", lambda *args, **kwargs: unvalidated)
    result = optimisation.optimise(learner, NOW)

    assert not result.applied and result.log_loss_default is None
    assert "too few of them come before your latest ones" in result.message
    assert db.session.get(StudySettings, learner.id) is None  # nothing written


def test_cli_optimize_one_or_all_learners(runner, db, learner, factory):
    review_import.import_reviews(learner, simulated_log())
    beginner = factory.user(email="beginner@example.com")
    review_import.import_reviews(beginner, SMALL_LOG)
    factory.user(email="idle@example.com")  # no reviews: not a learner to optimise

    one = runner.invoke(args=["srs", "optimize", "--email", beginner.email])
    assert one.exit_code == 0, one.output
    assert "beginner@example.com: 2 usable reviews (threshold 72)" in one.output
    assert "not fitted: too few usable reviews" in one.output

    everyone = runner.invoke(args=["srs", "optimize", "--all"])
    assert everyone.exit_code == 0, everyone.output
    assert "beginner@example.com: 2 usable reviews" in everyone.output
    assert "learner@example.com: 420 usable reviews" in everyone.output
    assert "log loss default" in everyone.output and "fitted" in everyone.output
    assert ": applied" in everyone.output
    assert "idle@example.com" not in everyone.output
    assert "2 learner(s): 1 applied, 0 kept, 1 below threshold, 0 failed." in everyone.output
    assert db.session.get(StudySettings, learner.id).parameters is not None

    for args in ([], ["--all", "--email", learner.email]):
        usage = runner.invoke(args=["srs", "optimize", *args])
        assert usage.exit_code == 2 and "give either --email or --all" in usage.output
    unknown = runner.invoke(args=["srs", "optimize", "--email", "nobody@example.com"])
    assert unknown.exit_code == 1 and "no user with email" in unknown.output


# -- evaluate -----------------------------------------------------------------------------------


def test_cli_evaluate_json_has_the_exact_keys_and_finite_numbers(runner, tmp_path):
    path = _write(tmp_path, simulated_log(cards=30))
    result = runner.invoke(
        args=["srs", "evaluate", "--log", str(path), "--cutoff", "2025-01-20T00:00:00Z", "--json"]
    )
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    assert list(report) == ["fsrs_default", "fsrs_fitted", "fsrs_shrunk", "sm2", "avg", "n"]
    assert isinstance(report["n"], int) and report["n"] > 0
    for model in ("fsrs_default", "fsrs_fitted", "fsrs_shrunk", "sm2", "avg"):
        assert list(report[model]) == ["log_loss", "rmse_bins", "auc"]
        for value in report[model].values():
            assert isinstance(value, float) and math.isfinite(value), (model, report[model])

    table = runner.invoke(
        args=[
            "srs",
            "evaluate",
            "--log",
            str(path),
            "--cutoff",
            "2025-01-20T02:00:00+02:00",
            "--day-start-hour",
            "4",
        ]
    )
    assert table.exit_code == 0, table.output
    assert "FSRS-6, fitted parameters" in table.output and "RMSE(bins)" in table.output
    assert "FSRS-6, fit shrunk to defaults" in table.output and "x fitted + " in table.output
    assert "day starts 04:00 UTC" in table.output


@pytest.mark.parametrize(
    ("cutoff", "message"),
    [
        ("yesterday", "is not an ISO 8601 date and time"),
        ("2025-01-20T00:00:00", "has no UTC offset"),
        ("2025-13-01T00:00:00Z", "is not an ISO 8601 date and time"),
        ("2020-01-01T00:00:00Z", "no scoreable review before the cutoff"),
        ("2030-01-01T00:00:00Z", "no scoreable review at or after the cutoff"),
    ],
)
def test_cli_evaluate_bad_cutoff_is_a_clear_error(runner, tmp_path, cutoff, message):
    path = _write(tmp_path, simulated_log(cards=5))
    result = runner.invoke(args=["srs", "evaluate", "--log", str(path), "--cutoff", cutoff])
    assert result.exit_code != 0
    assert message in result.output, result.output


def test_cli_evaluate_bad_log_names_line_and_field(runner, tmp_path):
    path = _write(tmp_path, [*SMALL_LOG, "1,3,2024-04-03T08:00:00Z,-5"])
    result = runner.invoke(
        args=["srs", "evaluate", "--log", str(path), "--cutoff", "2024-04-01T00:00:00Z"]
    )
    assert result.exit_code == 1
    assert "line 6, field 'review_duration'" in result.output
