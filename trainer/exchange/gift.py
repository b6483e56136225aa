"""GIFT, read as Moodle reads it (question/format/gift/format.php, ``qformat_gift``).

Behaviours copied, each from the function named:
- ``qformat_default::readdata``: a UTF-8 BOM is dropped; ``readquestions``: questions are
  separated by blank lines; lines are trimmed, so Windows line endings do no harm.
- ``readquestion``: lines starting ``//`` are comments; ``$CATEGORY:`` sets the category of the
  questions that follow; ``::name::``; the answer block is the first ``{`` to the first ``}``;
  text after the block makes a missing-word question (``_____`` where the block was); ``####``
  (the last one) starts general feedback; the type is chosen in Moodle's order: no block →
  description, empty block → essay, ``#`` → numerical, ``~`` → multichoice (single when an ``=``
  is present), ``=`` and ``->`` → matching, ``T``/``TRUE``/``F``/``FALSE`` → truefalse, else
  shortanswer.
- ``escapedchar_pre``/``_post``: ``\\\\`` first, then ``\\: \\# \\= \\{ \\} \\~ \\n``.
- ``parse_text_with_format``: a ``[html]``/``[moodle]``/``[plain]``/``[markdown]`` prefix;
  answers and feedback take the question text's format.
- ``answerweightparser`` with ``/^%\\-*([0-9]{1,2})\\.?([0-9]*)%/``: ``%50%``, ``%-25%``.
- ``commentparser``: ``#`` feedback after an answer; ``split_truefalse_comment``:
  ``{T#wrong#right}``.
- ``check_answer_count``: at least 2 answers for multichoice and matching, 1 for short answer.
- ``qformat_default::importprocess``: every fraction must be one of Moodle's grades
  (``match_grade_options``, see fractions.py; the message names the question, as Moodle's
  ``invalidgradequestion``), and with ``stoponerror`` (the default) any error stops the whole
  import before anything is saved: so here, all or nothing.
- ``writequestion``/``repchar`` for export: reserved characters escaped, newlines as ``\\n``.

Essay, numerical and description questions have no type here: they are listed in ``skipped``.
Our fields that GIFT cannot hold (difficulty, muscle, references, tags) are ``// @tag`` comment
lines before the question (see meta.py).
"""

from __future__ import annotations

import re
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
    decode_text,
    default_name,
    explicit_id,
    finish,
    merge_tags,
    topic_and_tags,
)

TYPES = MOODLE_TYPES  # body maps cannot be written in GIFT or Moodle XML
EXTENSION = ".gift.txt"

# escapedchar_pre: placeholders for escaped characters (private-use code points here)
_ESCAPES = {
    ":": "\ue03a",
    "#": "\ue023",
    "=": "\ue03d",
    "{": "\ue07b",
    "}": "\ue07d",
    "~": "\ue07e",
}
_NEWLINE, _BACKSLASH = "\ue00a", "\ue05c"
_WEIGHT = re.compile(r"^%-*([0-9]{1,2})\.?([0-9]*)%")
_FORMATS = {"moodle": "moodle", "html": "html", "plain": "plain", "markdown": "markdown"}
_META = re.compile(r"^//\s*@tag\s+(.+)$")


def _pre(text: str) -> str:
    text = text.replace("\\\\", _BACKSLASH)
    for char, placeholder in _ESCAPES.items():
        text = text.replace("\\" + char, placeholder)
    return text.replace("\\n", _NEWLINE).replace(_BACKSLASH, "\\")


def _post(text: str) -> str:
    for char, placeholder in _ESCAPES.items():
        text = text.replace(placeholder, char)
    return text.replace(_NEWLINE, "\n")


def _with_format(text: str, default: str = "moodle") -> tuple[str, str]:
    """(text, format) as ``parse_text_with_format``: an optional [format] prefix, then trim."""
    fmt = default
    if text.startswith("[") and "]" in text:
        name = text[1 : text.index("]")]
        if name in _FORMATS:
            fmt, text = _FORMATS[name], text[text.index("]") + 1 :]
    return _post(text).strip(), fmt


def _text(raw: str, default: str = "moodle") -> str:
    text, fmt = _with_format(raw.strip(), default)
    return bank_text(text, fmt)


def _blocks(text: str) -> list[tuple[int, list[str]]]:
    """(first line, lines) of each question, as ``readquestions`` splits them."""
    text = text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    blocks, current, start = [], [], 0
    for number, line in enumerate(text.split("\n"), 1):
        line = line.strip()
        if not line:
            if current:
                blocks.append((start, current))
            current = []
        else:
            if not current:
                start = number
            current.append(line)
    if current:
        blocks.append((start, current))
    return blocks


