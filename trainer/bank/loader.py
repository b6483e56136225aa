"""YAML -> plain Python values, remembering the line of every key and list entry.

``yaml.compose`` gives nodes with marks; we construct the values ourselves so that each value's
*path* (``items[3].choices[1].text``) maps to its line. Duplicate keys, which PyYAML would
silently overwrite, are reported.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from trainer.bank.problems import Problem

_STR_TAG = "tag:yaml.org,2002:str"
_MERGE_TAG = "tag:yaml.org,2002:merge"


@dataclass
class Document:
    """A parsed YAML file: its data, and for each path the line where it starts."""

    file: str
    data: Any
    lines: dict[str, int] = field(default_factory=dict)
    #: path -> source text of scalars that YAML read as something other than text
    #: (``yes`` -> True, ``1.0`` -> 1.0), so messages can say what happened.
    raw: dict[str, str] = field(default_factory=dict)

    def line(self, path: str) -> int | None:
        """The line of ``path``, or of its nearest ancestor that has one."""
        while True:
            if path in self.lines:
                return self.lines[path]
            if not path:
                return None
            path = parent_path(path)


def parent_path(path: str) -> str:
    """``a.b[2].c`` -> ``a.b[2]`` -> ``a.b`` -> ``a`` -> ``""``."""
    cut = max(path.rfind("."), path.rfind("["))
    return path[:cut] if cut > 0 else ""


def child_path(path: str, key: str | int) -> str:
    if isinstance(key, int):
        return f"{path}[{key}]"
    return f"{path}.{key}" if path else key


def load_yaml(path: Path, file: str) -> tuple[Document | None, list[Problem]]:
    """Parse one YAML file. Returns ``(None, problems)`` when it cannot be read or parsed."""
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        return None, [Problem(file, None, "", f"not UTF-8 text ({exc.reason})")]
    except OSError as exc:
        return None, [Problem(file, None, "", f"cannot read: {exc.strerror}")]
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark is not None else None
        detail = f"{exc.context} and {exc.problem}" if exc.context else str(exc.problem)
        return None, [Problem(file, line, "", f"YAML syntax error: {detail}")]
    except yaml.YAMLError as exc:
        return None, [Problem(file, None, "", f"YAML error: {exc}")]
    builder = _Builder(file)
    data = builder.build(node, "") if node is not None else None
    doc = Document(file, data, builder.lines, builder.raw)
    return doc, builder.problems


class _Builder:
    def __init__(self, file: str) -> None:
        self.file = file
        self.lines: dict[str, int] = {}
        self.raw: dict[str, str] = {}
        self.problems: list[Problem] = []
        self._constructor = yaml.SafeLoader("")
        self._active: set[int] = set()

    def _problem(self, node: yaml.Node, path: str, message: str) -> None:
        self.problems.append(Problem(self.file, node.start_mark.line + 1, path, message))

    def build(self, node: yaml.Node, path: str) -> Any:
        self.lines.setdefault(path, node.start_mark.line + 1)
        if id(node) in self._active:
            self._problem(node, path, "recursive alias")
            return None
        self._active.add(id(node))
        try:
            if isinstance(node, yaml.MappingNode):
                return self._mapping(node, path)
            if isinstance(node, yaml.SequenceNode):
                return [
                    self.build(child, child_path(path, i)) for i, child in enumerate(node.value)
                ]
            return self._scalar(node, path)
        finally:
            self._active.discard(id(node))

    def _scalar(self, node: yaml.ScalarNode, path: str) -> Any:
        try:
            value = self._constructor.construct_object(node, deep=True)
        except yaml.YAMLError as exc:
            self._problem(node, path, f"cannot read value: {getattr(exc, 'problem', exc)}")
            return None
        if node.tag != _STR_TAG:
            self.raw[path] = node.value
        return value

    def _mapping(self, node: yaml.MappingNode, path: str) -> dict[Any, Any]:
        result: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            if key_node.tag == _MERGE_TAG:
                self._problem(key_node, path, "merge keys (<<) are not supported")
                continue
            if not isinstance(key_node, yaml.ScalarNode) or key_node.tag != _STR_TAG:
                self._problem(key_node, path, f"key {key_node.value!r} must be plain text")
                continue
            key = key_node.value
            child = child_path(path, key)
            if key in result:
                first = self.lines[child]
                self._problem(key_node, child, f"duplicate key (first on line {first})")
                continue
            self.lines[child] = key_node.start_mark.line + 1
            result[key] = self.build(value_node, child)
        return result
