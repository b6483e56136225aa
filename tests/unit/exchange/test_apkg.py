"""Anki export: open the .apkg as Anki would (a zip holding a SQLite collection and media)."""

from __future__ import annotations

import json
import sqlite3
import zipfile
from dataclasses import replace

import genanki
import pytest

from trainer.bank.spec import ItemType
from trainer.exchange import apkg


def _open(data: bytes, tmp_path):
    path = tmp_path / "deck.apkg"
    path.write_bytes(data)
    archive = zipfile.ZipFile(path)
    (tmp_path / "collection.anki2").write_bytes(archive.read("collection.anki2"))
    conn = sqlite3.connect(tmp_path / "collection.anki2")
    return archive, conn


@pytest.fixture(scope="module")
def deck(bank, tmp_path_factory):
    tmp = tmp_path_factory.mktemp("apkg")
    return _open(apkg.render(list(bank.items), bank), tmp)


def test_one_note_per_item_with_guids_from_item_ids(deck, bank):
    _, conn = deck
    guids = {row[0] for row in conn.execute("select guid from notes")}
    assert guids == {genanki.guid_for(apkg.GUID_NAMESPACE, i.id) for i in bank.items}


def test_guids_do_not_change_when_an_item_changes(bank, tmp_path):
    item = bank.items[0]
    edited = replace(item, explanation=item.explanation + " Edited.")
    _, conn = _open(apkg.render([edited], bank), tmp_path)
    assert conn.execute("select guid from notes").fetchone()[0] == apkg.guid(item)


def test_one_subdeck_per_topic(deck, bank):
    _, conn = deck
    decks = json.loads(conn.execute("select decks from col").fetchone()[0])
    names = {d["name"] for d in decks.values()}
    assert {f"Trigger Point Trainer::{t.title}" for t in bank.topics} <= names
    cards_per_deck = dict(conn.execute("select did, count(*) from cards group by did"))
    by_name = {d["name"]: int(i) for i, d in decks.items()}
    for topic in bank.topics:
        expected = len(bank.items_in(topic.id))
        assert cards_per_deck[by_name[f"Trigger Point Trainer::{topic.title}"]] == expected


def test_flashcards_are_basic_notes_and_objective_items_hold_the_key(deck, bank):
    _, conn = deck
    fields = {row[0]: (row[1], row[2].split("\x1f")) for row in conn.execute(
        "select guid, mid, flds from notes"
    )}  # fmt: skip
    flash = next(i for i in bank.items if i.type is ItemType.FLASHCARD)
    mid, (front, back) = fields[apkg.guid(flash)]
    assert mid == apkg.BASIC_MODEL_ID
    assert str(flash.answer)[:30].replace("'", "&#x27;") in back
    tf = next(i for i in bank.items if i.type is ItemType.TRUE_FALSE)
    mid, values = fields[apkg.guid(tf)]
    assert mid == apkg.OBJECTIVE_MODEL_ID
    assert values[3] == ("True" if tf.answer else "False")
    assert bank.references[tf.references[0].key].citation[:20] in values[5]


def test_body_map_pictures_are_media_with_the_zone_shaded(deck, bank):
    archive, conn = deck
    media = json.loads(archive.read("media"))
    body_maps = [i for i in bank.items if i.type is ItemType.BODY_MAP]
    assert sorted(media.values()) == sorted(apkg.picture_name(i) for i in body_maps)
    item = body_maps[0]
    index = next(k for k, v in media.items() if v == apkg.picture_name(item))
    svg = archive.read(index).decode()
    assert svg.startswith("<svg")
    for region in item.regions:
        assert f'<g class="region is-highlighted" data-region="{region}">' in svg
    flds = conn.execute("select flds from notes where guid = ?", (apkg.guid(item),)).fetchone()[0]
    assert f'<img src="{apkg.picture_name(item)}"' in flds


def test_without_the_bank_decks_are_named_by_topic_id(bank, tmp_path):
    items = list(bank.items_in("safety"))
    _, conn = _open(apkg.render(items), tmp_path)
    decks = json.loads(conn.execute("select decks from col").fetchone()[0])
    assert "Trigger Point Trainer::safety" in {d["name"] for d in decks.values()}
