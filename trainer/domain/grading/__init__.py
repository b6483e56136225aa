"""Grading: a registry of question types, each able to present and grade its items.

Modelled on CTFd's registries of challenge and flag classes: every question type has a
:class:`Grader` registered under a *type key*, and the rest of the app only calls
:func:`present` and :func:`grade` (or :func:`grader_for`). Pure Python: no Flask, no ORM, no
clock, no global random state. Items arrive as the JSON-able dict of ``Item.to_content()``
(``trainer.bank.model``), which the bank has already validated; responses arrive as plain dicts
from a parsed form or JSON body and are *not* trusted.

Modules
    :mod:`.base` holds the results, rating proposals, response parsing, the :class:`Grader` base
    class and the registry; :mod:`.flashcard`, :mod:`.true_false`, :mod:`.choices`,
    :mod:`.matching` and :mod:`.regions` each register the graders of one family of question
    types, and importing this package imports them all. Import from the package, not the modules.

Type keys
    ``flashcard``, ``true_false``, ``single_choice``, ``multiple_response``, ``matching``,
    ``body_map:select_regions`` and ``body_map:identify_muscle`` (``body_map`` items are keyed by
    their ``mode``).

Presentation
    :func:`present` shuffles the choices of choice items and the right-hand options of matching
    items (the distinct rights plus the distractors) with ``random.Random(seed)``, so the same
    seed always gives the same order. Responses always name ORIGINAL choice indices and
    right-hand option texts (the UI maps the shuffled display back), so grading never depends on
    the presentation.

Responses (extra fields are ignored; anything malformed raises :class:`InvalidResponse`)
    ``true_false``: ``{"answer": true | false}`` (the strings ``"true"``/``"false"`` are accepted
    too, as a form sends them).
    ``single_choice`` and ``body_map:identify_muscle``: ``{"choice": <index>}``.
    ``multiple_response``: ``{"choices": [<index>, ...]}``, possibly empty; repeats count once.
    ``matching``: ``{"pairs": {<left index>: <right option text>}}``; a left that is missing,
    ``null`` or ``""`` is unanswered and counts as wrong; giving one left two different answers
    (e.g. under the keys ``0`` and ``"0"``) is invalid.
    ``body_map:select_regions``: ``{"regions": ["<region id>", ...]}``, possibly empty; repeats
    count once; a well-formed id that is not a correct region counts as a wrong (extra) selection.
    Empty responses (nothing chosen) are graded like any other: :func:`is_empty_response` tells
    callers that refuse them (studying) or count them as "not answered" (quizzes).
    ``flashcard``: ``{"rating": 1..4}`` -- flashcards are self-rated: the learner's own rating
    is the proposed rating and the result has ``self_rated=True`` (duration and "too easy" are
    ignored).
    An index is an ``int`` or a string of digits (``"2"``), counted from 0 in the item's
    ``choices`` (or ``pairs`` for a matching left) in file order.

Scores and proposed ratings (the product spec)
    ``score`` is in 0..1 and ``correct`` means fully right (score 1).

    * ``true_false``, ``single_choice``, ``body_map:identify_muscle``: all or nothing.
    * ``multiple_response``: ``max(0, (right picks - wrong picks) / number of correct choices)``.
    * ``matching``: the share of lefts matched to their right.
    * ``body_map:select_regions``: ``max(0, (hit regions - wrong regions) / number of correct
      regions)`` -- the same rule as multiple_response, since selecting regions is a "select all
      that apply" over the figure.

    Each wrong pick cancels one right pick, so selecting everything scores 0 whenever there are
    at least as many wrong options as right ones, and never scores 1 while a wrong option exists.

    Proposed rating: a fully right answer proposes **Good**, or **Easy** when it was also quick
    (``duration_ms <= QUICK_MS``) and the learner marked it "too easy". A partly right answer --
    only the three partial-credit types, with ``PARTIAL_THRESHOLD <= score < 1`` -- proposes
    **Hard** (never Easy). Anything else proposes **Again**.
"""

from __future__ import annotations

import random
from collections.abc import Mapping
from typing import Any

from trainer.domain.grading.base import (
    GRADERS,
    PARTIAL_THRESHOLD,
    QUICK_MS,
    ChoiceDetail,
    Detail,
    Evaluation,
    Grader,
    GradeResult,
    InvalidResponse,
    MatchingDetail,
    MatchRow,
    Presentation,
    RegionDetail,
    TrueFalseDetail,
    UnknownItemType,
    grader_for,
    is_quick,
    propose_rating,
    register,
    type_key,
)

# Importing the question types registers their graders, in this order (the order of GRADERS).
# The grader classes stay reachable as attributes of this package.
# isort: off
from trainer.domain.grading.flashcard import FlashcardGrader as FlashcardGrader
from trainer.domain.grading.true_false import TrueFalseGrader as TrueFalseGrader
from trainer.domain.grading.choices import IdentifyMuscleGrader as IdentifyMuscleGrader
from trainer.domain.grading.choices import MultipleResponseGrader as MultipleResponseGrader
from trainer.domain.grading.choices import SingleChoiceGrader as SingleChoiceGrader
from trainer.domain.grading.matching import MatchingGrader as MatchingGrader
from trainer.domain.grading.regions import SelectRegionsGrader as SelectRegionsGrader
# isort: on
from trainer.domain.grading.answered import is_empty_response, not_answered_message

__all__ = [
    "GRADERS",
    "PARTIAL_THRESHOLD",
    "QUICK_MS",
    "ChoiceDetail",
    "Detail",
    "Evaluation",
    "GradeResult",
    "Grader",
    "InvalidResponse",
    "MatchRow",
    "MatchingDetail",
    "Presentation",
    "RegionDetail",
    "TrueFalseDetail",
    "UnknownItemType",
    "grade",
    "grader_for",
    "is_empty_response",
    "is_quick",
    "not_answered_message",
    "present",
    "propose_rating",
    "register",
    "type_key",
]


# --- the app's entry points ---------------------------------------------------------------------


def correct_response(content: Mapping[str, Any]) -> dict[str, Any]:
    """The fully right response to ``content`` (for demos, tests and benchmarks)."""
    return grader_for(content).correct_response(content)


def present(content: Mapping[str, Any], seed: int) -> Presentation:
    """The display order of ``content`` for ``seed``: the same seed always gives the same order."""
    if isinstance(seed, bool) or not isinstance(seed, int):
        raise TypeError(f"seed must be an int, not {type(seed).__name__}")
    # Not a security use of randomness: a seeded generator makes the shuffle reproducible.
    rng = random.Random(seed)  # noqa: S311
    return grader_for(content).present(content, rng)


def grade(
    content: Mapping[str, Any], response: Any, *, duration_ms: int, too_easy: bool = False
) -> GradeResult:
    """Grade ``response`` to ``content`` and propose a rating.

    ``duration_ms``: time to answer, a non-negative int (callers cap it at 60 s).
    ``too_easy``: the learner's "too easy" mark. Raises :class:`InvalidResponse` for a malformed
    response and :class:`UnknownItemType` for content no grader handles.
    """
    if isinstance(duration_ms, bool) or not isinstance(duration_ms, int):
        raise TypeError(f"duration_ms must be an int, not {type(duration_ms).__name__}")
    if duration_ms < 0:
        raise ValueError(f"duration_ms must not be negative, got {duration_ms}")
    return grader_for(content).grade(
        content, response, duration_ms=duration_ms, too_easy=bool(too_easy)
    )
