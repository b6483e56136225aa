"""bank_stats on the fixture bank."""

from __future__ import annotations

import dataclasses
from pathlib import Path

from trainer.bank import Bank, bank_stats, load_bank


def test_stats_of_the_fixture(bank_dir: Path, svg_path: Path) -> None:
    bank = load_bank(bank_dir, svg_path)
    assert bank_stats(bank) == {
        "total": 8,
        "by_topic": {"physiology": 3, "referral-patterns": 5},
        "by_type": {
            "flashcard": 1,
            "true_false": 1,
            "single_choice": 1,
            "multiple_response": 1,
            "matching": 1,
            "body_map": 3,
        },
        # upper-trapezius (ref-002 body map + ref-001) and levator-scapulae (ref-005 + phy-001);
        # temporalis and soleus appear only as identify_muscle choices, which do not count
        "muscles": 2,
        "unsourced": 0,
    }


def test_muscle_needs_both_kinds_of_item(bank_dir: Path, svg_path: Path) -> None:
    bank = load_bank(bank_dir, svg_path)
    items = tuple(
        dataclasses.replace(i, muscle=None) if i.id == "phy-001" else i for i in bank.items
    )
    assert bank_stats(dataclasses.replace(bank, items=items))["muscles"] == 1


def test_unsourced_counts_items_without_a_known_reference(bank_dir: Path, svg_path: Path) -> None:
    bank = load_bank(bank_dir, svg_path)
    only_brady = {"brady2014": bank.references["brady2014"]}
    stats = bank_stats(dataclasses.replace(bank, references=only_brady))
    assert stats["unsourced"] == 7  # phy-001 also cites brady2014


def test_stats_of_an_empty_bank() -> None:
    stats = bank_stats(Bank(topics=(), items=(), muscles=()))
    assert stats["total"] == 0 and stats["by_topic"] == {} and stats["muscles"] == 0
    assert set(stats["by_type"].values()) == {0}
