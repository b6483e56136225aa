"""Our export -> our import reproduces every item each format can hold, over the shipped bank."""

from __future__ import annotations

import pytest

from trainer.bank.spec import BodyMapMode, ItemType
from trainer.exchange import csv_format, gift, moodle_xml

FORMATS = [gift, moodle_xml, csv_format]


@pytest.mark.parametrize("fmt", FORMATS, ids=lambda m: m.__name__.rsplit(".", 1)[-1])
def test_export_then_import_gives_back_every_representable_item(fmt, bank, bank_ctx):
    items = list(bank.items)
    held = [i for i in items if fmt.representable(i) is None]
    result = fmt.parse(fmt.render(items), "export", bank_ctx)
    assert result.errors == []
    assert result.skipped == []
    assert [i.item for i in result.items] == held
    assert {i.type for i in held} == set(fmt.TYPES)  # every type the format holds is exercised


@pytest.mark.parametrize("fmt", FORMATS, ids=lambda m: m.__name__.rsplit(".", 1)[-1])
def test_round_trip_without_the_bank_keeps_ids(fmt, bank):
    items = list(bank.items_in("safety"))
    result = fmt.parse(fmt.render(items), "export")
    assert result.errors == []
    assert [i.item for i in result.items] == [i for i in items if fmt.representable(i) is None]


def test_moodle_and_gift_hold_five_types_csv_holds_body_maps_in_both_modes(bank):
    assert ItemType.BODY_MAP not in gift.TYPES and ItemType.BODY_MAP not in moodle_xml.TYPES
    body_maps = [i for i in bank.items if i.type is ItemType.BODY_MAP]
    assert {i.mode for i in body_maps} == set(BodyMapMode)
    assert all(csv_format.representable(i) is None for i in body_maps)
    assert all(gift.representable(i) and moodle_xml.representable(i) for i in body_maps)


def test_export_twice_is_byte_identical(bank):
    items = list(bank.items)
    for fmt in FORMATS:
        assert fmt.render(items) == fmt.render(items)


def test_gift_export_escapes_reserved_characters(bank):
    item = bank.items_in("safety")[0]
    from dataclasses import replace

    odd = replace(item, prompt="a: b # c = d ~ e { f } g \\ h\nnext line")
    text = gift.render([odd]).decode()
    assert "a\\: b \\# c \\= d \\~ e \\{ f \\} g \\\\ h\\nnext line" in text
    assert gift.parse(text, "x").items[0].item.prompt == odd.prompt
