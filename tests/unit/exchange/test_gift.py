"""GIFT import as Moodle's qformat_gift reads it, on a sample written from the GIFT docs."""

from __future__ import annotations

import pytest

from tests.unit.exchange.conftest import sample, windows
from trainer.bank.spec import ItemType
from trainer.exchange import gift


@pytest.fixture
def parsed():
    result = gift.parse(sample("gift.txt"), "gift.txt")
    assert result.errors == []
    return result, {i.name: i for i in result.items}


def test_every_supported_question_becomes_an_item(parsed):
    _, items = parsed
    types = {name: i.item.type for name, i in items.items()}
    assert types == {
        "Temple headache": ItemType.SINGLE_CHOICE,
        "Mimics, select all": ItemType.MULTIPLE_RESPONSE,
        "Escapes: all of them": ItemType.TRUE_FALSE,
        "ref-902": ItemType.TRUE_FALSE,
        "Match zones": ItemType.MATCHING,
        "Missing word": ItemType.SINGLE_CHOICE,
        "Short answer": ItemType.FLASHCARD,
    }


def test_unsupported_types_are_listed_by_name_and_type(parsed):
    result, _ = parsed
    assert [(s.name, s.type) for s in result.skipped] == [
        ("Essay", "essay"),
        ("Numerical", "numerical"),
        ("Description", "description"),
    ]


def test_single_choice_with_feedback_html_prefix_and_general_feedback(parsed):
    _, items = parsed
    item = items["Temple headache"].item
    assert item.prompt == "A temple headache can come from which muscle's trigger points?"
    assert [c.text for c in item.choices if c.correct] == ["Upper trapezius"]
    assert item.choices[0].feedback == "Yes: it refers up the neck to the temple."
    assert item.choices[2].feedback is None
    assert item.explanation == "Upper trapezius referral climbs to the temple."


def test_nested_category_gives_topic_and_tags_and_tag_comments_give_our_fields(parsed):
    _, items = parsed
    item = items["Temple headache"].item
    assert item.topic == "referral-patterns"
    assert item.tags == ("upper-trapezius", "head-and-neck")
    assert item.difficulty == 1
    assert [(r.key, r.where) for r in item.references] == [("namtpt", "Trapezius page")]
    assert items["Match zones"].item.difficulty == 2  # the default


def test_weights_including_negative_ones(parsed):
    _, items = parsed
    imported = items["Mimics, select all"]
    assert imported.fractions == (0.5, 0.5, -0.5, -0.5)
    assert [c.correct for c in imported.item.choices] == [True, True, False, False]
    assert imported.item.choices[1].feedback == "Facial pain is a classic presentation."


def test_every_escape_and_true_false_feedback(parsed):
    _, items = parsed
    item = items["Escapes: all of them"].item
    assert item.prompt == (
        "Is 2 = 1 + 1 written {like this} with a ~tilde, a #hash and a backslash \\ here?"
        "\nSecond line."
    )
    assert item.answer is True
    assert item.explanation == "Every GIFT escape was used."
    assert items["ref-902"].item.answer is False


def test_matching_with_a_distractor(parsed):
    _, items = parsed
    item = items["Match zones"].item
    assert [(p.left, p.right) for p in item.pairs][0] == ("Upper trapezius", "Temple")
    assert len(item.pairs) == 3
    assert item.distractors == ("Sole of the foot",)


def test_missing_word_puts_a_blank_in_the_prompt(parsed):
    _, items = parsed
    item = items["Missing word"].item
    assert item.prompt == "Pain from trapezius trigger points is _____ to the temple."
    assert [c.text for c in item.choices if c.correct] == ["referred"]


def test_short_answer_keeps_the_full_marks_answer(parsed):
    _, items = parsed
    assert items["Short answer"].item.answer == "local twitch response"


