"""Per-item figures of Moodle's quiz statistics, against numbers worked out by hand.

Moodle's definitions (question/classes/statistics/questions/calculator.php): for an item with
marks x and rest-of-test marks y = total - x over s attempts, with sample (s - 1) denominators,
    facility = mean(x) / max mark            sd = sqrt(var x), reported / max mark
    DI = 100 cov(x, y) / sqrt(var x var y)    DE = 100 cov(x, y) / covmax(x, y)
where covmax pairs the k-th smallest x with the k-th smallest y, and
    effective weight = 100 sqrt(cov(x, total)) / sum over items of sqrt(cov(x, total) >= 0).
"""

from __future__ import annotations

import math

import pytest

from tests.unit.domain.item_analysis_matrices import attempts_from, matrix_a, matrix_b
from trainer.domain.item_analysis import analyse

approx = pytest.approx


def _items(attempts):
    return {r.item: r for r in analyse(attempts).items}


def test_matrix_a_good_item_q1():
    """q1 marks 1,1,1,0,0: mean 0.6, deviations .4,.4,.4,-.6,-.6.

    var x = (3 x .16 + 2 x .36) / 4 = 1.2 / 4 = 0.3; sd = sqrt(.3) = 0.547723 (max mark 1).
    Rest y = total - q1 = 3,2,2,1,1: mean 1.8, deviations 1.2,.2,.2,-.8,-.8,
    var y = (1.44 + .04 + .04 + .64 + .64) / 4 = 2.8 / 4 = 0.7.
    cov = (.4 x 1.2 + .4 x .2 + .4 x .2 + -.6 x -.8 + -.6 x -.8) / 4
        = (.48 + .08 + .08 + .48 + .48) / 4 = 1.6 / 4 = 0.4.
    DI = 100 x .4 / sqrt(.3 x .7) = 40 / sqrt(.21) = 87.287156 %.
    covmax: sorted x 0,0,1,1,1 (devs -.6,-.6,.4,.4,.4) with sorted y 1,1,2,2,3
    (devs -.8,-.8,.2,.2,1.2): (.48 + .48 + .08 + .08 + .48) / 4 = 0.4, so DE = 100 %.
    """
    q1 = _items(matrix_a())["q1"]
    assert q1.s == 5
    assert q1.facility == approx(0.6)
    assert q1.sd == approx(math.sqrt(0.3))
    assert q1.statistics.mark_variance == approx(0.3)
    assert q1.statistics.other_mark_variance == approx(0.7)
    assert q1.statistics.covariance == approx(0.4)
    assert q1.statistics.covariance_max == approx(0.4)
    assert q1.discrimination_index == approx(40 / math.sqrt(0.21))
    assert q1.discrimination_index == approx(87.287156, abs=1e-6)
    assert q1.discriminative_efficiency == approx(100.0)
    assert q1.flags == ()


def test_matrix_a_partial_item_q2_and_two_mark_item_q3():
    """q2 marks 1,1,0,0,0: mean .4, devs .6,.6,-.4,-.4,-.4, var (2 x .36 + 3 x .16) / 4 = .3.
    Rest 3,2,3,1,1: mean 2, devs 1,0,1,-1,-1, var 4 / 4 = 1.
    cov = (.6 + 0 - .4 + .4 + .4) / 4 = .25; DI = 25 / sqrt(.3) = 45.643546 %.
    covmax: sorted devs -.4,-.4,-.4,.6,.6 with -1,-1,0,1,1: (.4 + .4 + 0 + .6 + .6) / 4 = .5,
    so DE = 100 x .25 / .5 = 50 %.

    q3 (max 2) marks 2,1,1,1,0: mean 1, facility 1 / 2 = .5, devs 1,0,0,0,-1, var 2 / 4 = .5,
    sd = sqrt(.5) = .707107 marks = .353553 of the max mark.
    Rest 2,2,2,0,1: mean 1.4, devs .6,.6,.6,-1.4,-.4, var (3 x .36 + 1.96 + .16) / 4 = .8.
    cov = (1 x .6 + -1 x -.4) / 4 = .25; DI = 25 / sqrt(.5 x .8) = 25 / sqrt(.4) = 39.528471 %.
    covmax: sorted devs -1,0,0,0,1 with sorted rest devs -1.4,-.4,.6,.6,.6: (1.4 + .6) / 4 = .5,
    DE = 50 %.
    """
    items = _items(matrix_a())
    q2, q3 = items["q2"], items["q3"]
    assert q2.facility == approx(0.4)
    assert q2.statistics.covariance == approx(0.25)
    assert q2.discrimination_index == approx(45.643546, abs=1e-6)
    assert q2.discriminative_efficiency == approx(50.0)
    assert q3.max_mark == 2.0
    assert q3.facility == approx(0.5)
    assert q3.statistics.sd == approx(math.sqrt(0.5))  # in marks
    assert q3.sd == approx(math.sqrt(0.5) / 2)  # as a fraction of the max mark
    assert q3.statistics.other_mark_variance == approx(0.8)
    assert q3.discrimination_index == approx(39.528471, abs=1e-6)
    assert q3.discriminative_efficiency == approx(50.0)


