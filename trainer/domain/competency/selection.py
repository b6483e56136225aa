"""Which items a mastery requirement is measured over: a topic, a tag set or a muscle set."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

from trainer.domain.competency.inputs import ItemFacts, ItemId


class SelectBy(StrEnum):
    TOPIC = "topic"
    TAGS = "tags"
    MUSCLES = "muscles"


@dataclass(frozen=True, slots=True)
class ItemSelection:
    """A rule choosing items from the bank.

    * ``TOPIC``: items whose topic is one of ``values``;
    * ``TAGS``: items carrying at least one of the tags in ``values``;
    * ``MUSCLES``: items about one of the muscles in ``values``.

    Kept as a rule rather than a list of ids so that items added to the bank later are included.
    """

    by: SelectBy
    values: frozenset[str]

    def __post_init__(self) -> None:
        object.__setattr__(self, "by", SelectBy(self.by))
        object.__setattr__(self, "values", frozenset(self.values))
        if not self.values:
            raise ValueError(f"an item selection by {self.by.value} needs at least one value")

    def matches(self, item: ItemFacts) -> bool:
        if self.by is SelectBy.TOPIC:
            return item.topic in self.values
        if self.by is SelectBy.TAGS:
            return not self.values.isdisjoint(item.tags)
        return item.muscle is not None and item.muscle in self.values

    def describe(self) -> str:
        names = ", ".join(sorted(self.values))
        return {
            SelectBy.TOPIC: f"topic {names}",
            SelectBy.TAGS: f"items tagged {names}",
            SelectBy.MUSCLES: f"muscles {names}",
        }[self.by]


def select_items(selection: ItemSelection, catalogue: Iterable[ItemFacts]) -> frozenset[ItemId]:
    """The ids of the items in ``catalogue`` that ``selection`` chooses."""
    return frozenset(item.item_id for item in catalogue if selection.matches(item))
