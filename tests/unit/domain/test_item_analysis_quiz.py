"""Whole-quiz figures of Moodle's quiz statistics, against numbers worked out by hand.

Moodle's definitions (mod/quiz/report/statistics/classes/calculator.php, ``calculate``) for the
totals t of s attempts with mean m and p items:
    sd = sqrt(sum (t - m)^2 / (s - 1))
    m2, m3, m4 = sum (t - m)^k / s;  k2 = s m2 / (s - 1);  k3 = s^2 m3 / ((s - 1)(s - 2))
    k4 = s^2 ((s + 1) m4 - 3 (s - 1) m2^2) / ((s - 1)(s - 2)(s - 3))
    skewness = k3 / k2^1.5 (s > 2);  kurtosis = k4 / k2^2 (s > 3)
    cic = 100 p / (p - 1) (1 - sum of item variances / k2) (s > 2, p > 1)
    error ratio = 100 sqrt(1 - cic / 100);  standard error = error ratio x sd / 100
"""

from __future__ import annotations

import math

import pytest

from tests.unit.domain.item_analysis_matrices import attempts_from, matrix_a, matrix_b
from trainer.domain.item_analysis import analyse, quiz_statistics

approx = pytest.approx


def test_matrix_a_quiz():
    """Totals 4,3,3,1,1: n 5, mean 12 / 5 = 2.4, median (sorted 1,1,3,3,4) 3.
    Deviations 1.6,.6,.6,-1.4,-1.4:
      squares 2.56 + .36 + .36 + 1.96 + 1.96 = 7.2, sd = sqrt(7.2 / 4) = sqrt 1.8 = 1.341641
      cubes 4.096 + .216 + .216 - 2.744 - 2.744 = -.96
      fourth powers 6.5536 + .1296 + .1296 + 3.8416 + 3.8416 = 14.496
    m2 = 1.44, m3 = -.192, m4 = 2.8992; k2 = 5 x 1.44 / 4 = 1.8;
    k3 = 25 x -.192 / 12 = -.4; skewness = -.4 / 1.8^1.5 = -.165635;
    k4 = 25 (6 x 2.8992 - 12 x 1.44^2) / 24 = 25 (17.3952 - 24.8832) / 24 = -7.8;
    kurtosis = -7.8 / 3.24 = -2.407407.
    Item variances .3 + .3 + .5 + .3 = 1.4 (see test_item_analysis_items);
    cic = 100 x 4/3 x (1 - 1.4 / 1.8) = 800 / 27 = 29.629630 %;
    error ratio = 100 sqrt(1 - 8/27) = 100 sqrt(19/27) = 83.887049 %;
    standard error = .83887049 x 1.341641 = 1.125463 marks.
    """
    quiz = analyse(matrix_a()).quiz
    assert quiz.n == 5
    assert quiz.mean == approx(2.4)
    assert quiz.median == 3.0
    assert quiz.sd == approx(math.sqrt(1.8))
    assert quiz.skewness == approx(-0.4 / 1.8**1.5)
    assert quiz.skewness == approx(-0.165635, abs=1e-6)
    assert quiz.kurtosis == approx(-7.8 / 3.24)
    assert quiz.cic == approx(800 / 27)
    assert quiz.error_ratio == approx(100 * math.sqrt(19 / 27))
    assert quiz.error_ratio == approx(83.887049, abs=1e-6)
    assert quiz.standard_error == approx(1.125463, abs=1e-6)


def test_matrix_b_quiz():
    """Totals 4,3,2,1: mean 2.5, median (2 + 3) / 2 = 2.5; devs 1.5,.5,-.5,-1.5.
    Squares 5, sd = sqrt(5 / 3) = 1.290994; cubes cancel, skewness 0.
    m2 = 1.25, m4 = (2 x 5.0625 + 2 x .0625) / 4 = 2.5625; k2 = 4 x 1.25 / 3 = 5 / 3;
    k4 = 16 (5 x 2.5625 - 9 x 1.5625) / 6 = 16 x -1.25 / 6 = -10 / 3;
    kurtosis = (-10 / 3) / (25 / 9) = -1.2.
    Item variances 0 + 0 + 1/3 + 2/3 = 1; cic = 100 x 4/3 x (1 - 1 / (5/3)) = 53.333333 %;
    error ratio = 100 sqrt(.466667) = 68.313005 %; standard error = .68313005 x 1.290994
    = .881917 marks.
    """
    quiz = analyse(matrix_b()).quiz
    assert quiz.median == 2.5
    assert quiz.sd == approx(math.sqrt(5 / 3))
    assert quiz.skewness == approx(0.0, abs=1e-12)
    assert quiz.kurtosis == approx(-1.2)
    assert quiz.cic == approx(160 / 3)
    assert quiz.error_ratio == approx(68.313005, abs=1e-6)
    assert quiz.standard_error == approx(0.881917, abs=1e-6)


