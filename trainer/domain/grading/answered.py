"""Whether a response answers anything at all ("not answered" is not "wrong").

Graders grade what they are given: an empty "select all that apply" scores 0 like any other
wrong answer. Whether an empty response may be graded is the caller's rule: studying refuses it
(nothing is recorded), and a quiz will count it as "not answered". Both ask here, so the two
agree on what "empty" means. Pure: no Flask, no ORM.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from trainer.domain.grading.base import type_key

#: The field each type's response carries its answer in.
_FIELD = {
    "flashcard": "rating",
    "true_false": "answer",
    "single_choice": "choice",
    "body_map:identify_muscle": "choice",
    "multiple_response": "choices",
    "matching": "pairs",
    "body_map:select_regions": "regions",
}

#: What to ask for when a response is empty, in Moodle's wording style.
_ASK = {
    "flashcard": "Choose a rating.",
    "true_false": "Choose True or False.",
    "single_choice": "Choose an answer.",
    "body_map:identify_muscle": "Choose a muscle.",
    "multiple_response": "Choose at least one answer.",
    "matching": "Choose at least one match.",
    "body_map:select_regions": "Choose at least one region.",
}


def _blank(value: Any) -> bool:
    return value is None or value == "" or (isinstance(value, list | tuple) and not value)


def is_empty_response(content: Mapping[str, Any], response: Any) -> bool:
    """True when ``response`` gives no answer to ``content``: its answer field is missing,
    null, an empty string or an empty list, or (matching) no left has an answer.

    No response at all (``None``) is empty too. Any other response that is not an object is
    not "empty" but malformed: that is for the grader to refuse (:class:`InvalidResponse`).
    A partly answered matching item is not empty.
    """
    if response is None:
        return True
    if not isinstance(response, Mapping):
        return False
    field = _FIELD.get(type_key(content))
    if field is None:
        return False
    value = response.get(field)
    if isinstance(value, Mapping):
        return all(_blank(v) for v in value.values())
    return _blank(value)


def not_answered_message(content: Mapping[str, Any]) -> str:
    """The request to make when a response to ``content`` is empty ("Choose at least one …")."""
    return _ASK.get(type_key(content), "Choose an answer.")
