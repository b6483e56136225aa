"""Moodle XML, read and written as Moodle does (question/format/xml/format.php, ``qformat_xml``).

Behaviours copied, each from the function named:
- ``readquestions``: a ``<quiz>`` of ``<question type="...">``; ``type="category"`` is a
  pseudo-question whose ``<category><text>`` path sets the category of those that follow.
- ``import_headers``: ``<name>``, ``<questiontext format="...">`` (default html),
  ``<generalfeedback>``, ``<idnumber>``, ``<tags><tag><text>``; ``import_text_with_files``:
  ``<file name="..." encoding="base64">`` children hold the files that ``@@PLUGINFILE@@/name``
  refers to.
- ``import_multichoice``: ``<single>`` via ``trans_single`` ("false" or empty → multiple
  answers, anything else → single); ``import_answer``: ``fraction`` is a percentage;
  per-answer ``<feedback>``.
- ``import_truefalse``: answers whose text is ``true``/``false``; any other text means the old
  layout, true first then false; the one worth 100 is the key.
- ``import_match``: ``<subquestion>`` with ``<text>`` and ``<answer><text>``; a subquestion
  without text is an extra wrong answer (Moodle's qtype_match keeps it so).
- ``import_shortanswer``: the answers with their fractions (we keep the 100% one).
- ``qformat_default::importprocess`` → ``match_grade_options``: fractions outside Moodle's list
  are an error (fractions.py); ``qtype_multichoice::save_question_options``: a multiple-answer
  question's positive fractions must add up to 100%.
- ``writetext``: text with ``< > &`` is written in CDATA.

Entities and CDATA are decoded by the XML parser. HTML text is sanitised with nh3 and kept as
the bank's plain text (common.bank_text). Every other question type (essay, numerical, cloze,
calculated, description, ...) is listed in ``skipped``.
"""

from __future__ import annotations

import base64
import binascii
from typing import Any

from trainer.bank.model import Item
from trainer.bank.spec import ItemType
from trainer.exchange import fractions as fr
from trainer.exchange import meta
from trainer.exchange.common import (
    DEFAULT_DIFFICULTY,
    MOODLE_TYPES,
    Draft,
    ExchangeError,
    ImportContext,
    ParseResult,
    Skipped,
    bank_text,
    default_name,
    explicit_id,
    finish,
    image_refs,
    merge_tags,
    topic_and_tags,
)
from trainer.exchange.xmltree import Node, XMLSyntaxError, parse_xml

TYPES = MOODLE_TYPES  # body maps cannot be written in GIFT or Moodle XML
EXTENSION = ".xml"
_SUPPORTED = ("multichoice", "truefalse", "matching", "shortanswer")


class _Question:
    """One ``<question>`` being read: its name, line and an error helper."""

    def __init__(self, node: Node, filename: str, result: ParseResult) -> None:
        self.node, self.filename, self.result = node, filename, result
        self.name = node.path_text("name", "text").strip()
        self.line = node.line
        self.format = (
            node.first("questiontext").attrs.get("format", "html")
            if node.first("questiontext") is not None
            else "html"
        )
        self.refs: list[str] = []

    def error(self, field: str, message: str) -> None:
        self.result.errors.append(
            ExchangeError(self.filename, self.line, self.name, field, message)
        )

    def text(self, node: Node | None, default_format: str | None = None) -> str:
        """A text element's content as bank text, in its own or the question's format."""
        if node is None:
            return ""
        raw = node.path_text("text")
        self.refs += image_refs(raw)
        return bank_text(raw, node.attrs.get("format", default_format or self.format))

    def fraction(self, answer: Node, field: str) -> float:
        raw = answer.attrs.get("fraction", "0")
        try:
            value = float(raw) / 100
        except ValueError:
            self.error(field, f"fraction {raw!r} is not a number")
            return 0.0
        if fr.match_grade(value) is None:
            self.error(field, f"{raw}% is not one of Moodle's grades")
        return value


