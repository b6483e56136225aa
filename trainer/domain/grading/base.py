"""The grading framework: results, rating proposals, response parsing, graders, the registry.

The question types themselves live in the sibling modules (:mod:`.flashcard`,
:mod:`.true_false`, :mod:`.choices`, :mod:`.matching`, :mod:`.regions`), each registering its
grader with :func:`register`; importing :mod:`trainer.domain.grading` imports them all. See the
package docstring for type keys, response formats, scores and proposed ratings. The helpers
with a leading underscore are shared by those modules and not meant for use outside the package.
"""

from __future__ import annotations

import random
import re
from abc import ABC, abstractmethod
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any, ClassVar

from trainer.domain.scheduling import Rating

#: An answer given in at most this many milliseconds is "quick": together with a right answer
#: and the learner's "too easy" mark it proposes Easy. Callers cap durations at 60 s, so this
#: threshold sits well inside the measured range. Eight seconds is enough to read a short prompt
#: and answer from memory, not to work an answer out.
QUICK_MS = 8_000

#: The lowest score of a partly right answer (multiple_response, matching, select_regions) that
#: proposes Hard rather than Again: at least half right, net of wrong picks.
PARTIAL_THRESHOLD = 0.5

_INDEX_RE = re.compile(r"[+-]?[0-9]+")


class InvalidResponse(ValueError):
    """A response that does not fit its question; the message says what is wrong."""


class UnknownItemType(LookupError):
    """Content whose type (or body_map mode) has no registered grader."""


# --- results ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Presentation:
    """How to show an item: nothing secret, only orders.

    ``choice_order``: original choice indices in display order (empty for items without
    choices). ``right_options``: the right-hand options of a matching item -- the distinct rights
    and the distractors -- in display order (empty for other items). Lefts keep file order.
    """

    choice_order: tuple[int, ...] = ()
    right_options: tuple[str, ...] = ()


@dataclass(frozen=True)
class TrueFalseDetail:
    expected: bool
    given: bool


@dataclass(frozen=True)
class ChoiceDetail:
    """single_choice, multiple_response and identify_muscle: indices into ``content["choices"]``.

    ``feedback``: ``(index, text)`` for each chosen choice that has feedback, by index.
    """

    correct: frozenset[int]
    chosen: frozenset[int]
    feedback: tuple[tuple[int, str], ...] = ()

    @property
    def hits(self) -> frozenset[int]:
        """Correct choices that were chosen."""
        return self.correct & self.chosen

    @property
    def missed(self) -> frozenset[int]:
        """Correct choices that were not chosen."""
        return self.correct - self.chosen

    @property
    def wrong(self) -> frozenset[int]:
        """Chosen choices that are not correct."""
        return self.chosen - self.correct


@dataclass(frozen=True)
class MatchRow:
    """One left of a matching item: its index in ``content["pairs"]``, text and answers."""

    left_index: int
    left: str
    expected: str
    given: str | None  # None: unanswered

    @property
    def correct(self) -> bool:
        return self.given == self.expected


@dataclass(frozen=True)
class MatchingDetail:
    rows: tuple[MatchRow, ...]

    @property
    def right_lefts(self) -> frozenset[int]:
        """Indices of the lefts matched correctly."""
        return frozenset(r.left_index for r in self.rows if r.correct)

    @property
    def wrong_lefts(self) -> frozenset[int]:
        """Indices of the lefts matched wrongly or left unanswered."""
        return frozenset(r.left_index for r in self.rows if not r.correct)


@dataclass(frozen=True)
class RegionDetail:
    """body_map select_regions: the correct regions and the (de-duplicated) selection."""

    expected: frozenset[str]
    selected: frozenset[str]

    @property
    def hit(self) -> frozenset[str]:
        return self.expected & self.selected

    @property
    def missed(self) -> frozenset[str]:
        return self.expected - self.selected

    @property
    def wrong(self) -> frozenset[str]:
        """Selected regions that are not correct (extras)."""
        return self.selected - self.expected


Detail = TrueFalseDetail | ChoiceDetail | MatchingDetail | RegionDetail


@dataclass(frozen=True)
class Evaluation:
    """What a grader finds, before a rating is proposed."""

    correct: bool
    score: float
    detail: Detail | None = None


@dataclass(frozen=True)
class GradeResult:
    """The outcome of one answer.

    ``correct``: fully right. ``score``: 0..1. ``proposed_rating``: the rating offered to the
    learner (see the package docstring). ``detail``: per-part detail for the type, ``None`` for a
    flashcard. ``self_rated``: the rating is the learner's own (flashcards).
    """

    type_key: str
    correct: bool
    score: float
    proposed_rating: Rating
    detail: Detail | None = None
    self_rated: bool = False


# --- ratings ------------------------------------------------------------------------------------


def is_quick(duration_ms: int) -> bool:
    """Whether an answer took at most ``QUICK_MS``."""
    return duration_ms <= QUICK_MS


