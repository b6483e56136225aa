"""CSV: one row per item, choices, pairs, distractors and references in numbered columns.

This is our own layout (no other tool defines one), so it holds every item type, body maps
included. Cells are the bank's fields: ``tags`` and ``regions`` are lists separated by ``;``,
``correct`` cells are ``true`` or empty, a true/false ``answer`` is ``true`` or ``false``.
Exported files are UTF-8 with a BOM so that spreadsheet programs read them as UTF-8; imports
accept either, and any line endings.
"""

from __future__ import annotations

import csv
import io
from typing import Any

from trainer.bank.model import Item, MuscleChoice
from trainer.bank.spec import BodyMapMode, ItemType
from trainer.exchange.common import (
    DEFAULT_DIFFICULTY,
    Draft,
    ExchangeError,
    ImportContext,
    ParseResult,
    decode_text,
    default_name,
    explicit_id,
    finish,
)

TYPES = tuple(ItemType)
EXTENSION = ".csv"
MAX_CHOICES, MAX_PAIRS, MAX_DISTRACTORS, MAX_REFERENCES = 8, 8, 4, 6

COLUMNS = (
    ["id", "topic", "type", "mode", "difficulty", "tags", "muscle", "prompt", "answer", "regions"]
    + [f"choice_{n}{s}" for n in range(1, MAX_CHOICES + 1) for s in ("", "_correct", "_feedback")]
    + [f"pair_{n}_{s}" for n in range(1, MAX_PAIRS + 1) for s in ("left", "right")]
    + [f"distractor_{n}" for n in range(1, MAX_DISTRACTORS + 1)]
    + ["explanation"]
    + [f"reference_{n}{s}" for n in range(1, MAX_REFERENCES + 1) for s in ("", "_where")]
)
_TRUE, _FALSE = ("true", "yes", "1", "x"), ("false", "no", "0", "")


def _list(cell: str) -> list[str]:
    return [part.strip() for part in cell.replace(",", ";").split(";") if part.strip()]


def parse(data: str | bytes, filename: str, ctx: ImportContext | None = None) -> ParseResult:
    """Every row; errors name the file, the row's first line and the column."""
    ctx = ctx or ImportContext()
    result = ParseResult()
    data = decode_text(data, filename, result)
    if data is None:
        return result
    reader = csv.reader(io.StringIO(data.removeprefix("\ufeff"), newline=""))
    try:
        header = [h.strip() for h in next(reader)]
    except StopIteration:
        result.errors.append(ExchangeError(filename, 1, "", "", "empty file (no header row)"))
        return result
    except csv.Error as exc:
        result.errors.append(ExchangeError(filename, 1, "", "", f"CSV error: {exc}"))
        return result
    unknown = [h for h in header if h not in COLUMNS]
    for name in unknown:
        result.errors.append(ExchangeError(filename, 1, "", name, "unknown column"))
    for name in ("topic", "type", "prompt"):
        if name not in header:
            result.errors.append(ExchangeError(filename, 1, "", name, "missing column"))
    if result.errors:
        return result
    drafts = []
    line = reader.line_num + 1
    while True:
        try:
            row = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            result.errors.append(ExchangeError(filename, line, "", "", f"CSV error: {exc}"))
            return result
        if any(cell.strip() for cell in row):
            cells = dict(zip(header, (cell.strip() for cell in row), strict=False))
            before = len(result.errors)
            draft = _draft(cells, line, filename, result)
            if len(result.errors) == before:  # else its errors say why
                drafts.append(draft)
        line = reader.line_num + 1
    finish(drafts, result, filename, ctx)
    return result


