"""CSV: numbered columns, the template, errors by line and column."""

from __future__ import annotations

import csv
import io

from tests.unit.exchange.conftest import windows
from trainer.bank.spec import ItemType
from trainer.exchange import csv_format

HEADER = "topic,type,difficulty,prompt,answer,choice_1,choice_1_correct,choice_2,choice_3,explanation,reference_1,reference_1_where\n"  # noqa: E501


def test_template_has_every_column_and_one_valid_example_per_type(bank, bank_ctx):
    data = csv_format.template(list(bank.items))
    assert data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert rows[0] == csv_format.COLUMNS
    result = csv_format.parse(data, "template.csv", bank_ctx)
    assert result.errors == []
    kinds = {(i.item.type, i.item.mode) for i in result.items}
    assert len(kinds) == len(result.items) == 7  # five types and body_map in both modes


def test_a_spreadsheet_row_without_id_gets_a_fresh_id_and_the_default_difficulty(bank_ctx):
    data = HEADER + (
        "safety,single_choice,,Which is a red flag for referral?,,Night sweats,true,"
        "Morning stiffness,Tight hamstrings,Night sweats with weight loss need a doctor.,namtpt,\n"
    )
    result = csv_format.parse(windows(data.encode()), "mine.csv", bank_ctx)
    assert result.errors == []
    (imported,) = result.items
    existing = [int(i.split("-")[1]) for i in bank_ctx.taken_ids if i.startswith("saf-")]
    assert imported.item.id == f"saf-{max(existing) + 1:03d}"
    assert imported.item.type is ItemType.SINGLE_CHOICE
    assert imported.item.difficulty == 2
    assert imported.line == 2


def test_errors_name_line_and_column():
    data = HEADER + (
        "safety,true_false,1,First?,true,,,,,Because.,namtpt,\n"
        'safety,single_choice,4,"Multi\nline?",,a,maybe,b,c,Because.,namtpt,\n'
        "safety,true_false,1,Third?,yes,,,,,Because.,namtpt,\n"
    )
    result = csv_format.parse(data, "bad.csv")
    found = {(e.line, e.field) for e in result.errors}
    assert (3, "choice_1_correct") in found
    assert (5, "answer") in found
    assert [i.item.prompt for i in result.items] == ["First?"]


def test_a_second_pass_reports_bank_rules_for_the_row(bank_ctx):
    data = HEADER + "safety,single_choice,4,Which?,,a,true,b,c,Because.,namtpt,\n"
    result = csv_format.parse(data, "bad.csv", bank_ctx)
    assert [(e.line, e.field) for e in result.errors] == [(2, "difficulty")]


def test_unknown_and_missing_columns():
    result = csv_format.parse("topic,type,colour\n", "x.csv")
    assert {(e.line, e.field, e.message) for e in result.errors} == {
        (1, "colour", "unknown column"),
        (1, "prompt", "missing column"),
    }


def test_an_unknown_topic_is_named():
    data = HEADER + "anatomy,true_false,1,Is it?,true,,,,,Because.,namtpt,\n"
    result = csv_format.parse(data, "t.csv")
    assert [(e.line, e.field) for e in result.errors] == [(2, "topic")]
    assert result.errors[0].message.startswith("unknown topic 'anatomy' (known: physiology")
