"""No input makes a parser raise: every fault is an error in the result."""

from __future__ import annotations

import random

import pytest

from tests.unit.exchange.conftest import sample
from trainer.exchange import csv_format, gift, moodle_xml

PARSERS = [gift, moodle_xml, csv_format]


def _inputs() -> list[bytes]:
    rng = random.Random(8)
    inputs = [
        b"",
        b"\xff\xfe\x00garbage",
        b"{",
        b"}}{{",
        b"::",
        b"::a::",
        b"$CATEGORY:",
        b"<quiz>",
        b"<quiz><question type='multichoice'><answer fraction='x'/></question></quiz>",
        b"<quiz><question type='truefalse'/></quiz>",
        b"<quiz><question type='matching'><subquestion/></question></quiz>",
        b"<?xml version='1.0'?><!DOCTYPE q [<!ENTITY e SYSTEM 'file:///etc/passwd'>]><quiz>&e;</quiz>",
        b'topic,type,prompt\n"unterminated',
        b"topic,type,prompt\nsafety,body_map,x\n",
        b"id,topic,type,prompt\nnot-an-id,safety,flashcard,x\n",
    ]
    for name in ("gift.txt", "moodle.xml"):
        data = sample(name)
        for _ in range(40):  # truncated and corrupted copies of the real samples
            cut = rng.randrange(len(data))
            inputs.append(data[:cut])
            pos = rng.randrange(len(data))
            inputs.append(data[:pos] + bytes([rng.randrange(256)]) + data[pos + 1 :])
    return inputs


@pytest.mark.parametrize("parser", PARSERS, ids=lambda m: m.__name__.rsplit(".", 1)[-1])
def test_parsers_report_rather_than_raise(parser):
    for data in _inputs():
        result = parser.parse(data, "fuzz")
        for error in result.errors:
            assert error.file == "fuzz" and error.message
