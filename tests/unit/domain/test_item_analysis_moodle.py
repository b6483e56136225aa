"""Moodle's own worked example: the figures must match Moodle's published expectations.

The marks are moodle/moodle mod/quiz/report/statistics/tests/fixtures/results00.csv (25 attempts
x 7 slots, every slot worth 1 mark), rewritten one row per attempt and item in
fixtures/moodle_quiz00_marks.csv. The expected figures are Moodle's: the slot statistics in
fixtures/qstats00.csv and the quiz statistics in stats_from_steps_walkthrough_test.php
(``check_quiz_stats_for_quiz_00``), which its authors worked out independently in a spreadsheet.
The tolerances are the ones Moodle's test uses.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from trainer.domain.item_analysis import analyse, read_marks_csv

MARKS = Path(__file__).parent / "fixtures" / "moodle_quiz00_marks.csv"

# qstats00.csv: slot, facility, sd, effectiveweight, covariance, markvariance,
# othermarkvariance, discriminationindex, covariancemax, discriminativeefficiency.
QSTATS00 = """\
1,0.704,0.4513682901,21.2922742344,-0.022555556,0.2037333333,0.5002777794,-7.0650767526,0.2385555565,-9.4550536967
2,0.48,0.5099019514,18.8979800309,-0.1172777785,0.26,0.6334555578,-28.8982125772,0.318833334,-36.7834118938
3,0.973333332,0.13333334,4.443012573,-0.0098888894,0.0177777796,0.6609,-9.1230674268,0.045666669,-21.6545012165
4,0.68,0.4760952286,18.9347251357,-0.0833888893,0.2266666667,0.5990111128,-22.6306444113,0.2652222232,-31.4411395613
5,0.52,0.3055050463,11.1450138688,-0.0436944444,0.0933333333,0.6529555563,-17.6997047674,0.2063055556,-21.1794802584
6,0.64,0.4898979486,9.8081339177,-0.2015555547,0.24,0.8220111101,-45.3785178421,0.3539999995,-56.9365974439
7,0.62,0.331662479,15.4788602394,-0.0142499998,0.11,0.5774000005,-5.6543166602,0.2190833335,-6.5043742058
"""
FIELDS = (
    "facility",
    "sd",
    "effective_weight",
    "covariance",
    "mark_variance",
    "other_mark_variance",
    "discrimination_index",
    "covariance_max",
    "discriminative_efficiency",
)
# Moodle's assert_stat_equals: 1e-5 relative for these, 1e-6 for the rest.
LOOSER = {"covariance", "discrimination_index", "discriminative_efficiency", "effective_weight"}


def _analysis():
    with MARKS.open(encoding="utf-8", newline="") as handle:
        return analyse(read_marks_csv(handle, MARKS.name))


def _expected_rows():
    for line in QSTATS00.splitlines():
        slot, *values = line.split(",")
        yield slot, dict(zip(FIELDS, map(float, values), strict=True))


@pytest.mark.parametrize(("slot", "expected"), list(_expected_rows()))
def test_slot_statistics_match_moodle(slot, expected):
    item = {r.item: r for r in _analysis().items}[slot]
    assert item.s == 25
    for name, value in expected.items():
        actual = getattr(item.statistics, name)
        relative = 1e-5 if name in LOOSER else 1e-6
        assert actual == pytest.approx(value, rel=relative), f"{name} of slot {slot}"


def test_quiz_statistics_match_moodle():
    quiz = _analysis().quiz
    expected = {
        "n": 25,
        "median": 4.5,
        "mean": 4.617333332,
        "sd": 0.8117265554,
        "skewness": -0.092502502,
        "kurtosis": -0.7073968557,
        "cic": -87.2230935542,
        "error_ratio": 136.8294900795,
        "standard_error": 1.1106813066,
    }
    for name, value in expected.items():
        assert getattr(quiz, name) == pytest.approx(value, rel=1.5e-5), name


def test_every_slot_of_the_example_is_flagged_for_negative_discrimination():
    """Moodle's example marks are random, so every slot correlates negatively with the rest;
    slot 3 (facility 97.3 %) is also too easy."""
    items = {r.item: r for r in _analysis().items}
    for item in items.values():
        assert "negative_discrimination" in [f.code for f in item.flags]
        assert "dubious" in [f.code for f in item.flags]
    assert "too_easy" in [f.code for f in items["3"].flags]
    assert "too_easy" not in [f.code for f in items["1"].flags]
