"""The bank as plain, immutable objects. No I/O here: see ``validate`` and ``dump``.

Items convert losslessly to and from a JSON-able dict (``to_content``/``from_content``): the
database stores each question version's content in that form, and ``content_hash`` tells an
importer whether an item changed.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from trainer.bank.spec import BodyMapMode, ItemType, MuscleGroup, ReferenceKind, ReferralSource


@dataclass(frozen=True)
class Reference:
    """One source in references.yaml."""

    key: str
    citation: str
    kind: ReferenceKind
    pmid: str | None = None
    doi: str | None = None
    url: str | None = None
    title: str | None = None  # the work's exact title, as in its own record

    def to_content(self) -> dict[str, Any]:
        """The entry as in references.yaml (without its key), empty fields left out."""
        out: dict[str, Any] = {} if self.title is None else {"title": self.title}
        out["citation"] = self.citation
        for name in ("pmid", "doi", "url"):
            if getattr(self, name) is not None:
                out[name] = getattr(self, name)
        out["kind"] = self.kind.value
        return out

    @classmethod
    def from_content(cls, data: Mapping[str, Any], *, key: str) -> Reference:
        return cls(
            key=key,
            citation=data["citation"],
            kind=ReferenceKind(data["kind"]),
            pmid=data.get("pmid"),
            doi=data.get("doi"),
            url=data.get("url"),
            title=data.get("title"),
        )


@dataclass(frozen=True)
class SourceRef:
    """A citation of a reference by an item or muscle: its key and where in the source."""

    key: str
    where: str | None = None

    def to_content(self) -> dict[str, Any]:
        out: dict[str, Any] = {"key": self.key}
        if self.where is not None:
            out["where"] = self.where
        return out

    @classmethod
    def from_content(cls, data: Mapping[str, Any]) -> SourceRef:
        return cls(key=data["key"], where=data.get("where"))


@dataclass(frozen=True)
class TriggerPoint:
    name: str
    location: str | None  # None where our sources do not verify the location
    referral_regions: tuple[str, ...]


@dataclass(frozen=True)
class Muscle:
    id: str
    name: str
    group: MuscleGroup
    trigger_points: tuple[TriggerPoint, ...]
    references: tuple[SourceRef, ...]
    mimics: tuple[str, ...] = ()
    notes: str | None = None
    # None only for content stored before the field existed; the files always give it
    referral_source: ReferralSource | None = None

    @property
    def referral_zone(self) -> frozenset[str]:
        """The union of the trigger points' referral regions."""
        return frozenset(r for tp in self.trigger_points for r in tp.referral_regions)

    def to_content(self) -> dict[str, Any]:
        """The entry as in muscles.yaml (without its id), in the file's key order."""
        out: dict[str, Any] = {"name": self.name, "group": self.group.value}
        out["trigger_points"] = [
            {
                "name": tp.name,
                "location": tp.location,
                "referral_regions": list(tp.referral_regions),
            }
            for tp in self.trigger_points
        ]
        if self.referral_source is not None:
            out["referral_source"] = self.referral_source.value
        if self.mimics:
            out["mimics"] = list(self.mimics)
        if self.notes is not None:
            out["notes"] = self.notes
        out["references"] = [ref.to_content() for ref in self.references]
        return out

    @classmethod
    def from_content(cls, data: Mapping[str, Any], *, id: str) -> Muscle:
        return cls(
            id=id,
            name=data["name"],
            group=MuscleGroup(data["group"]),
            trigger_points=tuple(
                TriggerPoint(tp["name"], tp["location"], tuple(tp["referral_regions"]))
                for tp in data["trigger_points"]
            ),
            references=tuple(SourceRef.from_content(r) for r in data["references"]),
            mimics=tuple(data.get("mimics", ())),
            notes=data.get("notes"),
            referral_source=(
                ReferralSource(data["referral_source"]) if data.get("referral_source") else None
            ),
        )


@dataclass(frozen=True)
class Topic:
    id: str
    title: str
    description: str | None = None


@dataclass(frozen=True)
class Choice:
    """A choice of a single_choice or multiple_response item."""

    text: str
    correct: bool = False
    feedback: str | None = None

    def to_content(self) -> dict[str, Any]:
        return _choice_content("text", self.text, self.correct, self.feedback)


def _choice_content(label: str, value: str, correct: bool, feedback: str | None) -> dict[str, Any]:
    """A choice as in the file: ``correct`` only when true, ``feedback`` only when given."""
    out: dict[str, Any] = {label: value}
    if correct:
        out["correct"] = True
    if feedback is not None:
        out["feedback"] = feedback
    return out


@dataclass(frozen=True)
class MuscleChoice:
    """A choice of a body_map identify_muscle item: a muscle id from muscles.yaml."""

    muscle: str
    correct: bool = False
    feedback: str | None = None

    def to_content(self) -> dict[str, Any]:
        return _choice_content("muscle", self.muscle, self.correct, self.feedback)


