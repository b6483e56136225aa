"""Typed reads from parsed YAML that report, rather than raise, every problem they meet."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from trainer.bank.loader import Document, child_path
from trainer.bank.problems import Problem
from trainer.bank.spec import HTML_TAG_RE

_TYPE_NAMES = {bool: "a boolean", int: "a number", float: "a number", type(None): "empty"}


@dataclass
class Checker:
    """Collects the problems of one document."""

    doc: Document
    problems: list[Problem] = field(default_factory=list)

    def report(self, path: str, label: str, message: str) -> None:
        self.problems.append(Problem(self.doc.file, self.doc.line(path), label, message))

    def describe(self, path: str, value: Any) -> str:
        """How YAML read a value, for messages: ``'yes' (read as a boolean)``."""
        kind = _TYPE_NAMES.get(type(value), type(value).__name__)
        if isinstance(value, list):
            kind = "a list"
        elif isinstance(value, dict):
            kind = "a mapping"
        raw = self.doc.raw.get(path)
        return f"{raw!r} (read as {kind})" if raw is not None else kind


@dataclass
class Entry:
    """A value with its path (for line look-up) and label (for reports)."""

    chk: Checker
    value: Any
    path: str
    label: str

    def report(self, message: str) -> None:
        self.chk.report(self.path, self.label, message)

    def text(self, *, allow_none: bool = False) -> str | None:
        """The value as non-empty plain text, or None (reported unless ``allow_none``)."""
        value = self.value
        if value is None and allow_none:
            return None
        if not isinstance(value, str):
            if value is None:
                self.report("must not be empty")
            else:
                hint = "; put it in quotes" if self.path in self.chk.doc.raw else ""
                self.report(f"must be text, not {self.chk.describe(self.path, value)}{hint}")
            return None
        if not value.strip():
            self.report("must not be empty")
            return None
        if HTML_TAG_RE.search(value):
            self.report("must be plain text (found an HTML tag)")
            return None
        return value

    def slug(self, pattern: re.Pattern[str], what: str) -> str | None:
        value = self.text()
        if value is not None and not pattern.match(value):
            self.report(f"{value!r} is not a valid {what}")
            return None
        return value

    def entries(self) -> list[Entry] | None:
        if not isinstance(self.value, list):
            self.report(f"must be a list, not {self.chk.describe(self.path, self.value)}")
            return None
        return [
            Entry(self.chk, v, child_path(self.path, i), child_path(self.label, i))
            for i, v in enumerate(self.value)
        ]

    def mapping(self, allowed: Iterable[str], what: str) -> Fields | None:
        if not isinstance(self.value, dict):
            self.report(
                f"must be a mapping ({what}), not {self.chk.describe(self.path, self.value)}"
            )
            return None
        fields = Fields(self.chk, self.value, self.path, self.label)
        fields.check_keys(allowed)
        return fields


@dataclass
class Fields:
    """A mapping being read field by field."""

    chk: Checker
    data: dict[str, Any]
    path: str
    label: str

    def get(self, key: str) -> Entry:
        return Entry(
            self.chk, self.data.get(key), child_path(self.path, key), child_path(self.label, key)
        )

    def has(self, key: str) -> bool:
        return key in self.data

    def report(self, key: str, message: str) -> None:
        self.get(key).report(message)

    def check_keys(self, allowed: Iterable[str], note: str = "") -> None:
        allowed = tuple(allowed)
        for key in self.data:
            if key not in allowed:
                extra = note or f"expected one of: {', '.join(allowed)}"
                self.report(key, f"unknown field {key!r} ({extra})")

    def require(self, key: str) -> Entry | None:
        if key not in self.data:
            Entry(self.chk, None, self.path, child_path(self.label, key)).report(
                "missing required field"
            )
            return None
        return self.get(key)

    def text(self, key: str, *, required: bool = True, allow_none: bool = False) -> str | None:
        """Plain text. An optional field may also be ``null``, which means the same as absent."""
        entry = self.require(key) if required else (self.get(key) if self.has(key) else None)
        return entry.text(allow_none=allow_none or not required) if entry is not None else None

    def slug(
        self, key: str, pattern: re.Pattern[str], what: str, *, required: bool = True
    ) -> str | None:
        entry = self.require(key) if required else (self.get(key) if self.has(key) else None)
        return entry.slug(pattern, what) if entry is not None else None

    def boolean(self, key: str) -> bool | None:
        """A required true/false (YAML 1.1 spellings such as ``yes`` are reported)."""
        entry = self.require(key)
        if entry is None:
            return None
        raw = self.chk.doc.raw.get(entry.path, "")
        if not isinstance(entry.value, bool):
            entry.report(f"must be true or false, not {self.chk.describe(entry.path, entry.value)}")
            return None
        if raw.lower() not in ("true", "false"):
            entry.report(f"write true or false, not {raw!r}")  # still read as meant, so that
        return entry.value  # later checks (one correct choice...) do not pile on

    def flag(self, key: str) -> bool:
        """An optional true/false that defaults to false."""
        if not self.has(key):
            return False
        value = self.boolean(key)
        return bool(value)

    def entries(self, key: str, *, required: bool = True) -> list[Entry] | None:
        """The entries of a list field; an absent optional list gives ``[]``."""
        entry = self.require(key) if required else (self.get(key) if self.has(key) else None)
        if entry is None:
            return None if required else []
        return entry.entries()

    def texts(
        self,
        key: str,
        *,
        required: bool = True,
        pattern: re.Pattern[str] | None = None,
        what: str = "",
    ) -> tuple[str, ...] | None:
        """A list of unique texts (each matching ``pattern`` if given)."""
        found = self.text_entries(key, required=required, pattern=pattern, what=what)
        return None if found is None else tuple(value for value, _ in found)

    def text_entries(
        self,
        key: str,
        *,
        required: bool = True,
        pattern: re.Pattern[str] | None = None,
        what: str = "",
    ) -> list[tuple[str, Entry]] | None:
        """Like ``texts`` but each valid value comes with its entry, for further checks."""
        entries = self.entries(key, required=required)
        if entries is None:
            return None
        found: list[tuple[str, Entry]] = []
        seen: set[str] = set()
        for entry in entries:
            value = entry.slug(pattern, what) if pattern else entry.text()
            if value is None:
                continue
            if value in seen:
                entry.report(f"{value!r} is listed twice")
                continue
            seen.add(value)
            found.append((value, entry))
        if required and not entries:
            self.report(key, "must not be empty")
        return found
