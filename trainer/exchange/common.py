"""What every exchange format shares: the parse result, errors, and turning a parsed question
into a bank ``Item`` through the bank's own item rules (``trainer.bank.items.read_item``).

A format's parser produces ``Draft``s: the question as a mapping in the topic-file shape
(``prompt``, ``choices: [{text, correct, feedback}]``, ...). ``finish`` gives each draft a
stable id, checks it exactly as a YAML item is checked, and checks the file as a whole
(duplicate ids and prompts), so an imported item obeys the rules of a file-made one.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import unquote

from trainer.bank.fields import Checker, Entry
from trainer.bank.items import Context, read_item
from trainer.bank.loader import Document
from trainer.bank.model import Bank, Item
from trainer.bank.richtext import strip_tags, to_plain
from trainer.bank.spec import ITEM_ID_RE, SLUG_RE, TOPIC_PREFIXES, ItemType, normalise

#: Difficulty of a question whose file says none (Moodle, GIFT and CSV files from elsewhere).
DEFAULT_DIFFICULTY = 2
#: Moodle's category path context prefixes and its "top" category, which name no topic.
_CONTEXT_SEGMENTS = {"$course$", "$cat$", "$system$", "$module$", "top"}


@dataclass(frozen=True)
class ExchangeError:
    """One fault in an imported file: where (line or question name), which field, what."""

    file: str
    line: int | None
    question: str
    field: str
    message: str

    def to_json(self) -> dict[str, Any]:
        return {
            "line": self.line,
            "question": self.question,
            "field": self.field,
            "message": self.message,
        }

    def __str__(self) -> str:
        where = self.file + (f":{self.line}" if self.line is not None else "")
        what = ".".join(x for x in (self.question and repr(self.question), self.field) if x)
        return f"{where}: {what + ': ' if what else ''}{self.message}"


@dataclass(frozen=True)
class Skipped:
    """A question of a type this bank cannot hold."""

    name: str
    type: str
    reason: str
    line: int | None = None

    def to_json(self) -> dict[str, Any]:
        return {"name": self.name, "type": self.type, "reason": self.reason}


@dataclass(frozen=True)
class ImportedItem:
    """A valid item read from a file, with what the file called it and where."""

    item: Item
    name: str
    line: int | None
    category: str
    fractions: tuple[float, ...] = ()  # per choice, as the file gave them (empty: none)
    media: tuple[str, ...] = ()  # embedded files the question's text refers to

    def to_json(self) -> dict[str, Any]:
        item = self.item
        fractions = self.fractions or tuple(1.0 if c.correct else 0.0 for c in item.choices)
        return {
            "name": self.name,
            "id": item.id,
            "type": item.type.value,
            "prompt": item.prompt,
            "choices": [
                {"text": getattr(c, "text", None) or getattr(c, "muscle", ""), "fraction": f}
                for c, f in zip(item.choices, fractions, strict=False)
            ],
            "pairs": [{"left": p.left, "right": p.right} for p in item.pairs]
            + [{"left": "", "right": d} for d in item.distractors],
            "answer": item.answer,
            "category": self.category,
        }


@dataclass
class ParseResult:
    items: list[ImportedItem] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    errors: list[ExchangeError] = field(default_factory=list)
    media: dict[str, bytes] = field(default_factory=dict)  # embedded files by name

    @property
    def ok(self) -> bool:
        return not self.errors


@dataclass(frozen=True)
class ImportContext:
    """What imported items are checked against: the current bank (muscles, references, regions,
    topics, items) and every item id in use (retired ones too, so none is handed out twice).
    ``bank=None`` checks the file on its own, skipping the checks that need the bank."""

    bank: Bank | None = None
    taken_ids: Collection[str] = ()


@dataclass
class Draft:
    """One question as a parser read it, before ids and the bank's rules."""

    name: str
    line: int | None
    category: str
    data: dict[str, Any]  # the item mapping as in a topic file, without ``id``
    topic: str | None = None
    explicit_id: str | None = None  # a name of the form ``ref-001``
    fractions: tuple[float, ...] = ()
    media: tuple[str, ...] = ()


#: The item types Moodle's GIFT and XML formats hold (neither has a body map).
MOODLE_TYPES = (
    ItemType.FLASHCARD,
    ItemType.TRUE_FALSE,
    ItemType.SINGLE_CHOICE,
    ItemType.MULTIPLE_RESPONSE,
    ItemType.MATCHING,
)


def decode_text(data: str | bytes, filename: str, result: ParseResult) -> str | None:
    """The file as text (UTF-8, a BOM dropped), or None with the error added to ``result``."""
    if isinstance(data, str):
        return data
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        result.errors.append(ExchangeError(filename, None, "", "", f"not UTF-8 ({exc.reason})"))
        return None


