"""Our fields that Moodle and GIFT have no place for, carried as tags.

Moodle keeps a question's tags through its own import and export, so ``difficulty:2``,
``muscle:upper-trapezius`` and ``reference:namtpt | Trapezius page`` survive a trip through a
Moodle course. Moodle XML writes them as ``<tags>``; GIFT, which has no tags, as comment lines
``// @tag difficulty:2`` (Moodle skips ``//`` lines). Any other tag is one of the item's tags.
"""

from __future__ import annotations

from typing import Any

from trainer.bank.model import Item

_PREFIXES = ("difficulty:", "muscle:", "reference:")


def item_tags(item: Item) -> list[str]:
    """The item's tags followed by its difficulty, muscle and references as tags."""
    out = list(item.tags) + [f"difficulty:{item.difficulty}"]
    if item.muscle:
        out.append(f"muscle:{item.muscle}")
    for ref in item.references:
        out.append(f"reference:{ref.key}" + (f" | {ref.where}" if ref.where else ""))
    return out


def read_tags(tags: list[str], data: dict[str, Any]) -> list[str]:
    """Put difficulty, muscle and references found in ``tags`` into ``data``; return the rest.

    A malformed difficulty is kept as text so that the bank's check reports it by field.
    """
    plain: list[str] = []
    references = []
    for raw in tags:
        tag = raw.strip()
        key, _, value = tag.partition(":")
        value = value.strip()
        if key == "difficulty" and value:
            data["difficulty"] = int(value) if value.isdigit() else value
        elif key == "muscle" and value:
            data["muscle"] = value
        elif key == "reference" and value:
            ref_key, _, where = value.partition("|")
            source = {"key": ref_key.strip()}
            if where.strip():
                source["where"] = where.strip()
            references.append(source)
        elif tag:
            plain.append(tag)
    if references:
        data["references"] = references
    return plain
