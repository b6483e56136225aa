"""Moodle XML import as qformat_xml reads it, on a sample in the layout Moodle exports."""

from __future__ import annotations

import base64

import pytest

from tests.unit.exchange.conftest import sample, windows
from trainer.bank.spec import ItemType
from trainer.exchange import moodle_xml

PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=="
)


@pytest.fixture
def parsed():
    result = moodle_xml.parse(sample("moodle.xml"), "moodle.xml")
    assert result.errors == []
    return result, {i.name: i for i in result.items}


def test_supported_types_map_to_ours(parsed):
    _, items = parsed
    assert {n: i.item.type for n, i in items.items()} == {
        "Infraspinatus referral": ItemType.SINGLE_CHOICE,
        "Scalene mimics": ItemType.MULTIPLE_RESPONSE,
        "ref-901": ItemType.TRUE_FALSE,
        "Match the muscle to its zone": ItemType.MATCHING,
        "Twitch response": ItemType.FLASHCARD,
    }


def test_other_types_are_listed_by_name_and_type(parsed):
    result, _ = parsed
    assert [(s.name, s.type) for s in result.skipped] == [
        ("Describe a treatment", "essay"),
        ("How many heads", "numerical"),
        ("Cloze one", "cloze"),
        ("Dose", "calculated"),
        ("Read this first", "description"),
    ]


def test_cdata_entities_and_html_are_sanitised_to_text(parsed):
    _, items = parsed
    item = items["Infraspinatus referral"].item
    assert item.prompt == (
        "Where do infraspinatus trigger points refer pain most strongly? [image: infraspinatus map]"
    )
    assert "alert" not in item.prompt
    assert item.explanation == "Deep in the front of the shoulder & down the front-lateral arm."
    texts = [c.text for c in item.choices]
    assert texts[2] == "Between the scapulae & the spine"
    assert texts[3] == "Café au lait over the sacrum"
    assert item.choices[0].feedback == "Yes — the anterior deltoid region."
    assert item.choices[1].feedback is None


def test_pluginfile_images_are_read_from_the_embedded_files(parsed):
    result, items = parsed
    assert items["Infraspinatus referral"].media == ("infraspinatus map.png",)
    assert result.media == {"infraspinatus map.png": PNG}


def test_a_pluginfile_reference_without_its_file_is_an_error():
    data = sample("moodle.xml").replace(b'<file name="infraspinatus map.png"', b'<file name="x"')
    result = moodle_xml.parse(data, "m.xml")
    assert [(e.question, e.field) for e in result.errors] == [("Infraspinatus referral", "file")]
    assert "Infraspinatus referral" not in {i.name for i in result.items}


def test_nested_category_with_escaped_slash(parsed):
    _, items = parsed
    item = items["Scalene mimics"]
    assert item.item.topic == "referral-patterns"
    assert item.item.tags == ("shoulder-arm",)
    assert items["Infraspinatus referral"].item.tags == ("infraspinatus", "shoulder-arm")


def test_negative_fractions_and_multiple_answers(parsed):
    _, items = parsed
    imported = items["Scalene mimics"]
    assert imported.fractions == (0.5, 0.5, -0.5, -0.5)
    assert [c.correct for c in imported.item.choices] == [True, True, False, False]
    assert imported.item.choices[2].feedback == "No: that is the foot."


def test_true_false_matching_and_short_answer(parsed):
    _, items = parsed
    tf = items["ref-901"].item
    assert (tf.id, tf.answer, tf.difficulty) == ("ref-901", False, 3)
    match = items["Match the muscle to its zone"].item
    assert [p.left for p in match.pairs] == ["Upper trapezius", "Gluteus minimus", "Infraspinatus"]
    assert match.distractors == ("Sole of the foot",)
    assert items["Twitch response"].item.answer == "local twitch response"


def test_bom_and_windows_line_endings(parsed):
    result, _ = parsed
    again = moodle_xml.parse(windows(sample("moodle.xml")), "moodle.xml")
    assert again.errors == []
    assert [i.item for i in again.items] == [i.item for i in result.items]
    text = windows(sample("moodle.xml")).decode("utf-8")  # as str too (BOM kept)
    assert [i.item for i in moodle_xml.parse(text, "m.xml").items] == [i.item for i in result.items]


def test_xml_syntax_error_names_the_line():
    result = moodle_xml.parse(b"<quiz>\n<question type='truefalse'>\n</quiz>\n", "bad.xml")
    assert [(e.file, e.line) for e in result.errors] == [("bad.xml", 3)]
    assert result.errors[0].message.startswith("XML error: mismatched tag")


def test_undefined_entity_is_an_error():
    result = moodle_xml.parse(
        b"<quiz><question type='x'><name>&nbsp;</name></question></quiz>", "e"
    )
    assert "undefined entity" in result.errors[0].message


def test_fraction_outside_moodles_grades_is_an_error_naming_the_question():
    data = sample("moodle.xml").replace(b'fraction="-50">', b'fraction="-45">', 1)
    result = moodle_xml.parse(data, "m.xml")
    assert [(e.question, e.field, e.message) for e in result.errors] == [
        ("Scalene mimics", "choices[2].fraction", "-45% is not one of Moodle's grades")
    ]


def test_positive_fractions_that_miss_100_percent():
    data = sample("moodle.xml").replace(b'<answer fraction="50">', b'<answer fraction="40">', 1)
    result = moodle_xml.parse(data, "m.xml")
    assert [(e.question, e.field) for e in result.errors] == [("Scalene mimics", "choices")]


def test_errors_carry_the_question_line():
    data = sample("moodle.xml").replace(
        b"<text>Referred pain is often felt at a distance from the trigger point.</text>",
        b"<text></text>",
    )
    result = moodle_xml.parse(data, "m.xml")
    (error,) = result.errors
    assert (error.question, error.field, error.message) == (
        "ref-901",
        "explanation",
        "missing required field",
    )
    lines = sample("moodle.xml").decode().splitlines()
    assert lines[error.line - 1].strip() == '<question type="truefalse">'