def parse(data: str | bytes, filename: str, ctx: ImportContext | None = None) -> ParseResult:
    """Every question in the file; errors name the file, the question's line and the field."""
    ctx = ctx or ImportContext()
    result = ParseResult()
    data = decode_text(data, filename, result)
    if data is None:
        return result
    drafts: list[Draft] = []
    category = ""
    for line, lines in _blocks(data):
        tags = [m[1] for raw in lines if (m := _META.match(raw))]
        body = _pre("\n".join(" " if raw.startswith("//") else raw for raw in lines).strip())
        if not body:
            continue
        if body.startswith("$CATEGORY:"):
            category = _post(body[len("$CATEGORY:") :]).strip()
            continue
        line += next((n for n, raw in enumerate(lines) if not raw.startswith("//")), 0)
        before = len(result.errors)
        draft = _question(body, line, category, tags, filename, result, ctx)
        if draft is not None and len(result.errors) == before:  # else its errors say why
            drafts.append(draft)
    finish(drafts, result, filename, ctx)
    return result


def _question(
    body: str,
    line: int,
    category: str,
    tags: list[str],
    filename: str,
    result: ParseResult,
    ctx: ImportContext,
) -> Draft | None:
    name = None
    if body.startswith("::"):
        end = body.find("::", 2)
        if end == -1:  # Moodle drops the opening :: and names the question from its text
            body = body[2:]
        else:
            name, body = _post(body[2:end]).strip(), body[end + 2 :].strip()
    start, end = body.find("{"), body.find("}")
    if start == -1 and end == -1:
        label = name or default_name(_post(body))
        result.skipped.append(Skipped(label, "description", "descriptions are not questions", line))
        return None
    if start == -1 or end == -1 or end < start:
        result.errors.append(
            ExchangeError(
                filename, line, name or "", "", "unmatched brace: { without } or } without {"
            )
        )
        return None
    answers = body[start + 1 : end].strip()
    if body.endswith("}"):
        question = body[:start] + body[end + 1 :]
    else:
        question = body[:start] + "_____" + body[end + 1 :]  # missing word
    feedback = ""
    if "####" in answers:
        cut = answers.rindex("####")
        answers, feedback = answers[:cut].strip(), answers[cut + 4 :]
    prompt, fmt = _with_format(question.strip())
    prompt = bank_text(prompt, fmt)
    name = name or default_name(prompt)
    topic, category_tags = topic_and_tags(category, ctx.bank)
    data: dict[str, Any] = {"difficulty": DEFAULT_DIFFICULTY}
    data["tags"] = merge_tags(meta.read_tags(tags, data), category_tags)
    data.update(prompt=prompt, explanation=_text(feedback, fmt) if feedback.strip() else None)
    draft = Draft(name, line, category, data, topic, explicit_id(name))

    def error(field: str, message: str) -> None:
        result.errors.append(ExchangeError(filename, line, name, field, message))

    if not answers:
        result.skipped.append(Skipped(name, "essay", "essay questions have no key to grade", line))
        return None
    if answers.startswith("#"):
        result.skipped.append(
            Skipped(name, "numerical", "numerical questions are not supported", line)
        )
        return None
    if "~" in answers:
        return _multichoice(draft, answers, fmt, error)
    if "=" in answers and "->" in answers:
        return _matching(draft, answers, fmt, error)
    check = answers[: answers.index("#")].strip() if answers.find("#") > 0 else answers
    if check in ("T", "TRUE", "F", "FALSE"):
        data.update(type=ItemType.TRUE_FALSE.value, answer=check in ("T", "TRUE"))
        return draft
    return _short_answer(draft, answers, fmt, error)


def _split(answers: str, sep: str) -> list[str]:
    parts = answers.split(sep)
    if parts and not parts[0].strip():
        parts = parts[1:]
    return [p.strip() for p in parts]


def _weight(answer: str) -> tuple[float | None, str]:
    match = _WEIGHT.match(answer)
    if match is None:
        return None, answer
    end = answer.index("%", 1)
    try:
        return float(answer[1:end]) / 100, answer[end + 1 :]
    except ValueError:  # "%--5%": Moodle's regex allows it, PHP reads it as 0
        return 0.0, answer[end + 1 :]


def _comment(answer: str, fmt: str) -> tuple[str, str | None]:
    text, _, feedback = answer.partition("#")
    return _text(text, fmt), (_text(feedback, fmt) or None) if feedback.strip() else None