def _draft(cells: dict[str, str], line: int, filename: str, result: ParseResult) -> Draft | None:
    get = cells.get
    name = get("id", "") or default_name(get("prompt", ""))

    def error(field: str, message: str) -> None:
        result.errors.append(ExchangeError(filename, line, name, field, message))

    def flag(column: str) -> bool:
        value = get(column, "").lower()
        if value not in _TRUE + _FALSE:
            error(column, f"write true or leave empty, not {get(column)!r}")
        return value in _TRUE

    item_type, mode = get("type", ""), get("mode", "")
    difficulty: Any = get("difficulty", "")
    data: dict[str, Any] = {
        "type": item_type or None,
        "mode": mode or None,
        "difficulty": int(difficulty)
        if difficulty.isdigit()
        else (difficulty or DEFAULT_DIFFICULTY),
        "tags": _list(get("tags", "")),
        "muscle": get("muscle") or None,
        "prompt": get("prompt") or None,
        "regions": _list(get("regions", "")),
        "explanation": get("explanation") or None,
    }
    answer = get("answer", "")
    if item_type == ItemType.TRUE_FALSE:
        if answer.lower() not in ("true", "false"):
            error("answer", f"a true_false answer is true or false, not {answer!r}")
        data["answer"] = answer.lower() == "true"
    elif answer:
        data["answer"] = answer
    label = "muscle" if mode == BodyMapMode.IDENTIFY_MUSCLE else "text"
    data["choices"] = [
        {
            label: get(f"choice_{n}"),
            "correct": flag(f"choice_{n}_correct"),
            "feedback": get(f"choice_{n}_feedback") or None,
        }
        for n in range(1, MAX_CHOICES + 1)
        if get(f"choice_{n}")
    ]
    data["pairs"] = [
        {"left": get(f"pair_{n}_left", ""), "right": get(f"pair_{n}_right", "")}
        for n in range(1, MAX_PAIRS + 1)
        if get(f"pair_{n}_left") or get(f"pair_{n}_right")
    ]
    data["distractors"] = [
        get(f"distractor_{n}") for n in range(1, MAX_DISTRACTORS + 1) if get(f"distractor_{n}")
    ]
    data["references"] = [
        {
            "key": get(f"reference_{n}"),
            **({"where": w} if (w := get(f"reference_{n}_where")) else {}),
        }
        for n in range(1, MAX_REFERENCES + 1)
        if get(f"reference_{n}")
    ]
    data = {k: v for k, v in data.items() if v is not None}
    topic = get("topic") or None
    item_id = get("id") or None
    if item_id and explicit_id(item_id) is None:
        error("id", f"{item_id!r} is not an item id (three letters, hyphen, three digits)")
        return None
    return Draft(name, line, topic or "", data, topic, item_id)


# ---------------------------------------------------------------------------------- export


def representable(item: Item) -> str | None:
    """Why the item does not fit the numbered columns, or None when it does."""
    limits = (
        (item.choices, MAX_CHOICES, "choices"),
        (item.pairs, MAX_PAIRS, "pairs"),
        (item.distractors, MAX_DISTRACTORS, "distractors"),
        (item.references, MAX_REFERENCES, "references"),
    )
    for values, limit, what in limits:
        if len(values) > limit:
            return f"more than {limit} {what}"
    return None


def _row(item: Item) -> dict[str, str]:
    row = {
        "id": item.id,
        "topic": item.topic,
        "type": item.type.value,
        "mode": item.mode.value if item.mode else "",
        "difficulty": str(item.difficulty),
        "tags": "; ".join(item.tags),
        "muscle": item.muscle or "",
        "prompt": item.prompt,
        "answer": ("true" if item.answer else "false")
        if isinstance(item.answer, bool)
        else (item.answer or ""),
        "regions": "; ".join(item.regions),
        "explanation": item.explanation,
    }
    for n, choice in enumerate(item.choices, 1):
        row[f"choice_{n}"] = choice.muscle if isinstance(choice, MuscleChoice) else choice.text
        row[f"choice_{n}_correct"] = "true" if choice.correct else ""
        row[f"choice_{n}_feedback"] = choice.feedback or ""
    for n, pair in enumerate(item.pairs, 1):
        row[f"pair_{n}_left"], row[f"pair_{n}_right"] = pair.left, pair.right
    for n, distractor in enumerate(item.distractors, 1):
        row[f"distractor_{n}"] = distractor
    for n, ref in enumerate(item.references, 1):
        row[f"reference_{n}"], row[f"reference_{n}_where"] = ref.key, ref.where or ""
    return row


def render(items: list[Item]) -> bytes:
    """The items as CSV (UTF-8 with BOM, CRLF as RFC 4180 says), header first."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=COLUMNS, restval="")
    writer.writeheader()
    for item in items:
        if representable(item) is None:
            writer.writerow(_row(item))
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def template(items: list[Item]) -> bytes:
    """A CSV to fill in: the header and, as examples, the first item of each type (and body-map
    mode) among ``items`` (real items, so every example is valid as it stands)."""
    examples: dict[tuple[str, str | None], Item] = {}
    for item in items:
        examples.setdefault((item.type.value, item.mode), item)
    return render(list(examples.values()))
