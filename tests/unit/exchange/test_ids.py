"""Stable ids for imported questions: the file's own, else the same-prompt item's, else new."""

from __future__ import annotations

from trainer.exchange import gift


def _numbers(ctx, prefix):
    return [int(i.split("-")[1]) for i in ctx.taken_ids if i.startswith(prefix + "-")]


def test_new_ids_follow_the_bank_not_an_id_named_in_the_file(bank_ctx):
    text = (
        "$CATEGORY: safety\n\n// @tag reference:namtpt\n::saf-950::Named question?{TRUE####x}\n\n"
        "// @tag reference:namtpt\n::Unnamed::Some new question?{TRUE####x}\n"
    )
    result = gift.parse(text, "f.txt", bank_ctx)
    assert result.errors == []
    named, unnamed = (i.item.id for i in result.items)
    assert named == "saf-950"
    assert unnamed == f"saf-{max(_numbers(bank_ctx, 'saf')) + 1:03d}"


def test_a_question_with_a_bank_items_prompt_takes_its_id(bank, bank_ctx):
    item = next(i for i in bank.items_in("safety") if i.type.value == "true_false")
    text = (
        f"$CATEGORY: safety\n\n// @tag reference:namtpt\n"
        f"::Renamed in Moodle::{item.prompt.upper()}{{TRUE####x}}\n"
    )
    result = gift.parse(text, "f.txt", bank_ctx)
    assert result.errors == []
    assert result.items[0].item.id == item.id  # prompts compare as the bank compares them


def test_a_new_question_with_a_bank_items_prompt_in_another_topic_is_a_duplicate(bank, bank_ctx):
    item = bank.items_in("safety")[0]
    text = f"$CATEGORY: physiology\n\n// @tag reference:namtpt\n::X::{item.prompt}{{TRUE####x}}\n"
    result = gift.parse(text, "f.txt", bank_ctx)
    assert [(e.field, e.message) for e in result.errors] == [
        ("prompt", f"duplicate prompt (same as bank item {item.id})")
    ]
