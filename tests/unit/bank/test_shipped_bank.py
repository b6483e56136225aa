"""The shipped bank itself: valid, meets the product's minimums, regions all on the figure."""

from __future__ import annotations

from pathlib import Path

import pytest

from trainer import bank as bankfmt

BANK = Path(__file__).resolve().parents[3] / "question_bank"


@pytest.fixture(scope="module")
def shipped() -> bankfmt.Bank:
    bank, problems = bankfmt.validate_bank(BANK)
    assert problems == [], "\n".join(map(str, problems))
    return bank


def test_every_referenced_region_is_drawn_on_the_figure(shipped):
    drawn, problems = bankfmt.read_regions(bankfmt.DEFAULT_SVG)
    assert problems == [] and len(drawn) >= 40
    used = {r for item in shipped.items for r in item.regions}
    used |= {r for muscle in shipped.muscles for r in muscle.referral_zone}
    assert used <= set(drawn), sorted(used - set(drawn))


def test_minimums_of_the_product(shipped):
    stats = bankfmt.bank_stats(shipped)
    minimums = {
        "physiology": 40,
        "active-latent": 30,
        "local-twitch-response": 25,
        "referral-patterns": 100,
        "safety": 50,
        "assessment-treatment": 30,
    }
    assert stats["total"] >= 300 and stats["unsourced"] == 0
    for topic, minimum in minimums.items():
        assert stats["by_topic"][topic] >= minimum, topic
    assert all(count >= 20 for count in stats["by_type"].values()), stats["by_type"]
    assert stats["muscles"] >= 40


def test_known_corrections_hold(shipped):
    """The fact sheet's known errors in circulation never appear as taught facts."""
    for item in shipped.items:
        text = " ".join([item.prompt, item.explanation, str(item.answer or "")]).lower()
        if "24 h" in text or "24 hours" in text:
            assert "72" in text, f"{item.id} mentions 24 h soreness without the 72 h correction"
