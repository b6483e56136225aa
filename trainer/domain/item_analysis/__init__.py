"""Item analysis of quizzes: Moodle's quiz statistics, computed exactly as Moodle computes them.

Pure Python (no Flask, no ORM). Give :func:`analyse` the finished attempts -- each a mark per
item -- and, where known, per-item :class:`ItemInfo` (random guess score, choices); it returns
per-item and per-quiz figures in the units of Moodle's quiz statistics report, with flags on weak
items. ``flask --app trainer quiz analyse`` runs the same function on a marks CSV.

Modules
    :mod:`.marks` the input (attempts, marks, which attempts count); :mod:`.marks_csv` reading
    a marks CSV; :mod:`.item_statistics` per-item figures
    (question/classes/statistics/questions/calculator.php); :mod:`.quiz_statistics` per-quiz
    figures (mod/quiz/report/statistics/classes/calculator.php); :mod:`.random_guess` each
    question type's random guess score (question/type/*/questiontype.php);
    :mod:`.choices` per-choice counts; :mod:`.flags` flags and their reasons; :mod:`.report`
    the report's units, :func:`analyse` and the JSON shape.

Units (as Moodle's report prints them)
    Item: facility, sd and random guess score as fractions of the max mark; intended weight,
    effective weight, discrimination index and discriminative efficiency in percent. Quiz: n;
    mean, median, sd and standard error in marks; skewness and kurtosis as numbers; cic and
    error ratio in percent. ``None`` where Moodle's figure is null (too few attempts, zero
    variance, a zero max mark, ...).
"""

from trainer.domain.item_analysis.choices import (
    Choice,
    ChoiceAnalysis,
    ChoiceCount,
    choice_counts,
    choices_from_content,
    picked_choices,
)
from trainer.domain.item_analysis.flags import Flag, item_flags
from trainer.domain.item_analysis.item_statistics import (
    ItemStatistics,
    item_statistics,
    sum_of_mark_variance,
)
from trainer.domain.item_analysis.marks import (
    Attempt,
    ItemMark,
    MarksError,
    WhichAttempts,
    check_attempts,
    select_attempts,
)
from trainer.domain.item_analysis.marks_csv import MarksCsvError, read_marks_csv
from trainer.domain.item_analysis.quiz_statistics import QuizStatistics, quiz_statistics
from trainer.domain.item_analysis.random_guess import random_guess_score
from trainer.domain.item_analysis.report import (
    Analysis,
    ItemInfo,
    ItemReport,
    analyse,
    analysis_to_dict,
)

__all__ = [
    "Analysis",
    "Attempt",
    "Choice",
    "ChoiceAnalysis",
    "ChoiceCount",
    "Flag",
    "ItemInfo",
    "ItemMark",
    "ItemReport",
    "ItemStatistics",
    "MarksCsvError",
    "MarksError",
    "QuizStatistics",
    "WhichAttempts",
    "analyse",
    "analysis_to_dict",
    "check_attempts",
    "choice_counts",
    "choices_from_content",
    "item_flags",
    "item_statistics",
    "picked_choices",
    "quiz_statistics",
    "random_guess_score",
    "read_marks_csv",
    "select_attempts",
    "sum_of_mark_variance",
]
