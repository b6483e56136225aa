"""The database's current bank in an exchange format, for the CLI and download pages."""

from __future__ import annotations

from dataclasses import dataclass

from trainer.bank.model import Item
from trainer.bodymap import region_names
from trainer.exchange import EXPORT_FORMATS, apkg
from trainer.models import Clinic
from trainer.services.authoring.bank_sync import current_bank


class UnknownTopic(ValueError):
    pass


@dataclass(frozen=True)
class Export:
    data: bytes
    written: list[Item]
    left_out: list[tuple[Item, str]]  # items the format cannot hold, and why


def export_items(fmt: str, topic: str | None = None, clinic: Clinic | None = None) -> Export:
    """The published items of the shared bank, or of ``clinic`` (of one topic if given),
    rendered in ``fmt``."""
    bank = current_bank(region_names(), clinic_id=clinic.id if clinic else None)
    items = list(bank.items)
    if topic is not None:
        if topic not in {t.id for t in bank.topics}:
            raise UnknownTopic(f"no topic {topic!r} in the database")
        items = [i for i in items if i.topic == topic]
    module = EXPORT_FORMATS[fmt]
    left_out = [(i, why) for i in items if (why := module.representable(i)) is not None]
    data = apkg.render(items, bank) if module is apkg else module.render(items)
    excluded = {i.id for i, _ in left_out}
    return Export(data, [i for i in items if i.id not in excluded], left_out)