def propose_rating(
    *, correct: bool, score: float, partial_credit: bool, duration_ms: int, too_easy: bool
) -> Rating:
    """The rating the product spec proposes for an answer.

    Right -> Good, or Easy when also quick and marked "too easy". Wrong -> Again, except that a
    type with partial credit proposes Hard for ``PARTIAL_THRESHOLD <= score`` (and not right).
    """
    if correct:
        return Rating.EASY if too_easy and is_quick(duration_ms) else Rating.GOOD
    if partial_credit and score >= PARTIAL_THRESHOLD:
        return Rating.HARD
    return Rating.AGAIN


# --- response parsing ---------------------------------------------------------------------------


def _describe(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, int | float):
        return f"the number {value!r}"
    if isinstance(value, str):
        return f"the text {value!r}"
    if isinstance(value, Mapping):
        return "an object"
    if isinstance(value, list | tuple):
        return "a list"
    return f"a {type(value).__name__}"


def _field(response: Any, name: str) -> Any:
    if not isinstance(response, Mapping):
        raise InvalidResponse(
            f"the response must be an object of fields, not {_describe(response)}"
        )
    if name not in response:
        raise InvalidResponse(f"the response has no {name!r} field")
    return response[name]


def _index(value: Any, count: int, what: str) -> int:
    """An index in ``range(count)`` from an int or a string of digits."""
    if isinstance(value, str) and _INDEX_RE.fullmatch(value):
        index = int(value)
    elif isinstance(value, int) and not isinstance(value, bool):
        index = value
    else:
        raise InvalidResponse(f"{what} must be a whole number, not {_describe(value)}")
    if not 0 <= index < count:
        raise InvalidResponse(
            f"{what} {index} is out of range: this question has {count} (numbered 0 to {count - 1})"
        )
    return index


def _list(value: Any, name: str) -> Sequence[Any]:
    if not isinstance(value, list | tuple):
        raise InvalidResponse(f"{name!r} must be a list, not {_describe(value)}")
    return value


def _net_score(right: int, wrong: int, needed: int) -> float:
    """``max(0, (right - wrong) / needed)``; 1 for an empty key answered empty."""
    if needed == 0:
        return 0.0 if wrong else 1.0
    return max(0.0, (right - wrong) / needed)


# --- graders and the registry -------------------------------------------------------------------


class Grader(ABC):
    """A question type: how to present its items and grade a response.

    Subclasses set ``key`` (the type key) and ``partial_credit`` (whether a partly right answer
    proposes Hard) and implement :meth:`evaluate`. Graders are stateless.
    """

    key: ClassVar[str]
    partial_credit: ClassVar[bool] = False

    def present(self, content: Mapping[str, Any], rng: random.Random) -> Presentation:
        """The display order for ``content``; by default nothing to shuffle."""
        return Presentation()

    @abstractmethod
    def evaluate(self, content: Mapping[str, Any], response: Any) -> Evaluation:
        """Check ``response`` (raising :class:`InvalidResponse` if malformed)."""

    @abstractmethod
    def correct_response(self, content: Mapping[str, Any]) -> dict[str, Any]:
        """The response that is fully right (a flashcard: recalled, rated Good)."""

    def grade(
        self, content: Mapping[str, Any], response: Any, *, duration_ms: int, too_easy: bool
    ) -> GradeResult:
        found = self.evaluate(content, response)
        rating = propose_rating(
            correct=found.correct,
            score=found.score,
            partial_credit=self.partial_credit,
            duration_ms=duration_ms,
            too_easy=too_easy,
        )
        return GradeResult(
            type_key=self.key,
            correct=found.correct,
            score=found.score,
            proposed_rating=rating,
            detail=found.detail,
        )


_REGISTRY: dict[str, Grader] = {}

#: Type key -> grader (read-only view; add types with :func:`register`).
GRADERS: Mapping[str, Grader] = MappingProxyType(_REGISTRY)


def register(cls: type[Grader]) -> type[Grader]:
    """Class decorator: register an instance of ``cls`` under ``cls.key``."""
    if cls.key in _REGISTRY:
        raise ValueError(f"a grader is already registered for {cls.key!r}")
    _REGISTRY[cls.key] = cls()
    return cls


def type_key(content: Mapping[str, Any]) -> str:
    """The registry key of an item: its ``type``, or ``body_map:<mode>`` for body-map items."""
    if not isinstance(content, Mapping):
        raise TypeError(f"content must be a mapping, not {type(content).__name__}")
    kind = content.get("type")
    if kind == "body_map":
        return f"body_map:{content.get('mode')}"
    return str(kind)


def grader_for(content: Mapping[str, Any]) -> Grader:
    """The registered grader for ``content`` (:class:`UnknownItemType` if none)."""
    key = type_key(content)
    try:
        return _REGISTRY[key]
    except KeyError:
        known = ", ".join(sorted(_REGISTRY))
        raise UnknownItemType(f"no grader for question type {key!r} (known: {known})") from None
