"""Random guess score: the mean fraction a learner would score by picking at random.

Each of our question types follows the ``get_random_guess_score`` of the Moodle question type it
corresponds to (question/type/*/questiontype.php in moodle/moodle). The score is a fraction of
the item's max mark (Moodle's report prints it times 100), or ``None`` where Moodle returns null.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from trainer.domain import grading
from trainer.domain.item_analysis.arithmetic import running_sum

# Types a pick is a single choice among ``content["choices"]``.
_SINGLE_CHOICE_TYPES = frozenset({"single_choice", "body_map:identify_muscle"})


def random_guess_score(content: Mapping[str, Any]) -> float | None:
    """The random guess score of a bank item (the content dict the grading registry takes).

    * ``true_false``: 0.5, as question/type/truefalse/questiontype.php
      ``qtype_truefalse::get_random_guess_score``.
    * ``single_choice`` and ``body_map:identify_muscle``: the mean over the choices of the
      fraction picking that choice earns, as question/type/multichoice/questiontype.php
      ``qtype_multichoice::get_random_guess_score`` for single-answer questions; each choice's
      fraction comes from our own grader, so it is 1/n for one right choice among n.
    * ``multiple_response`` and ``body_map:select_regions`` (select all that apply): ``None``,
      as the same Moodle function for multiple-answer questions ("Pretty much impossible to
      compute ... Don't try").
    * ``matching``: 1 / the number of right-hand options (distinct rights and distractors), as
      question/type/match/questiontype.php ``qtype_match::get_random_guess_score``.
    * ``flashcard`` and anything unknown: ``None``; a self-rated card has no pick to guess,
      like Moodle's question types that return null (e.g. qtype_description).
    """
    try:
        key = grading.type_key(content)
    except (grading.UnknownItemType, KeyError, TypeError):
        return None
    if key == "true_false":
        return 0.5
    if key in _SINGLE_CHOICE_TYPES:
        choices = content.get("choices") or ()
        if not choices:
            return None  # qtype_multichoice: "A multi-choice question with no choices"
        grader = grading.grader_for(content)
        fractions = [
            grader.evaluate(content, {"choice": index}).score for index in range(len(choices))
        ]
        return running_sum(fractions) / len(fractions)
    if key == "matching":
        options = grading.MatchingGrader.options(content)
        return 1 / len(options) if options else None
    return None