@dataclass(frozen=True)
class Pair:
    left: str
    right: str

    def to_content(self) -> dict[str, Any]:
        return {"left": self.left, "right": self.right}


@dataclass(frozen=True)
class Item:
    """One question. Fields that a type does not use keep their empty default.

    flashcard: ``answer`` (str); true_false: ``answer`` (bool); single_choice and
    multiple_response: ``choices`` of ``Choice``; matching: ``pairs`` and ``distractors``;
    body_map: ``mode``, ``regions`` and, for identify_muscle, ``choices`` of ``MuscleChoice``.
    """

    id: str
    topic: str
    type: ItemType
    difficulty: int
    prompt: str
    explanation: str
    references: tuple[SourceRef, ...]
    tags: tuple[str, ...] = ()
    muscle: str | None = None
    answer: str | bool | None = None
    mode: BodyMapMode | None = None
    regions: tuple[str, ...] = ()
    choices: tuple[Choice, ...] | tuple[MuscleChoice, ...] = ()
    pairs: tuple[Pair, ...] = ()
    distractors: tuple[str, ...] = ()

    def to_content(self) -> dict[str, Any]:
        """The item as a JSON-able dict without ``id`` and ``topic``, keys in the file's order.

        Empty optional fields are left out, so equal items give equal dicts.
        """
        out: dict[str, Any] = {"type": self.type.value}
        if self.mode is not None:
            out["mode"] = self.mode.value
        out["difficulty"] = self.difficulty
        if self.tags:
            out["tags"] = list(self.tags)
        if self.muscle is not None:
            out["muscle"] = self.muscle
        out["prompt"] = self.prompt
        if self.answer is not None:
            out["answer"] = self.answer
        if self.regions:
            out["regions"] = list(self.regions)
        if self.choices:
            out["choices"] = [c.to_content() for c in self.choices]
        if self.pairs:
            out["pairs"] = [p.to_content() for p in self.pairs]
        if self.distractors:
            out["distractors"] = list(self.distractors)
        out["explanation"] = self.explanation
        out["references"] = [r.to_content() for r in self.references]
        return out

    @classmethod
    def from_content(cls, content: Mapping[str, Any], *, id: str, topic: str) -> Item:
        """Rebuild an item from ``to_content()`` output (trusted data: no validation here)."""
        mode = BodyMapMode(content["mode"]) if content.get("mode") is not None else None
        choices: tuple[Choice, ...] | tuple[MuscleChoice, ...]
        if mode is BodyMapMode.IDENTIFY_MUSCLE:
            choices = tuple(
                MuscleChoice(c["muscle"], bool(c.get("correct", False)), c.get("feedback"))
                for c in content.get("choices", ())
            )
        else:
            choices = tuple(
                Choice(c["text"], bool(c.get("correct", False)), c.get("feedback"))
                for c in content.get("choices", ())
            )
        return cls(
            id=id,
            topic=topic,
            type=ItemType(content["type"]),
            difficulty=content["difficulty"],
            prompt=content["prompt"],
            explanation=content["explanation"],
            references=tuple(SourceRef.from_content(r) for r in content["references"]),
            tags=tuple(content.get("tags", ())),
            muscle=content.get("muscle"),
            answer=content.get("answer"),
            mode=mode,
            regions=tuple(content.get("regions", ())),
            choices=choices,
            pairs=tuple(Pair(p["left"], p["right"]) for p in content.get("pairs", ())),
            distractors=tuple(content.get("distractors", ())),
        )

    def content_hash(self) -> str:
        """sha256 (hex) of the canonical JSON of ``to_content()``."""
        return content_hash(self.to_content())


def content_hash(content: Mapping[str, Any]) -> str:
    """sha256 (hex) of a content dict as canonical JSON (sorted keys, no spaces, UTF-8)."""
    canonical = json.dumps(content, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class Bank:
    """A whole, valid bank. Topics are in file-name order, items in topic then file order."""

    topics: tuple[Topic, ...]
    items: tuple[Item, ...]
    muscles: tuple[Muscle, ...]
    references: dict[str, Reference] = field(default_factory=dict)
    regions: dict[str, str] = field(default_factory=dict)  # region id -> name, from the SVG

    @cached_property
    def _items_by_id(self) -> dict[str, Item]:
        return {item.id: item for item in self.items}

    @cached_property
    def _muscles_by_id(self) -> dict[str, Muscle]:
        return {m.id: m for m in self.muscles}

    def item(self, item_id: str) -> Item:
        """The item with this id (KeyError if none)."""
        return self._items_by_id[item_id]

    def muscle(self, muscle_id: str) -> Muscle:
        """The muscle with this id (KeyError if none)."""
        return self._muscles_by_id[muscle_id]

    def items_in(self, topic_id: str) -> tuple[Item, ...]:
        """The topic's items in file order."""
        return tuple(item for item in self.items if item.topic == topic_id)