def topic_and_tags(category: str, bank: Bank | None) -> tuple[str | None, list[str]]:
    """The topic a category path names, and tags from its deeper segments.

    Segments are split as Moodle's ``split_category_path`` does (``/`` separates, ``//`` is a
    literal slash). The first segment that is a topic id, slugs to one (``Referral patterns``),
    or equals a topic's title is the topic; the segments after it become tags.
    """
    segments = [s.strip() for s in category.replace("//", "\0").split("/")]
    segments = [s.replace("\0", "/") for s in segments if s and s not in _CONTEXT_SEGMENTS]
    titles = {t.title.casefold(): t.id for t in bank.topics} if bank is not None else {}
    for i, segment in enumerate(segments):
        topic = titles.get(segment.casefold()) or slugify(segment)
        if topic in TOPIC_PREFIXES:
            return topic, [s for s in (slugify(x) for x in segments[i + 1 :]) if s]
    return None, []


def slugify(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.casefold()).strip("-")


def default_name(prompt: str) -> str:
    """A name for an unnamed question: the start of its text (Moodle does the same)."""
    words = " ".join(prompt.split())
    return words if len(words) <= 60 else words[:57].rstrip() + "..."


def finish(drafts: list[Draft], result: ParseResult, filename: str, ctx: ImportContext) -> None:
    """Assign ids, check every draft with the bank's item rules, then the file as a whole."""
    bank = ctx.bank
    check_ctx = Context()
    if bank is not None:
        check_ctx = Context(
            regions=set(bank.regions) or None,
            muscle_ids={m.id for m in bank.muscles},
            zones={m.id: m.referral_zone for m in bank.muscles},
            reference_keys=set(bank.references),
        )
    known_topics = {t.id for t in bank.topics} if bank is not None else set(TOPIC_PREFIXES)
    ids = _assign_ids(drafts, result, filename, ctx)
    first_line: dict[str, Draft] = {}
    for draft, item_id in zip(drafts, ids, strict=True):
        if draft.topic is None:
            known = ", ".join(TOPIC_PREFIXES)
            result.errors.append(
                ExchangeError(
                    filename,
                    draft.line,
                    draft.name,
                    "category",
                    f"category {draft.category!r} names no topic (a segment must be one of: "
                    f"{known})",
                )  # fmt: skip
            )
            continue
        if draft.topic not in known_topics:
            message = (
                f"topic {draft.topic!r} is not in the database (run `flask bank import`)"
                if bank is not None and draft.topic in TOPIC_PREFIXES
                else f"unknown topic {draft.topic!r} (known: {', '.join(TOPIC_PREFIXES)})"
            )
            result.errors.append(ExchangeError(filename, draft.line, draft.name, "topic", message))
            continue
        if item_id is None:
            continue
        if item_id in first_line:
            other = first_line[item_id]
            message = f"duplicate id {item_id!r} (also {other.name!r}, line {other.line})"
            result.errors.append(ExchangeError(filename, draft.line, draft.name, "id", message))
            continue
        first_line[item_id] = draft
        item = _check(draft, item_id, filename, check_ctx, result)
        if item is not None:
            result.items.append(
                ImportedItem(
                    item, draft.name, draft.line, draft.category, draft.fractions, draft.media
                )
            )
    _duplicate_prompts(result, filename, bank)


def _check(
    draft: Draft, item_id: str, filename: str, ctx: Context, result: ParseResult
) -> Item | None:
    mapping = {"id": item_id, **{k: v for k, v in draft.data.items() if v not in (None, [], ())}}
    # Fields.boolean reads how YAML spelled a boolean; ours are real booleans, spelled plainly
    chk = Checker(Document(filename, mapping, raw=dict(_spelled_booleans(mapping, ""))))
    item = read_item(chk, Entry(chk, mapping, "", ""), draft.topic or "", ctx)
    for problem in chk.problems:
        name = problem.field.removeprefix(item_id).removeprefix(".")
        result.errors.append(ExchangeError(filename, draft.line, draft.name, name, problem.message))
    return item


def _spelled_booleans(value: Any, path: str):
    if isinstance(value, bool):
        yield path, "true" if value else "false"
    elif isinstance(value, dict):
        for key, child in value.items():
            yield from _spelled_booleans(child, f"{path}.{key}" if path else key)
    elif isinstance(value, list):
        for i, child in enumerate(value):
            yield from _spelled_booleans(child, f"{path}[{i}]")


