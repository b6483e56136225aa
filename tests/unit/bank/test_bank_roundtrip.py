"""load -> write -> load gives the same bank; writing is deterministic; items <-> JSON content."""

from __future__ import annotations

import dataclasses
import hashlib
import json
from pathlib import Path

import pytest
import yaml

from tests.unit.bank.bank_fixtures import write_files
from trainer.bank import (
    Bank,
    Item,
    ItemType,
    content_hash,
    dump_topic,
    load_bank,
    validate_bank,
    write_bank,
)


@pytest.fixture
def bank(bank_dir: Path, svg_path: Path) -> Bank:
    return load_bank(bank_dir, svg_path)


def _read_all(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*.yaml"))}


def test_write_then_load_gives_an_equal_bank(bank: Bank, tmp_path: Path, svg_path: Path) -> None:
    written = write_bank(bank, tmp_path / "out")
    assert sorted(p.relative_to(tmp_path / "out").as_posix() for p in written) == [
        "muscles.yaml",
        "references.yaml",
        "topics/physiology.yaml",
        "topics/referral-patterns.yaml",
    ]
    again, problems = validate_bank(tmp_path / "out", svg_path)
    assert problems == []
    assert again == bank


def test_writing_is_idempotent(bank: Bank, tmp_path: Path, svg_path: Path) -> None:
    write_bank(bank, tmp_path / "one")
    write_bank(load_bank(tmp_path / "one", svg_path), tmp_path / "two")
    write_bank(bank, tmp_path / "one")  # over the top of itself
    one, two = _read_all(tmp_path / "one"), _read_all(tmp_path / "two")
    assert one == two
    assert len(one) == 4


def test_written_yaml_is_human_friendly(bank: Bank) -> None:
    text = dump_topic(bank, bank.topics[1])
    assert text.startswith("topic:\n  id: referral-patterns\n")
    assert "\n\nitems:\n  - id: ref-001\n    type: single_choice\n" in text
    assert "\n\n  - id: ref-002\n" in text  # a blank line between items
    assert "tags: [headache, upper-trapezius]" in text
    assert "regions: [temple, mastoid]" in text
    assert text.count("correct: true") == 2  # ref-001 and ref-003, never correct: false
    assert "correct: false" not in text and "null" not in text and "[]" not in text
    assert "explanation: >-\n      The upper trapezius" in text  # long text folded
    assert "explanation: |-\n      Temple and mastoid.\n      A second line" in text
    first = yaml.safe_load(text)["items"][0]
    assert list(first) == [
        "id", "type", "difficulty", "tags", "muscle", "prompt", "choices", "explanation",
        "references",
    ]  # fmt: skip


def test_location_null_is_kept_and_empty_optionals_left_out(bank: Bank, tmp_path: Path) -> None:
    write_bank(bank, tmp_path)
    muscles = (tmp_path / "muscles.yaml").read_text(encoding="utf-8")
    assert "location: null" in muscles
    assert muscles.count("mimics:") == 1 and muscles.count("notes:") == 1
    refs = (tmp_path / "references.yaml").read_text(encoding="utf-8")
    assert "url: null" not in refs and "pmid: '25125935'" in refs


TRICKY = [
    "yes",
    "null",
    "12",
    "3.0",
    "2014-01-01",
    "Key: value # not a comment",
    "'single' and \"double\" quotes",
    "  leading spaces, kept",
    "trailing spaces  ",
    "two  spaces  inside a sentence long enough to be folded if it were not for the doubles",
    "line one\nline two\n\nline four after a blank",
    "ends with a newline\n",
    "- looks like a list item",
    "ümlauts – dashes — and “curly quotes”, long enough to be written folded by the dumper",
    "a" * 130,
    "tab\tinside",
]


@pytest.mark.parametrize("text", TRICKY, ids=range(len(TRICKY)))
def test_tricky_text_survives_the_round_trip(
    bank: Bank, tmp_path: Path, svg_path: Path, text: str
) -> None:
    item = bank.item("phy-001")
    edited = dataclasses.replace(item, explanation=text, answer=text)
    items = tuple(edited if i.id == item.id else i for i in bank.items)
    changed = dataclasses.replace(bank, items=items)
    write_bank(changed, tmp_path / "out")
    assert load_bank(tmp_path / "out", svg_path) == changed


def test_content_round_trips_through_json(bank: Bank) -> None:
    assert {item.type for item in bank.items} == set(ItemType)
    for item in bank.items:
        content = json.loads(json.dumps(item.to_content()))
        assert "id" not in content and "topic" not in content
        assert Item.from_content(content, id=item.id, topic=item.topic) == item
        assert content_hash(content) == item.content_hash()


def test_content_keys_are_in_file_order(bank: Bank) -> None:
    assert list(bank.item("ref-003").to_content()) == [
        "type", "mode", "difficulty", "prompt", "regions", "choices", "explanation", "references",
    ]  # fmt: skip
    assert list(bank.item("ref-004").to_content()) == [
        "type", "difficulty", "tags", "prompt", "pairs", "distractors", "explanation",
        "references",
    ]  # fmt: skip
    assert bank.item("phy-002").to_content()["answer"] is False


def test_content_hash_is_sha256_of_canonical_json(bank: Bank) -> None:
    item = bank.item("phy-002")
    content = item.to_content()
    canonical = json.dumps(content, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    assert item.content_hash() == hashlib.sha256(canonical.encode("utf-8")).hexdigest()
    reordered = dict(reversed(list(item.to_content().items())))
    assert content_hash(reordered) == item.content_hash()
    assert dataclasses.replace(item, difficulty=3).content_hash() != item.content_hash()
    # the id and topic are not content
    assert dataclasses.replace(item, id="phy-099").content_hash() == item.content_hash()


def test_bank_lookups(bank: Bank) -> None:
    assert bank.item("ref-002").regions == ("temple", "mastoid")
    assert bank.muscle("temporalis").referral_zone == {"temple", "eye", "teeth"}
    assert [i.id for i in bank.items_in("physiology")] == ["phy-001", "phy-002", "phy-003"]
    assert bank.regions["mastoid"] == "Behind the ear (mastoid)"
    with pytest.raises(KeyError):
        bank.item("ref-999")


def test_null_optional_text_means_absent(
    tmp_path: Path, svg_path: Path, valid_files: dict[str, str | None]
) -> None:
    text = valid_files["topics/physiology.yaml"]
    assert text is not None
    valid_files["topics/physiology.yaml"] = text.replace("where: Chapter 1", "where: null")
    bank = load_bank(write_files(tmp_path / "bank", valid_files), svg_path)
    assert bank.item("phy-001").references[0].where is None
    assert "where" not in bank.item("phy-001").to_content()["references"][0]