def _multichoice(draft: Draft, answers: str, fmt: str, error) -> Draft | None:
    single = "=" in answers
    parts = _split(answers.replace("=", "~="), "~")
    if len(parts) < 2:
        error("choices", "a multiple-choice question needs at least 2 answers")
        return None
    choices, fractions = [], []
    for i, part in enumerate(parts):
        if part.startswith("="):
            weight, part = 1.0, part[1:]
        else:
            weight, part = _weight(part)
            weight = weight or 0.0
        text, feedback = _comment(part, fmt)
        if fr.match_grade(weight) is None:
            error(
                f"choices[{i}].fraction",
                f"{fr.percent_text(weight)}% is not one of Moodle's grades",
            )
        fractions.append(weight)
        correct = weight >= 1 if single else weight > 0
        choices.append({"text": text, "correct": correct, "feedback": feedback})
    if not single and not fr.reaches_full_marks(fractions):
        error("choices", "the positive fractions of a multiple-answer question must add up to 100%")
    item_type = ItemType.SINGLE_CHOICE if single else ItemType.MULTIPLE_RESPONSE
    draft.data.update(type=item_type.value, choices=choices)
    draft.fractions = tuple(fractions)
    return draft


def _matching(draft: Draft, answers: str, fmt: str, error) -> Draft | None:
    parts = _split(answers, "=")
    if len(parts) < 2:
        error("pairs", "a matching question needs at least 2 pairs")
        return None
    pairs, distractors = [], []
    for i, part in enumerate(parts):
        if "->" not in part:
            error(f"pairs[{i}]", "a matching answer is written =left -> right")
            return None
        left, right = part.split("->", 1)
        left, right = _text(left, fmt), _post(right).strip()
        if left:
            pairs.append({"left": left, "right": right})
        else:  # Moodle keeps an answer without a question as an extra wrong answer
            distractors.append(right)
    draft.data.update(type=ItemType.MATCHING.value, pairs=pairs, distractors=distractors)
    return draft


def _short_answer(draft: Draft, answers: str, fmt: str, error) -> Draft | None:
    full = None
    for i, part in enumerate(_split(answers, "=")):
        weight, part = _weight(part)
        text, _feedback = _comment(part, fmt)
        if weight is not None and fr.match_grade(weight) is None:
            error(
                f"answers[{i}].fraction",
                f"{fr.percent_text(weight)}% is not one of Moodle's grades",
            )
        if (1.0 if weight is None else weight) >= 1 and full is None:
            full = text
    if full is None:
        error("answer", "a short-answer question needs an answer worth 100%")
        return None
    draft.data.update(type=ItemType.FLASHCARD.value, answer=full)
    return draft


# ---------------------------------------------------------------------------------- export


def _escape(text: str) -> str:
    """``repchar``: reserved characters escaped, newlines written as \\n."""
    for char in ("\\", "#", "=", "~", "{", "}", ":"):
        text = text.replace(char, "\\" + char)
    return text.replace("\r", "").replace("\n", "\\n")


def representable(item: Item) -> str | None:
    """Why the item cannot be written in GIFT, or None when it can."""
    if item.type not in TYPES:
        return f"{item.type} items cannot be written in GIFT"
    if any("->" in p.left for p in item.pairs):
        return "a matching left side contains '->'"
    return None


def render(items: list[Item]) -> bytes:
    """The items as GIFT (UTF-8), one ``$CATEGORY`` per topic; body maps are left out.

    The category is ``$course$/top/<topic id>``: the id is what our importers map back exactly.
    """
    out: list[str] = []
    topic = None
    for item in items:
        if representable(item) is not None:
            continue
        if item.topic != topic:
            topic = item.topic
            out.append(f"$CATEGORY: $course$/top/{topic}\n\n")
        out.append(_question_text(item) + "\n")
    return "".join(out).encode("utf-8")


def _question_text(item: Item) -> str:
    lines = [f"// question: {item.id}  name: {item.id}"]
    lines += [f"// @tag {tag}" for tag in meta.item_tags(item)]
    head = f"::{_escape(item.id)}::[plain]{_escape(item.prompt)}"
    general = f"\t####{_escape(item.explanation)}\n"
    if item.type is ItemType.TRUE_FALSE:
        lines.append(head + "{" + ("TRUE" if item.answer else "FALSE") + general.strip() + "}")
    elif item.type is ItemType.FLASHCARD:
        lines.append(head + "{\n\t=" + _escape(str(item.answer)) + "\n" + general + "}")
    elif item.type is ItemType.MATCHING:
        body = [f"\t={_escape(p.left)} -> {_escape(p.right)}\n" for p in item.pairs]
        body += [f"\t= -> {_escape(d)}\n" for d in item.distractors]
        lines.append(head + "{\n" + "".join(body) + general + "}")
    else:
        correct = [c.correct for c in item.choices]
        weights = (
            fr.multiple_response_fractions(correct)
            if item.type is ItemType.MULTIPLE_RESPONSE
            else None
        )
        body = []
        for i, choice in enumerate(item.choices):
            if weights is None:
                mark = "=" if choice.correct else "~"
            else:
                mark = f"~%{fr.percent_text(weights[i])}%"
            feedback = f"#{_escape(choice.feedback)}" if choice.feedback else ""
            body.append(f"\t{mark}{_escape(choice.text)}{feedback}\n")
        lines.append(head + "{\n" + "".join(body) + general + "}")
    return "\n".join(lines) + "\n"