def test_matrix_a_negatively_discriminating_item_q4_is_flagged():
    """q4 marks 0,0,1,0,1: mean .4, devs -.4,-.4,.6,-.4,.6, var .3.
    Rest 4,3,2,1,0: mean 2, devs 2,1,0,-1,-2, var 10 / 4 = 2.5.
    cov = (-.8 - .4 + 0 + .4 - 1.2) / 4 = -2 / 4 = -.5;
    DI = -50 / sqrt(.3 x 2.5) = -50 / sqrt(.75) = -57.735027 %.
    covmax: sorted devs -.4,-.4,-.4,.6,.6 with -2,-1,0,1,2: (.8 + .4 + 0 + .6 + 1.2) / 4 = .75,
    DE = -50 / .75 = -66.666667 %, below 15 %: dubious.
    cov with the total (devs 1.6,.6,.6,-1.4,-1.4):
    (-.64 - .24 + .36 + .56 - .84) / 4 = -.2 < 0: negcovar, no effective weight.
    """
    q4 = _items(matrix_a())["q4"]
    assert q4.discrimination_index == approx(-57.735027, abs=1e-6)
    assert q4.discriminative_efficiency == approx(-200 / 3)
    assert q4.statistics.covariance_with_overall_mark == approx(-0.2)
    assert q4.negative_covariance is True
    assert q4.effective_weight is None
    codes = [f.code for f in q4.flags]
    assert codes == ["dubious", "negative_discrimination"]
    assert "-66.7%" in q4.flags[0].reason
    assert "-57.7%" in q4.flags[1].reason


def test_matrix_a_weights():
    """Intended weight = 100 x max mark / 5 (the sum of max marks): 20, 20, 40, 20 %.

    cov with the total, total devs 1.6,.6,.6,-1.4,-1.4:
    q1 (.4 x 1.6 + .4 x .6 + .4 x .6 + -.6 x -1.4 x 2) / 4 = 2.8 / 4 = .7
    q2 (.6 x 1.6 + .6 x .6 - .4 x .6 + -.4 x -1.4 x 2) / 4 = 2.2 / 4 = .55
    q3 (1 x 1.6 + -1 x -1.4) / 4 = 3 / 4 = .75
    q4 -.2 (left out). Sum of roots: sqrt(.7) + sqrt(.55) + sqrt(.75)
    = .836660 + .741620 + .866025 = 2.444305; effective weights 34.229 %, 30.341 %, 35.430 %.
    """
    items = _items(matrix_a())
    assert [items[q].intended_weight for q in ("q1", "q2", "q3", "q4")] == approx(
        [20.0, 20.0, 40.0, 20.0]
    )
    root_sum = math.sqrt(0.7) + math.sqrt(0.55) + math.sqrt(0.75)
    assert items["q1"].effective_weight == approx(100 * math.sqrt(0.7) / root_sum)
    assert items["q1"].effective_weight == approx(34.228950, abs=1e-5)
    assert items["q2"].effective_weight == approx(30.340721, abs=1e-5)
    assert items["q3"].effective_weight == approx(35.430329, abs=1e-5)
    assert items["q1"].effective_weight + items["q2"].effective_weight + items[
        "q3"
    ].effective_weight == approx(100.0)


def test_matrix_b_zero_variance_items():
    """q1 (all 1) and q2 (all 0) have var 0, so var x var y = 0 and Moodle leaves DI null;
    sorted deviations are all 0, so covmax = 0 and DE is null too. Their covariance with the
    total is 0 >= 0, so Moodle gives them an effective weight of sqrt(0) = 0 %, not null.
    Facility 1 (above .95): too easy; facility 0 (below .20): too hard.
    """
    items = _items(matrix_b())
    q1, q2 = items["q1"], items["q2"]
    assert q1.facility == 1.0 and q2.facility == 0.0
    for zero in (q1, q2):
        assert zero.sd == 0.0
        assert zero.statistics.mark_variance == 0.0
        assert zero.discrimination_index is None
        assert zero.discriminative_efficiency is None
        assert zero.effective_weight == 0.0
        assert zero.negative_covariance is False
    assert [f.code for f in q1.flags] == ["too_easy"]
    assert "100.0%" in q1.flags[0].reason
    assert [f.code for f in q2.flags] == ["too_hard"]


