"""The editor's data (a plain dict of what the author typed) <-> an item as the bank file holds it.

``to_raw`` builds the item mapping that ``validation.check_item`` checks with the bank's rules:
empty optional fields are left out (as in a file), rich text is split into plain text for the
content and cleaned HTML for display. ``from_version`` turns a stored version back into editor
data. Field paths of problems are the bank's (``choices[2].text``); ``form_path`` maps them to the
editor's field names.
"""

from __future__ import annotations

import re
from typing import Any

from trainer.bank.richtext import split_rich

#: Type keys the editor offers, with their labels.
TYPE_LABELS = {
    "flashcard": "Flashcard",
    "single_choice": "Single choice",
    "multiple_response": "Multiple response",
    "true_false": "True/false",
    "matching": "Matching",
    "body_map:select_regions": "Body map: select the referral zone",
    "body_map:identify_muscle": "Body map: identify the muscle",
}

_TAG_SPLIT = re.compile(r"[,\s]+")


def _text(value: Any) -> str:
    return value.strip() if isinstance(value, str) else ""


def _optional(value: Any) -> str | None:
    text = _text(value)
    return text or None


def to_raw(data: dict[str, Any], type_key: str, item_id: str) -> tuple[dict, dict[str, str]]:
    """(item mapping for the bank's validator, rich HTML by field)."""
    kind, _, mode = type_key.partition(":")
    raw: dict[str, Any] = {"id": item_id, "type": kind}
    if mode:
        raw["mode"] = mode
    raw["difficulty"] = data.get("difficulty")
    tags = [t for t in _TAG_SPLIT.split(_text(data.get("tags"))) if t]
    if tags:
        raw["tags"] = tags
    if muscle := _optional(data.get("muscle")):
        raw["muscle"] = muscle
    rich: dict[str, str] = {}
    for key in ("prompt", "explanation"):
        plain, html = split_rich(_text(data.get(key)))
        raw[key] = plain
        if html is not None:
            rich[key] = html
    if kind == "flashcard":
        raw["answer"] = _text(data.get("answer_text"))
    elif kind == "true_false":
        raw["answer"] = {"true": True, "false": False}.get(data.get("answer_bool"))
    elif kind in ("single_choice", "multiple_response"):
        raw["choices"] = [_choice("text", c) for c in data.get("choices", [])]
    elif kind == "matching":
        raw["pairs"] = [
            {"left": _text(p.get("left")), "right": _text(p.get("right"))}
            for p in data.get("pairs", [])
        ]
        distractors = [line.strip() for line in _text(data.get("distractors")).splitlines()]
        if any(distractors):
            raw["distractors"] = [d for d in distractors if d]
    elif kind == "body_map":
        raw["regions"] = list(data.get("regions") or [])
        if mode == "identify_muscle":
            raw["choices"] = [_choice("muscle", c) for c in data.get("muscle_choices", [])]
    raw["references"] = [
        {"key": _text(r.get("key")), **({"where": w} if (w := _optional(r.get("where"))) else {})}
        for r in data.get("references", [])
    ]
    # Keep the bank's key order, so the content equals a file-made item's.
    return raw, rich


