"""Flags on weak items, each with the reason in words.

The thresholds are the issue's; "dubious" is Moodle's own test
(mod/quiz/report/statistics/statistics_table.php, ``is_dubious_question``: a numeric
discriminative efficiency below 15 %).
"""

from __future__ import annotations

from dataclasses import dataclass

from trainer.domain.item_analysis.choices import ChoiceAnalysis
from trainer.domain.item_analysis.item_statistics import ItemStatistics

TOO_EASY_ABOVE = 0.95  # facility, as a fraction of the max mark
TOO_HARD_BELOW = 0.20
DUBIOUS_BELOW = 15.0  # discriminative efficiency, percent

TOO_EASY = "too_easy"
TOO_HARD = "too_hard"
DUBIOUS = "dubious"
NEGATIVE_DISCRIMINATION = "negative_discrimination"
UNPICKED_DISTRACTOR = "unpicked_distractor"


@dataclass(frozen=True)
class Flag:
    code: str
    reason: str


def item_flags(stats: ItemStatistics, choices: ChoiceAnalysis | None = None) -> tuple[Flag, ...]:
    """The flags of one item.

    Facility flags need at least 2 attempts: Moodle's statistics table shows no facility
    column below that (statistics_table.php, ``statistics_setup``: ``if ($s > 1)``). The other
    figures are ``None`` below 2 attempts anyway, and no flag is raised on a ``None``.
    """
    flags: list[Flag] = []
    if stats.facility is not None and stats.s > 1:
        if stats.facility > TOO_EASY_ABOVE:
            flags.append(Flag(TOO_EASY, f"facility {stats.facility:.1%} is above 95%"))
        elif stats.facility < TOO_HARD_BELOW:
            flags.append(Flag(TOO_HARD, f"facility {stats.facility:.1%} is below 20%"))
    efficiency = stats.discriminative_efficiency
    if efficiency is not None and efficiency < DUBIOUS_BELOW:
        flags.append(
            Flag(DUBIOUS, f"discriminative efficiency {efficiency:.1f}% is below 15% (dubious)")
        )
    index = stats.discrimination_index
    if index is not None and index < 0:
        flags.append(
            Flag(
                NEGATIVE_DISCRIMINATION,
                f"discrimination index {index:.1f}% is negative: learners who did well on the "
                "rest of the test did worse here (check the key)",
            )
        )
    for choice in choices.unpicked_distractors if choices else ():
        name = f"{choice.id!r} ({choice.label})" if choice.label else repr(choice.id)
        flags.append(
            Flag(
                UNPICKED_DISTRACTOR,
                f"distractor {name} was picked in none of {choices.s} attempt(s)",
            )
        )
    return tuple(flags)
