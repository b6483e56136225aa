"""The editor's pure helpers: rich text, list buttons, field paths, answer keys."""

from __future__ import annotations

from trainer.bank.richtext import split_rich
from trainer.services.authoring import drafts, history


def test_rich_text_keeps_the_subset_and_gives_plain_text():
    plain, html = split_rich(
        "Press <b>firmly</b>:<ul><li>H<sub>2</sub>O</li><li>x<sup>2</sup> &amp; y</li></ul>"
        '<a href="https://example.org" onclick="x()">source</a><img src=x onerror=alert(1)>'
    )
    assert html == (
        "Press <b>firmly</b>:<ul><li>H<sub>2</sub>O</li><li>x<sup>2</sup> &amp; y</li></ul>"
        '<a href="https://example.org" rel="noopener noreferrer">source</a>'
    )
    assert plain == "Press firmly:\n- H2O\n- x2 & y\nsource"


def test_plain_text_without_markup_stays_as_typed():
    assert split_rich("  pain < 3 and 4 > 2 ") == ("pain < 3 and 4 > 2", None)


def test_list_buttons():
    data = {"choices": [{"text": "a"}, {"text": "b"}, {"text": "c"}]}
    assert drafts.list_action(data, "up:choices:2")
    assert [c["text"] for c in data["choices"]] == ["a", "c", "b"]
    assert drafts.list_action(data, "down:choices:0")
    assert [c["text"] for c in data["choices"]] == ["c", "a", "b"]
    assert drafts.list_action(data, "remove:choices:1")
    assert [c["text"] for c in data["choices"]] == ["c", "b"]
    assert drafts.list_action(data, "add:choices") and data["choices"][-1] == {}
    assert drafts.list_action(data, "remove:choices:99")  # stale: nothing happens
    assert len(data["choices"]) == 3
    assert not drafts.list_action(data, "save")
    assert not drafts.list_action(data, "add:__class__")


def test_form_paths():
    assert drafts.form_path("answer", "flashcard") == "answer_text"
    assert drafts.form_path("answer", "true_false") == "answer_bool"
    assert drafts.form_path("regions[3]", "body_map:select_regions") == "regions"
    assert drafts.form_path("choices[1].muscle", "body_map:identify_muscle") == (
        "muscle_choices[1].muscle"
    )
    assert drafts.form_path("choices[1].text", "single_choice") == "choices[1].text"
    assert drafts.form_path("references[0].key", "flashcard") == "references[0].key"
    assert drafts.form_path("tags[2]", "flashcard") == "tags"


def test_to_raw_leaves_out_empty_optional_fields():
    raw, rich = drafts.to_raw(
        {
            "difficulty": 2,
            "tags": "a-b, c",
            "muscle": "",
            "prompt": "P",
            "explanation": "E",
            "choices": [{"text": " x ", "correct": True, "feedback": ""}, {"text": "y"}],
            "references": [{"key": "k", "where": ""}],
        },
        "single_choice",
        "phy-999",
    )
    assert raw == {
        "id": "phy-999",
        "type": "single_choice",
        "difficulty": 2,
        "tags": ["a-b", "c"],
        "prompt": "P",
        "explanation": "E",
        "choices": [{"text": "x", "correct": True}, {"text": "y"}],
        "references": [{"key": "k"}],
    }
    assert rich == {}


def test_keep_order():
    assert drafts.keep_order(["a", "b", "c"], ["c", "a"]) == ["c", "a", "b"]
    assert drafts.keep_order(["a"], ["c", "a"]) == ["a"]


def test_answer_keys():
    base = {"type": "single_choice", "choices": [{"text": "a", "correct": True}, {"text": "b"}]}
    reordered = {**base, "choices": [{"text": "b"}, {"text": "a", "correct": True}]}
    assert not history.key_changed(base, reordered)
    other = {**base, "choices": [{"text": "a"}, {"text": "b", "correct": True}]}
    assert history.key_changed(base, other)
    zone = {"type": "body_map", "mode": "select_regions", "regions": ["x", "y"]}
    assert history.key_changed(zone, {**zone, "regions": ["x"]})
    assert not history.key_changed(zone, {**zone, "regions": ["y", "x"]})