def _choice(label: str, data: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {label: _text(data.get(label))}
    if data.get("correct"):
        out["correct"] = True
    if feedback := _optional(data.get("feedback")):
        out["feedback"] = feedback
    return out


def from_content(content: dict[str, Any], rich: dict[str, str] | None) -> dict[str, Any]:
    """Editor data for a stored version (rich text where the version has it)."""
    rich = rich or {}
    mode = content.get("mode")
    data: dict[str, Any] = {
        "difficulty": content.get("difficulty"),
        "tags": ", ".join(content.get("tags", ())),
        "muscle": content.get("muscle") or "",
        "prompt": rich.get("prompt", content.get("prompt", "")),
        "explanation": rich.get("explanation", content.get("explanation", "")),
        "references": [
            {"key": r["key"], "where": r.get("where") or ""} for r in content.get("references", ())
        ],
        "regions": list(content.get("regions", ())),
        "pairs": [dict(p) for p in content.get("pairs", ())],
        "distractors": "\n".join(content.get("distractors", ())),
        "choices": [],
        "muscle_choices": [],
    }
    answer = content.get("answer")
    if content["type"] == "flashcard":
        data["answer_text"] = answer or ""
    elif content["type"] == "true_false":
        data["answer_bool"] = "true" if answer else "false"
    choices = [
        {
            "text": c.get("text", ""),
            "muscle": c.get("muscle", ""),
            "correct": bool(c.get("correct")),
            "feedback": c.get("feedback") or "",
        }
        for c in content.get("choices", ())
    ]
    data["muscle_choices" if mode == "identify_muscle" else "choices"] = choices
    return data


def type_key_of(content: dict[str, Any]) -> str:
    kind = content["type"]
    return f"{kind}:{content['mode']}" if kind == "body_map" else kind


def form_path(path: str, type_key: str) -> str:
    """The editor field a bank problem belongs to: ``answer`` -> ``answer_text``,
    ``choices[1].muscle`` -> ``muscle_choices[1].muscle``, ``regions[3]`` -> ``regions``..."""
    head, _, rest = path.partition(".")
    base = head.split("[", 1)[0]
    if base == "answer":
        return "answer_text" if type_key == "flashcard" else "answer_bool"
    if base in ("regions", "tags", "distractors"):
        return base
    if base == "choices" and type_key == "body_map:identify_muscle":
        return "muscle_choices" + path[len("choices") :]
    if base in ("mode", "type", "id"):
        return ""  # fixed by the editor: shown in the summary only
    return path if rest or "[" in head else base


def list_action(data: dict[str, Any], action: str) -> bool:
    """Apply an ``add:choices`` / ``remove:pairs:2`` / ``up:references:1`` / ``down:...`` button
    to ``data`` in place; False when ``action`` is not one."""
    parts = action.split(":")
    lists = ("choices", "muscle_choices", "pairs", "references")
    if len(parts) < 2 or parts[1] not in lists or parts[0] not in ("add", "remove", "up", "down"):
        return False
    rows = data.setdefault(parts[1], [])
    if parts[0] == "add":
        rows.append({})
        return True
    if len(parts) != 3 or not parts[2].isdigit() or int(parts[2]) >= len(rows):
        return True  # a stale button: nothing to move, the form is shown again unchanged
    index = int(parts[2])
    if parts[0] == "remove":
        rows.pop(index)
    elif parts[0] == "up" and index > 0:
        rows[index - 1], rows[index] = rows[index], rows[index - 1]
    elif parts[0] == "down" and index + 1 < len(rows):
        rows[index + 1], rows[index] = rows[index], rows[index + 1]
    return True


def blank(type_key: str) -> dict[str, Any]:
    """Editor data for a new item of this type: empty rows to type into."""
    kind = type_key.split(":")[0]
    data: dict[str, Any] = {
        "difficulty": 2,
        "references": [{}],
        "choices": [],
        "pairs": [],
        "muscle_choices": [],
        "regions": [],
    }
    if kind in ("single_choice", "multiple_response"):
        data["choices"] = [{}, {}, {}, {}]
    elif kind == "matching":
        data["pairs"] = [{}, {}, {}]
    elif type_key == "body_map:identify_muscle":
        data["muscle_choices"] = [{}, {}, {}, {}]
    return data


def keep_order(picked: list[str], before: list[str] | tuple[str, ...]) -> list[str]:
    """Picked regions in the item's existing order, new ones after (in the figure's order).

    The checkbox list submits regions in figure order; a file may list them otherwise. Keeping
    the old order means re-saving an unchanged item makes no new version.
    """
    chosen = set(picked)
    kept = [r for r in before if r in chosen]
    return kept + [r for r in picked if r not in set(kept)]