def test_matrix_b_items_with_variance():
    """Totals 4,3,2,1 (mean 2.5, devs 1.5,.5,-.5,-1.5).
    q3 marks 1,1,0,0: devs .5,.5,-.5,-.5, var 1 / 3. Rest 3,2,2,1: devs 1,0,0,-1, var 2 / 3.
    cov = (.5 + .5) / 3 = 1 / 3; DI = (100 / 3) / sqrt(2 / 9) = 100 / sqrt 2 = 70.710678 %.
    covmax: sorted devs -.5,-.5,.5,.5 with -1,0,0,1: 1 / 3, DE = 100 %.
    cov with total: (.75 + .25 + .25 + .75) / 3 = 2 / 3.
    q4 (max 2) marks 2,1,1,0: devs 1,0,0,-1, var 2 / 3; rest 2,2,1,1: devs .5,.5,-.5,-.5,
    var 1 / 3; cov = (.5 + .5) / 3 = 1 / 3, DI = 70.710678 %, DE = 100 %;
    cov with total (1.5 + 1.5) / 3 = 1.
    Effective weights: roots 0, 0, sqrt(2/3) = .816497, 1; sum 1.816497:
    q3 44.948974 %, q4 55.051026 %.
    """
    items = _items(matrix_b())
    q3, q4 = items["q3"], items["q4"]
    assert q3.discrimination_index == approx(100 / math.sqrt(2))
    assert q4.discrimination_index == approx(70.710678, abs=1e-6)
    assert q3.discriminative_efficiency == approx(100.0)
    assert q4.discriminative_efficiency == approx(100.0)
    assert q3.statistics.covariance_with_overall_mark == approx(2 / 3)
    assert q4.statistics.covariance_with_overall_mark == approx(1.0)
    assert q3.effective_weight == approx(44.948974, abs=1e-6)
    assert q4.effective_weight == approx(55.051026, abs=1e-6)
    assert q4.intended_weight == approx(40.0)


def test_equal_decimal_marks_have_exactly_zero_variance():
    """Three marks of 0.1: 0.1 + 0.1 + 0.1 = 0.30000000000000004 in floating point, and / 3
    gives 0.10000000000000002; the variance must still be 0 (no DI, no DE), as Moodle means."""
    attempts = attempts_from({"a": [0.1, 1], "b": [0.1, 0], "c": [0.1, 1]}, {"q1": 1.0, "q2": 1.0})
    q1 = _items(attempts)["q1"]
    assert q1.statistics.mark_variance == 0.0
    assert q1.discrimination_index is None
    assert q1.discriminative_efficiency is None


def test_two_attempts():
    """a1: 1,1,1 (total 3); a2: 0,0,1 (total 1).
    q1: devs .5,-.5, var (.25 + .25) / 1 = .5; rest 2,1: var .5; cov (.25 + .25) / 1 = .5;
    DI = 100 x .5 / sqrt(.25) = 100 % (any two points correlate +-1); covmax .5, DE 100 %.
    q3 (all 1): var 0, no DI or DE, too easy (facility 1 with 2 attempts).
    cov with total (devs 1,-1): q1 (.5 + .5) / 1 = 1, q2 1, q3 0: weights 50, 50, 0 %.
    """
    attempts = attempts_from({"a1": [1, 1, 1], "a2": [0, 0, 1]}, {"q1": 1, "q2": 1, "q3": 1})
    items = _items(attempts)
    assert items["q1"].sd == approx(math.sqrt(0.5))
    assert items["q1"].discrimination_index == approx(100.0)
    assert items["q1"].discriminative_efficiency == approx(100.0)
    assert items["q3"].discrimination_index is None
    assert [items[q].effective_weight for q in ("q1", "q2", "q3")] == approx([50.0, 50.0, 0.0])
    assert [f.code for f in items["q3"].flags] == ["too_easy"]


def test_single_attempt_leaves_every_spread_figure_undefined():
    """s = 1: Moodle's secondary_question_walker sets variances, sd and covariances to null,
    so DI, DE and (the sum of roots being 0) every effective weight are null. The facility is
    still computed (mean / max mark), but with one attempt it raises no flag."""
    attempts = attempts_from({"only": [1, 0]}, {"q1": 1, "q2": 1})
    items = _items(attempts)
    assert items["q1"].facility == 1.0 and items["q2"].facility == 0.0
    for item in items.values():
        assert item.sd is None
        assert item.discrimination_index is None
        assert item.discriminative_efficiency is None
        assert item.effective_weight is None
        assert item.negative_covariance is False
        assert item.flags == ()
        assert item.intended_weight == approx(50.0)


def test_unanswered_counts_as_zero_and_zero_max_mark_has_no_facility():
    """An unanswered item (mark None) adds 0, as Moodle's null fraction does; an item worth 0
    marks has no facility and no sd fraction (Moodle: null when maxmark is 0)."""
    attempts = attempts_from({"a": [None, 0], "b": [1, 0], "c": [1, 0]}, {"q1": 1, "zero": 0})
    items = _items(attempts)
    assert items["q1"].facility == approx(2 / 3)
    assert items["zero"].facility is None
    assert items["zero"].sd is None
    assert items["zero"].intended_weight == 0.0