def parse(data: str | bytes, filename: str, ctx: ImportContext | None = None) -> ParseResult:
    """Every question in the file; errors name the file, the question's line and the field."""
    ctx = ctx or ImportContext()
    result = ParseResult()
    try:
        if isinstance(data, str):
            root = parse_xml(data.removeprefix("\ufeff").encode("utf-8"), utf8=True)
        else:
            root = parse_xml(data)
    except XMLSyntaxError as exc:
        result.errors.append(ExchangeError(filename, exc.line, "", "", f"XML error: {exc}"))
        return result
    if root.tag != "quiz":
        result.errors.append(
            ExchangeError(filename, root.line, "", "", f"expected <quiz>, found <{root.tag}>")
        )
        return result
    drafts, category = [], ""
    for node in root.all("question"):
        qtype = node.attrs.get("type", "")
        if qtype == "category":
            category = node.path_text("category", "text").strip()
            continue
        before = len(result.errors)
        q = _Question(node, filename, result)
        _read_files(node, q, result)
        if qtype not in _SUPPORTED:
            name = q.name or default_name(q.text(node.first("questiontext")))
            reason = f"{qtype or 'untyped'} questions are not supported"
            result.skipped.append(Skipped(name, qtype, reason, node.line))
            continue
        draft = _draft(q, qtype, category, ctx)
        missing = [r for r in q.refs if r not in result.media]
        for ref in missing:
            q.error("file", f"@@PLUGINFILE@@/{ref} refers to no embedded <file>")
        if draft is not None and len(result.errors) == before:  # else its errors say why
            draft.media = tuple(dict.fromkeys(q.refs))
            drafts.append(draft)
    finish(drafts, result, filename, ctx)
    return result


def _read_files(node: Node, q: _Question, result: ParseResult) -> None:
    for child in node.children:
        if child.tag == "file":
            name = child.attrs.get("name", "")
            try:
                result.media[name] = base64.b64decode(child.text, validate=False)
            except (binascii.Error, ValueError):
                q.error("file", f"embedded file {name!r} is not valid base64")
        else:
            _read_files(child, q, result)


def _draft(q: _Question, qtype: str, category: str, ctx: ImportContext) -> Draft | None:
    node = q.node
    prompt = q.text(node.first("questiontext"))
    q.name = q.name or default_name(prompt)
    data: dict[str, Any] = {"difficulty": DEFAULT_DIFFICULTY}
    tags = [t.path_text("text") for t in (node.first("tags") or Node("", {}, 0)).all("tag")]
    topic, category_tags = topic_and_tags(category, ctx.bank)
    data["tags"] = merge_tags(meta.read_tags(tags, data), category_tags)
    explanation = q.text(node.first("generalfeedback"))
    data.update(prompt=prompt, explanation=explanation or None)
    item_id = explicit_id(node.path_text("idnumber"), q.name)
    draft = Draft(q.name, q.line, category, data, topic, item_id)
    answers = node.all("answer")
    if qtype == "multichoice":
        single = node.path_text("single", default="true").strip() not in ("false", "0", "")
        choices, fractions = [], []
        for i, answer in enumerate(answers):
            value = q.fraction(answer, f"choices[{i}].fraction")
            fractions.append(value)
            feedback = q.text(answer.first("feedback"), answer.attrs.get("format"))
            choices.append(
                {
                    "text": q.text(answer, answer.attrs.get("format")),
                    "correct": value >= 1 if single else value > 0,
                    "feedback": feedback or None,
                }
            )
        if not single and not fr.reaches_full_marks(fractions):
            q.error(
                "choices",
                "the positive fractions of a multiple-answer question must add up to 100%",
            )
        kind = ItemType.SINGLE_CHOICE if single else ItemType.MULTIPLE_RESPONSE
        data.update(type=kind.value, choices=choices)
        draft.fractions = tuple(fractions)
    elif qtype == "truefalse":
        key = None
        for i, answer in enumerate(answers):
            text = answer.path_text("text").strip().lower()
            if text not in ("true", "false"):
                text = "true" if i == 0 else "false"  # the old layout: true, then false
            if q.fraction(answer, f"answers[{i}].fraction") >= 1:
                key = text == "true"
        if key is None:
            q.error("answer", "neither answer is worth 100%")
            return None
        data.update(type=ItemType.TRUE_FALSE.value, answer=key)
    elif qtype == "matching":
        pairs, distractors = [], []
        for sub in node.all("subquestion"):
            left = q.text(sub, sub.attrs.get("format"))
            right = sub.path_text("answer", "text").strip()
            if left:
                pairs.append({"left": left, "right": right})
            elif right:
                distractors.append(right)
        data.update(type=ItemType.MATCHING.value, pairs=pairs, distractors=distractors)
    else:  # shortanswer: the flashcard's answer is the 100% answer
        full = [a for i, a in enumerate(answers) if q.fraction(a, f"answers[{i}].fraction") >= 1]
        if not full:
            q.error("answer", "a short-answer question needs an answer worth 100%")
            return None
        data.update(type=ItemType.FLASHCARD.value, answer=full[0].path_text("text").strip())
    return draft


