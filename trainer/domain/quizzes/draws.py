"""Drawing a quiz's random items when an attempt starts.

A slot "N items from topic/tag/muscle" draws from the published items matching it; "unseen
first" takes items the learner has never met before any they have. Items already taken by an
earlier slot of the same attempt are never drawn twice. The draw is reproducible from its seed.
"""

from __future__ import annotations

import random
from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Candidate:
    """A published item a slot may draw: its id and whether this learner has met it before."""

    item_id: Hashable
    seen: bool = False


@dataclass(frozen=True, slots=True)
class DrawRule:
    count: int
    unseen_first: bool = False

    def __post_init__(self) -> None:
        if self.count < 1:
            raise ValueError(f"a slot draws at least one item, not {self.count}")


def draw(
    rule: DrawRule,
    candidates: Iterable[Candidate],
    rng: random.Random,
    exclude: Iterable[Hashable] = (),
) -> list[Hashable]:
    """Up to ``rule.count`` item ids from ``candidates`` (fewer if fewer match), in drawn order.

    ``candidates`` should come in a stable order (e.g. by id) so the same seed draws the same.
    """
    taken = set(exclude)
    pool: Sequence[Candidate] = [c for c in candidates if c.item_id not in taken]
    if rule.unseen_first:
        unseen = [c for c in pool if not c.seen]
        seen = [c for c in pool if c.seen]
        rng.shuffle(unseen)
        rng.shuffle(seen)
        ordered = unseen + seen
    else:
        ordered = list(pool)
        rng.shuffle(ordered)
    return [c.item_id for c in ordered[: rule.count]]
