"""Counts that describe a bank's coverage."""

from __future__ import annotations

from collections import Counter
from typing import Any

from trainer.bank.model import Bank
from trainer.bank.spec import ItemType


def bank_stats(bank: Bank) -> dict[str, Any]:
    """Counts for a bank.

    - ``total``: number of items.
    - ``by_topic``: topic id -> number of items, every topic listed (in bank order).
    - ``by_type``: item type -> number of items, every type listed (in ``ItemType`` order).
    - ``muscles``: number of *covered* muscles: muscles in muscles.yaml that have at least one
      body_map item AND at least one item of another type whose ``muscle`` field names them.
      A muscle named only as a choice of an identify_muscle item does not count.
    - ``unsourced``: items none of whose references is a key of references.yaml (always 0 for
      a validated bank; meaningful for banks built in code).
    """
    by_topic = {topic.id: 0 for topic in bank.topics}
    by_topic.update(Counter(item.topic for item in bank.items))
    counts = Counter(item.type for item in bank.items)
    by_type = {t.value: counts.get(t, 0) for t in ItemType}
    body_map = {i.muscle for i in bank.items if i.muscle and i.type is ItemType.BODY_MAP}
    other = {i.muscle for i in bank.items if i.muscle and i.type is not ItemType.BODY_MAP}
    covered = [m for m in bank.muscles if m.id in body_map and m.id in other]
    unsourced = sum(
        1 for item in bank.items if not any(r.key in bank.references for r in item.references)
    )
    return {
        "total": len(bank.items),
        "by_topic": by_topic,
        "by_type": by_type,
        "muscles": len(covered),
        "unsourced": unsourced,
    }
