"""Write a bank in the bank's own format: deterministic, block-style, human-friendly YAML.

``load(write(bank)) == bank`` and writing twice gives byte-identical files. Files are written
into ``out_dir`` (topics/<id>.yaml, muscles.yaml, references.yaml); other files there are left
alone. The body-map SVG is not copied: it belongs to the app.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml

from trainer.bank.model import Bank, Muscle, Topic

WIDTH = 88  # PyYAML may pass it by one word
FOLD_AT = 72  # longer one-line texts are written folded (>-)
_FLOW_MAX = 80  # short lists of short words are written inline: [a, b, c]
_PLAIN_WORD = re.compile(r"^[A-Za-z0-9][A-Za-z0-9 ()'/-]*$")


class _Flow(list):
    """A list to write inline when it is short."""


class _Dumper(yaml.SafeDumper):
    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
        # indent list items under their key, as the README does
        super().increase_indent(flow, False)


def _str(dumper: yaml.SafeDumper, data: str) -> yaml.ScalarNode:
    style = None
    if "\n" in data:
        style = "|"
    elif len(data) > FOLD_AT and data == " ".join(data.split()):
        style = ">"  # PyYAML mis-folds leading, doubled or trailing spaces: leave those quoted
    return dumper.represent_scalar("tag:yaml.org,2002:str", data, style=style)


def _flow(dumper: yaml.SafeDumper, data: _Flow) -> yaml.SequenceNode:
    inline = sum(len(x) + 2 for x in data) <= _FLOW_MAX and all(
        isinstance(x, str) and _PLAIN_WORD.match(x) for x in data
    )
    return dumper.represent_sequence("tag:yaml.org,2002:seq", list(data), flow_style=inline)


_Dumper.add_representer(str, _str)
_Dumper.add_representer(_Flow, _flow)


def _yaml(data: dict[str, Any]) -> str:
    return yaml.dump(
        data,
        Dumper=_Dumper,
        sort_keys=False,
        allow_unicode=True,
        width=WIDTH,
        default_flow_style=False,
        indent=2,
    )


def _spaced(text: str, entry: re.Pattern[str]) -> str:
    """A blank line before every entry but the first, for reading and for diffs."""
    out: list[str] = []
    first = True
    for line in text.splitlines(keepends=True):
        if entry.match(line):
            if not first:
                out.append("\n")
            first = False
        out.append(line)
    return "".join(out)


def dump_topic(bank: Bank, topic: Topic) -> str:
    """The YAML of one topic file."""
    head: dict[str, Any] = {"id": topic.id, "title": topic.title}
    if topic.description is not None:
        head["description"] = topic.description
    items = []
    for item in bank.items_in(topic.id):
        content = {"id": item.id, **item.to_content()}
        for key in ("tags", "regions"):
            if key in content:
                content[key] = _Flow(content[key])
        items.append(content)
    text = _yaml({"topic": head}) + "\n" + _yaml({"items": items})
    return _spaced(text, re.compile(r"^  - id: "))


def _muscle(muscle: Muscle) -> dict[str, Any]:
    out: dict[str, Any] = {"id": muscle.id, **muscle.to_content()}
    for tp in out["trigger_points"]:
        tp["referral_regions"] = _Flow(tp["referral_regions"])
    if "mimics" in out:
        out["mimics"] = _Flow(out["mimics"])
    return out


def dump_muscles(bank: Bank) -> str:
    """The YAML of muscles.yaml."""
    text = _yaml({"muscles": [_muscle(m) for m in bank.muscles]})
    return _spaced(text, re.compile(r"^  - id: "))


def dump_references(bank: Bank) -> str:
    """The YAML of references.yaml."""
    refs = {key: ref.to_content() for key, ref in bank.references.items()}
    text = _yaml({"references": refs}) if refs else "references: {}\n"
    return _spaced(text, re.compile(r"^  \S"))


def write_bank(bank: Bank, out_dir: str | Path) -> list[Path]:
    """Write the bank's files into ``out_dir`` (created if needed); return the paths written."""
    out = Path(out_dir)
    (out / "topics").mkdir(parents=True, exist_ok=True)
    files = {
        out / "references.yaml": dump_references(bank),
        out / "muscles.yaml": dump_muscles(bank),
    }
    for topic in bank.topics:
        files[out / "topics" / f"{topic.id}.yaml"] = dump_topic(bank, topic)
    for path, text in files.items():
        path.write_text(text, encoding="utf-8", newline="\n")
    return list(files)