# ---------------------------------------------------------------------------------- export


def representable(item: Item) -> str | None:
    """Why the item cannot be written in Moodle XML, or None when it can."""
    return None if item.type in TYPES else f"{item.type} items have no Moodle question type"


def _text(raw: str) -> str:
    """``writetext``: CDATA when the text holds markup characters."""
    if any(c in raw for c in "<>&"):
        return "<text><![CDATA[" + raw.replace("]]>", "]]]]><![CDATA[>") + "]]></text>"
    return f"<text>{raw}</text>"


def _field(tag: str, raw: str, fmt: str = "plain_text", indent: str = "    ") -> str:
    return f'{indent}<{tag} format="{fmt}">\n{indent}  {_text(raw)}\n{indent}</{tag}>\n'


def render(items: list[Item]) -> bytes:
    """The items as Moodle XML (UTF-8), a category per topic; body maps are left out."""
    out = ['<?xml version="1.0" encoding="UTF-8"?>\n<quiz>\n']
    topic = None
    for item in items:
        if representable(item) is not None:
            continue
        if item.topic != topic:
            topic = item.topic
            out.append('  <question type="category">\n    <category>\n')
            out.append(f"      {_text('$course$/top/' + topic)}\n    </category>\n  </question>\n")
        out.append(_question(item))
    out.append("</quiz>\n")
    return "".join(out).encode("utf-8")


_QTYPE = {
    ItemType.FLASHCARD: "shortanswer",
    ItemType.TRUE_FALSE: "truefalse",
    ItemType.SINGLE_CHOICE: "multichoice",
    ItemType.MULTIPLE_RESPONSE: "multichoice",
    ItemType.MATCHING: "matching",
}


def _answer(fraction: float, text: str, feedback: str | None = None) -> str:
    out = f'    <answer fraction="{fr.percent_text(fraction)}" format="plain_text">\n'
    out += f"      {_text(text)}\n"
    if feedback:
        out += _field("feedback", feedback, indent="      ")
    return out + "    </answer>\n"


def _question(item: Item) -> str:
    out = [f'  <question type="{_QTYPE[item.type]}">\n']
    out.append(f"    <name>\n      {_text(item.id)}\n    </name>\n")
    out.append(_field("questiontext", item.prompt))
    out.append(_field("generalfeedback", item.explanation))
    out.append(f"    <idnumber>{item.id}</idnumber>\n")
    if item.type is ItemType.FLASHCARD:
        out.append(_answer(1, str(item.answer)))
    elif item.type is ItemType.TRUE_FALSE:
        out.append(_answer(1 if item.answer else 0, "true"))
        out.append(_answer(0 if item.answer else 1, "false"))
    elif item.type is ItemType.MATCHING:
        out.append("    <shuffleanswers>true</shuffleanswers>\n")
        for left, right in [(p.left, p.right) for p in item.pairs] + [
            ("", d) for d in item.distractors
        ]:
            out.append('    <subquestion format="plain_text">\n')
            out.append(f"      {_text(left)}\n      <answer>\n        {_text(right)}\n")
            out.append("      </answer>\n    </subquestion>\n")
    else:
        single = item.type is ItemType.SINGLE_CHOICE
        out.append(f"    <single>{'true' if single else 'false'}</single>\n")
        out.append("    <shuffleanswers>true</shuffleanswers>\n")
        out.append("    <answernumbering>abc</answernumbering>\n")
        correct = [c.correct for c in item.choices]
        weights = (
            [1.0 if c else 0.0 for c in correct]
            if single
            else fr.multiple_response_fractions(correct)
        )
        for choice, weight in zip(item.choices, weights, strict=True):
            out.append(_answer(weight, choice.text, choice.feedback))
    out.append("    <tags>\n")
    out += [f"      <tag>{_text(tag)}</tag>\n" for tag in meta.item_tags(item)]
    out.append("    </tags>\n  </question>\n")
    return "".join(out)