def _assign_ids(
    drafts: list[Draft], result: ParseResult, filename: str, ctx: ImportContext
) -> list[str | None]:
    """Stable ids: the file's own (``ref-001``), else the id of the bank item in the same topic
    with the same prompt (so re-importing a file updates it), else the next free number."""
    existing: dict[tuple[str, str], str] = {}
    if ctx.bank is not None:
        existing = {(i.topic, normalise(i.prompt)): i.id for i in ctx.bank.items}
    in_use = set(ctx.taken_ids) | set(existing.values())
    taken = in_use | {d.explicit_id for d in drafts if d.explicit_id}
    ids: list[str | None] = []
    for draft in drafts:
        if draft.explicit_id or draft.topic not in TOPIC_PREFIXES:
            ids.append(draft.explicit_id)
            continue
        prompt = draft.data.get("prompt")
        found = existing.get((draft.topic, normalise(prompt))) if isinstance(prompt, str) else None
        if found is None:
            found = _next_free(TOPIC_PREFIXES[draft.topic], taken, in_use)
            if found is None:
                message = f"no free id left in topic {draft.topic!r}"
                result.errors.append(ExchangeError(filename, draft.line, draft.name, "id", message))
            else:
                taken.add(found)
        ids.append(found)
    return ids


def _next_free(prefix: str, taken: set[str], in_use: set[str]) -> str | None:
    """The number after the highest one in use in the bank (so new items go at the end and an
    id in the file does not push the numbering), skipping ids taken in the file."""
    numbers = [int(m[2]) for t in in_use if (m := ITEM_ID_RE.match(t)) and m[1] == prefix]
    free = [n for n in range(1, 1000) if f"{prefix}-{n:03d}" not in taken]
    later = [n for n in free if n > max(numbers, default=0)]
    chosen = (later or free or [None])[0]
    return None if chosen is None else f"{prefix}-{chosen:03d}"


def _duplicate_prompts(result: ParseResult, filename: str, bank: Bank | None) -> None:
    """The bank's rule that no two items share a prompt, across the file and the bank."""
    others = {normalise(i.prompt): i.id for i in bank.items} if bank is not None else {}
    seen: dict[str, ImportedItem] = {}
    keep = []
    for imported in result.items:
        key = normalise(imported.item.prompt)
        where = None
        if key in seen:
            where = f"same as {seen[key].name!r}, line {seen[key].line}"
        elif others.get(key, imported.item.id) != imported.item.id:
            where = f"same as bank item {others[key]}"
        if where:
            result.errors.append(
                ExchangeError(
                    filename, imported.line, imported.name, "prompt", f"duplicate prompt ({where})"
                )
            )
            continue
        seen[key] = imported
        keep.append(imported)
    result.items = keep


def explicit_id(*names: str | None) -> str | None:
    """The first name that is an item id (``ref-001``): our exports name questions so."""
    for name in names:
        if name and ITEM_ID_RE.match(name.strip()):
            return name.strip()
    return None


def is_slug(text: str) -> bool:
    return bool(SLUG_RE.match(text))


def merge_tags(*groups: list[str]) -> list[str]:
    out: list[str] = []
    for group in groups:
        out += [t for t in group if t not in out]
    return out


_IMG = re.compile(r"<img\b[^>]*>", re.IGNORECASE)
_ATTR = re.compile(r'(src|alt)\s*=\s*(?:"([^"]*)"|\'([^\']*)\')', re.IGNORECASE)
PLUGINFILE = "@@PLUGINFILE@@/"


def image_refs(text: str) -> list[str]:
    """The embedded files (``@@PLUGINFILE@@/name``) that the HTML's images show."""
    out = []
    for tag in _IMG.findall(text):
        attrs = {m[1].lower(): m[2] or m[3] for m in _ATTR.finditer(tag)}
        src = attrs.get("src", "")
        if src.startswith(PLUGINFILE):
            out.append(_unquote(src.removeprefix(PLUGINFILE)))
    return out


def _unquote(name: str) -> str:
    return unquote(name)


def bank_text(text: str, fmt: str) -> str:
    """A text of the given Moodle format as the plain text the bank holds.

    html: sanitised with nh3, then plain (an image becomes ``[image: alt]`` so the prompt says
    one was there); moodle (auto-format): tags dropped, line breaks kept; plain and markdown:
    as written.
    """
    if fmt in ("html",):

        def placeholder(match: re.Match[str]) -> str:
            attrs = {m[1].lower(): m[2] or m[3] for m in _ATTR.finditer(match[0])}
            label = attrs.get("alt") or _unquote(attrs.get("src", "").rsplit("/", 1)[-1])
            return f" [image: {label}] " if label else " "

        return to_plain(_IMG.sub(placeholder, text))
    if fmt in ("moodle", "moodle_auto_format"):
        return strip_tags(text)
    return text.strip()