def test_two_attempts_have_an_sd_but_no_higher_moments():
    """Totals 3 and 1: mean 2, median 2, sd = sqrt((1 + 1) / 1) = 1.414214. Moodle computes
    skewness, kurtosis, cic, error ratio and standard error only when s > 2."""
    quiz = analyse(
        attempts_from({"a1": [1, 1, 1], "a2": [0, 0, 1]}, {"q1": 1, "q2": 1, "q3": 1})
    ).quiz
    assert (quiz.n, quiz.mean, quiz.median) == (2, 2.0, 2.0)
    assert quiz.sd == approx(math.sqrt(2))
    assert quiz.skewness is quiz.kurtosis is quiz.cic is None
    assert quiz.error_ratio is quiz.standard_error is None


def test_three_attempts_have_skewness_and_cic_but_no_kurtosis():
    """Rows a: 1,1 (total 2); b: 1,0 (1); c: 0,0 (0). Totals: mean 1, devs 1,0,-1,
    k2 = sum of squares / (s - 1) = 2 / 2 = 1; cubes cancel: skewness 0; kurtosis needs s > 3.
    q1 = 1,1,0: mean 2/3, devs 1/3,1/3,-2/3, var (1/9 + 1/9 + 4/9) / 2 = 1/3.
    q2 = 1,0,0: mean 1/3, devs 2/3,-1/3,-1/3, var 1/3.
    cic = 100 x 2/1 x (1 - (2/3) / 1) = 66.666667 %.
    """
    attempts = attempts_from({"a": [1, 1], "b": [1, 0], "c": [0, 0]}, {"q1": 1, "q2": 1})
    quiz = analyse(attempts).quiz
    assert quiz.skewness == approx(0.0, abs=1e-12)
    assert quiz.kurtosis is None
    assert quiz.cic == approx(200 / 3)


def test_single_attempt():
    """One attempt: n 1, mean and median its total; every spread figure is null."""
    quiz = analyse(attempts_from({"only": [1, 0.5]}, {"q1": 1, "q2": 1})).quiz
    assert (quiz.n, quiz.mean, quiz.median) == (1, 1.5, 1.5)
    assert quiz.sd is quiz.skewness is quiz.kurtosis is None
    assert quiz.cic is quiz.error_ratio is quiz.standard_error is None


def test_no_attempts():
    analysis = analyse([])
    assert analysis.items == ()
    assert analysis.quiz.n == 0
    assert analysis.quiz.mean is None and analysis.quiz.median is None


def test_equal_totals_have_no_skewness_or_cic():
    """All totals equal: k2 = 0, and Moodle computes no skewness, kurtosis or cic (k2 != 0)."""
    attempts = attempts_from(
        {"a": [1, 0], "b": [0, 1], "c": [1, 0], "d": [0, 1]}, {"q1": 1, "q2": 1}
    )
    quiz = analyse(attempts).quiz
    assert quiz.sd == 0.0
    assert quiz.skewness is quiz.kurtosis is quiz.cic is None


def test_one_item_has_no_cic():
    """p = 1: Cronbach's alpha needs at least two items (Moodle: if ($p > 1))."""
    quiz = analyse(attempts_from({"a": [1], "b": [0], "c": [1]}, {"q1": 1})).quiz
    assert quiz.skewness is not None
    assert quiz.cic is quiz.error_ratio is quiz.standard_error is None


def test_error_ratio_of_a_negative_cic_is_above_100():
    """Items that work against each other: cic < 0, so 1 - cic / 100 > 1 and the error ratio
    exceeds 100 % (Moodle's own example quiz has cic -87.22 %, error ratio 136.83 %)."""
    quiz = quiz_statistics([1.0, 1.0, 2.0, 1.0], positions=2, sum_of_mark_variance=0.5)
    # k2 = var(1,1,2,1) = (3 x .0625 + .5625) / 3 = .25; cic = 200 (1 - .5 / .25) = -200 %;
    # error ratio = 100 sqrt(3) = 173.205081 %; sd = .5, standard error = .866025.
    assert quiz.cic == approx(-200.0)
    assert quiz.error_ratio == approx(100 * math.sqrt(3))
    assert quiz.standard_error == approx(math.sqrt(3) / 2)


def test_nan_error_ratio_is_null():
    """Moodle stores a NaN error ratio and standard error as null (calculated.php ``cache``);
    1 - cic / 100 < 0 can only come from an inconsistent variance sum."""
    quiz = quiz_statistics([0.0, 1.0, 2.0], positions=2, sum_of_mark_variance=0.0)
    assert quiz.cic == approx(200.0)
    assert quiz.error_ratio is None and quiz.standard_error is None
