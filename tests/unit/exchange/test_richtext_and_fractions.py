from __future__ import annotations

import pytest

from trainer.bank.richtext import sanitise, to_plain
from trainer.exchange import fractions as fr


def test_sanitise_keeps_the_safe_subset_only():
    dirty = (
        '<p onclick="x()">A <b>b</b> <i>i</i> <sub>2</sub><sup>3</sup>'
        '<a href="https://example.org">ok</a><a href="javascript:alert(1)">bad</a>'
        "<ul><li>one</li></ul><script>alert(1)</script><iframe src=x></iframe></p>"
    )
    clean = sanitise(dirty)
    for kept in ("<b>b</b>", "<i>i</i>", "<sub>2</sub>", "<sup>3</sup>", "<li>one</li>"):
        assert kept in clean
    assert 'href="https://example.org"' in clean
    for gone in ("onclick", "javascript", "script", "iframe", "alert"):
        assert gone not in clean


def test_to_plain_decodes_entities_and_keeps_lines():
    assert to_plain("<p>a &amp; b&nbsp;c</p><p>d &lt; e</p><ul><li>x</li></ul>") == (
        "a & b c\nd < e\n- x"
    )


@pytest.mark.parametrize("percent", fr.ALLOWED_PERCENT)
def test_every_allowed_grade_and_its_negative_matches(percent):
    assert fr.match_grade(percent / 100) is not None
    assert fr.match_grade(-percent / 100) is not None


@pytest.mark.parametrize("value", [0.33, 0.34, 0.15, -0.45, 1.01, 0.666])
def test_other_grades_do_not(value):
    assert fr.match_grade(value) is None


@pytest.mark.parametrize("n", range(3, 9))
def test_our_multiple_response_fractions_are_always_moodle_grades(n):
    for right in range(1, n):
        correct = [True] * right + [False] * (n - right)
        weights = fr.multiple_response_fractions(correct)
        assert all(fr.match_grade(w) is not None for w in weights)
        assert fr.reaches_full_marks(weights)
        assert [w > 0 for w in weights] == correct
