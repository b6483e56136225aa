"""Validate a bank directory, reporting every problem at once (file, line, field, message)."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, replace
from pathlib import Path

from trainer.bank.catalogue import read_muscles, read_references
from trainer.bank.fields import Checker, Entry
from trainer.bank.items import Context, read_item
from trainer.bank.loader import load_yaml
from trainer.bank.model import Bank, Item, Topic
from trainer.bank.problems import BankError, Problem, sort_problems
from trainer.bank.regions import DEFAULT_SVG, read_regions
from trainer.bank.spec import SLUG_RE, TOPIC_FILE_KEYS, TOPIC_KEYS, TOPIC_PREFIXES, normalise


@dataclass(frozen=True)
class _Seen:
    """An id or prompt met in a topic file, for the checks across files."""

    value: str
    file: str
    line: int | None
    label: str


def validate_bank(
    path: str | Path, svg_path: str | Path | None = None
) -> tuple[Bank | None, list[Problem]]:
    """Read and check the bank in ``path``; return ``(bank, [])`` or ``(None, problems)``.

    ``svg_path`` is the body-map figure that defines the region ids (default: the app's
    ``trainer/static/bodymap/bodymap.svg``). Problems are sorted by file, then line.
    """
    bank_dir = Path(path)
    if not bank_dir.is_dir():
        return None, [Problem("", None, "", f"no bank directory at {bank_dir}")]
    svg = Path(svg_path) if svg_path is not None else DEFAULT_SVG
    problems: list[Problem] = []

    regions, found = read_regions(svg, Path(os.path.relpath(svg, bank_dir)).as_posix())
    problems += found
    ctx = Context(regions=regions or None)

    references, chk = {}, _check(bank_dir, "references.yaml", problems)
    if chk is not None:
        references, ctx.reference_keys = read_references(chk)
        ctx.reference_kinds = {key: ref.kind for key, ref in references.items()}
        problems += chk.problems

    muscles, chk = [], _check(bank_dir, "muscles.yaml", problems)
    if chk is not None:
        muscles, ctx.muscle_ids = read_muscles(chk, ctx)
        ctx.zones = {m.id: m.referral_zone for m in muscles}
        problems += chk.problems

    topics: list[Topic] = []
    items: list[Item] = []
    ids: list[_Seen] = []
    prompts: list[_Seen] = []
    topic_dir = bank_dir / "topics"
    if not topic_dir.is_dir():
        problems.append(Problem("topics", None, "", "missing directory of topic files"))
    for file in sorted(topic_dir.iterdir()) if topic_dir.is_dir() else ():
        name = f"topics/{file.name}"
        if file.name.startswith("."):
            continue
        if not file.is_file() or file.suffix != ".yaml":
            problems.append(Problem(name, None, "", "not a topic file (<topic-id>.yaml)"))
            continue
        chk = _check(bank_dir, name, problems)
        if chk is None:
            continue
        topic, topic_items = _read_topic(chk, file.stem, ctx, ids, prompts)
        problems += chk.problems
        if topic is not None:
            topics.append(topic)
        items += topic_items

    problems += _duplicates(ids, "id") + _duplicates(prompts, "prompt")
    if problems:
        return None, sort_problems(problems)
    bank = Bank(tuple(topics), tuple(items), tuple(muscles), references, regions)
    return bank, []


def load_bank(path: str | Path, svg_path: str | Path | None = None) -> Bank:
    """The valid bank in ``path``; raises ``BankError`` listing every problem otherwise."""
    bank, problems = validate_bank(path, svg_path)
    if bank is None:
        raise BankError(problems)
    return bank


def _check(bank_dir: Path, name: str, problems: list[Problem]) -> Checker | None:
    path = bank_dir / name
    if not path.is_file():
        problems.append(Problem(name, None, "", "missing file"))
        return None
    doc, found = load_yaml(path, name)
    problems += [_relabel(p, doc.data) for p in found] if doc is not None else found
    return Checker(doc) if doc is not None else None


_ENTRY_RE = re.compile(r"^(items\[\d+\]|muscles\[\d+\]|references\.[^.\[]+)(.*)$", re.DOTALL)


def _relabel(problem: Problem, data: object) -> Problem:
    """Name an entry by its id, as the checks do: ``items[3].prompt`` -> ``ref-004.prompt``."""
    match = _ENTRY_RE.match(problem.field)
    if match is None or not isinstance(data, dict):
        return problem
    head, rest = match.groups()
    if head.startswith("references."):
        return replace(problem, field=head.removeprefix("references.") + rest)
    key, index = head[:-1].split("[")
    entries = data.get(key)
    entry = entries[int(index)] if isinstance(entries, list) else None
    entry_id = entry.get("id") if isinstance(entry, dict) else None
    if isinstance(entry_id, str) and SLUG_RE.match(entry_id):
        return replace(problem, field=entry_id + rest)
    return problem


def _read_topic(
    chk: Checker, stem: str, ctx: Context, ids: list[_Seen], prompts: list[_Seen]
) -> tuple[Topic | None, list[Item]]:
    root = Entry(chk, chk.doc.data, "", "").mapping(TOPIC_FILE_KEYS, "topic and items")
    if root is None:
        return None, []
    topic = None
    topic_id = stem
    if (entry := root.require("topic")) is not None and (
        tf := entry.mapping(TOPIC_KEYS, "id, title, description")
    ) is not None:
        before = len(chk.problems)
        found_id = tf.slug("id", SLUG_RE, "topic id (lowercase-hyphenated)")
        if found_id is not None and found_id != stem:
            tf.report(
                "id", f"topic id {found_id!r} does not match the file name {stem + '.yaml'!r}"
            )
        elif found_id is not None and found_id not in TOPIC_PREFIXES:
            known = ", ".join(TOPIC_PREFIXES)
            tf.report("id", f"unknown topic {found_id!r} (known: {known}; see bank/spec.py)")
        topic_id = found_id or stem
        title, description = tf.text("title"), tf.text("description", required=False)
        if len(chk.problems) == before and title:
            topic = Topic(topic_id, title, description)

    items = []
    for entry in root.entries("items") or ():
        item = read_item(chk, entry, topic_id, ctx)
        if item is not None:
            items.append(item)
        if isinstance(entry.value, dict):
            raw_id, raw_prompt = entry.value.get("id"), entry.value.get("prompt")
            label = raw_id if isinstance(raw_id, str) and SLUG_RE.match(raw_id) else entry.label
            if isinstance(raw_id, str) and raw_id:
                line = chk.doc.line(f"{entry.path}.id")
                ids.append(_Seen(raw_id, chk.doc.file, line, f"{label}.id"))
            if isinstance(raw_prompt, str) and raw_prompt.strip():
                line = chk.doc.line(f"{entry.path}.prompt")
                prompts.append(_Seen(normalise(raw_prompt), chk.doc.file, line, label))
    return topic, items


def _duplicates(seen: list[_Seen], what: str) -> list[Problem]:
    first: dict[str, _Seen] = {}
    problems = []
    for s in seen:
        if s.value in first:
            other = first[s.value]
            where = f"{other.file} line {other.line}"
            if what == "prompt":
                message = f"duplicate prompt (same as {other.label}, {where})"
                problems.append(Problem(s.file, s.line, f"{s.label}.prompt", message))
            else:
                problems.append(Problem(s.file, s.line, s.label, f"duplicate id (also {where})"))
        else:
            first[s.value] = s
    return problems