def test_a_name_that_is_an_item_id_is_the_id_others_get_fresh_ones(parsed):
    _, items = parsed
    assert items["ref-902"].item.id == "ref-902"
    ids = [i.item.id for i in items.values()]
    assert len(set(ids)) == len(ids)
    assert all(i.startswith("ref-") for i in ids)


def test_windows_line_endings_and_bom_read_the_same(parsed):
    result, _ = parsed
    again = gift.parse(windows(sample("gift.txt")), "gift.txt")
    assert again.errors == []
    assert [i.item for i in again.items] == [i.item for i in result.items]
    assert [i.line for i in again.items] == [i.line for i in result.items]


def test_script_in_html_text_is_removed():
    text = (
        "$CATEGORY: safety\n\n// @tag reference:namtpt\n"
        "::x::[html]<p>Is <b>this</b> safe?<script>alert(1)</script></p>{TRUE####Yes.}\n"
    )
    result = gift.parse(text, "x.txt")
    assert result.errors == []
    assert result.items[0].item.prompt == "Is this safe?"


def _one(question: str, category: str = "safety") -> gift.ParseResult:
    return gift.parse(f"$CATEGORY: {category}\n\n// @tag reference:namtpt\n{question}\n", "f.txt")


def test_a_fraction_that_is_not_a_moodle_grade_is_an_error_naming_the_question():
    result = _one("::Bad weight::Which? Select all that apply.{~%33%a ~%33%b ~%34%c ~d####e}")
    assert result.items == []
    messages = {(e.question, e.field, e.message) for e in result.errors}
    assert ("Bad weight", "choices[0].fraction", "33% is not one of Moodle's grades") in messages
    assert ("Bad weight", "choices[2].fraction", "34% is not one of Moodle's grades") in messages


def test_multiple_answers_whose_positive_fractions_miss_100_percent():
    result = _one("::Short::Which? Select all that apply.{~%50%a ~%25%b ~c ~d####e}")
    assert [(e.question, e.field) for e in result.errors] == [("Short", "choices")]
    assert "add up to 100%" in result.errors[0].message


def test_bank_rules_apply_with_line_and_field():
    result = _one(
        "::First::Is it?{TRUE####Yes.}\n\n"
        "// @tag reference:namtpt\n::No feedback::Which one?{=a ~b ~c}"
    )
    assert [(e.file, e.line, e.question, e.field, e.message) for e in result.errors] == [
        ("f.txt", 7, "No feedback", "explanation", "missing required field")
    ]


def test_two_correct_single_choices_fail_as_in_a_topic_file():
    result = _one("::Two::Which one?{=a =b ~c####d}")
    assert result.errors[0].field == "choices"
    assert "exactly one must be" in result.errors[0].message


def test_unmatched_brace_and_unknown_category():
    result = _one("::Open::Which one?{=a ~b ~c")
    assert result.errors[0].question == "Open" and "brace" in result.errors[0].message
    result = _one("::Where::Which one?{=a ~b ~c####d}", category="$course$/top/Anatomy")
    assert result.errors[0].field == "category"
    assert "names no topic" in result.errors[0].message


def test_duplicate_ids_in_one_file_are_reported():
    q = "::saf-100::Question {0}?{{TRUE####e}}"
    result = _one(q.format("one") + "\n\n" + q.format("two"))
    assert [e.field for e in result.errors] == ["id"]
    assert "duplicate id 'saf-100'" in result.errors[0].message


def test_checks_against_the_bank_reject_unknown_references(bank_ctx):
    text = "$CATEGORY: safety\n\n// @tag reference:nosuchsource\n::x::Is it?{TRUE####Yes.}\n"
    result = gift.parse(text, "f.txt", bank_ctx)
    assert [e.field for e in result.errors] == ["references[0].key"]


def test_short_answer_weights_are_checked_too():
    result = _one("::Short::What is it?{=%100%right =%45%nearly####e}")
    assert [(e.field, e.message) for e in result.errors] == [
        ("answers[1].fraction", "45% is not one of Moodle's grades")
    ]
