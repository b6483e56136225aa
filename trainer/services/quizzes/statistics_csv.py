"""The item-analysis tables as CSV rows (each table of the page has its download).

Numbers are written unrounded, in the report's units (facility and SD as fractions of the max
mark; weights, discrimination, CIC and error ratio in percent; quiz figures in marks); an
empty cell is a figure Moodle leaves undefined.
"""

from __future__ import annotations

from collections.abc import Iterator

from trainer.domain.item_analysis import Analysis


def _n(value) -> object:
    return "" if value is None else value


ITEMS_HEADER = (
    "item", "prompt", "attempts", "max_mark", "facility", "sd", "random_guess_score",
    "intended_weight", "effective_weight", "discrimination_index",
    "discriminative_efficiency", "negative_covariance", "flags",
)  # fmt: skip


def items_rows(analysis: Analysis, labels: dict[str, str]) -> Iterator[tuple]:
    for r in analysis.items:
        yield (
            r.item,
            labels.get(r.item, ""),
            r.s,
            r.max_mark,
            _n(r.facility),
            _n(r.sd),
            _n(r.random_guess_score),
            _n(r.intended_weight),
            _n(r.effective_weight),
            _n(r.discrimination_index),
            _n(r.discriminative_efficiency),
            "yes" if r.negative_covariance else "no",
            " ".join(f.code for f in r.flags),
        )


QUIZ_HEADER = ("figure", "value")
QUIZ_FIGURES = (
    "n", "mean", "median", "sd", "skewness", "kurtosis", "cic", "error_ratio", "standard_error",
)  # fmt: skip


def quiz_rows(analysis: Analysis) -> Iterator[tuple]:
    for name in QUIZ_FIGURES:
        yield (name, _n(getattr(analysis.quiz, name)))


CHOICES_HEADER = ("item", "choice", "label", "correct", "count", "frequency")


def choices_rows(analysis: Analysis) -> Iterator[tuple]:
    for r in analysis.items:
        if r.choices is None:
            continue
        for c in r.choices.choices:
            yield (r.item, c.id, c.label, "yes" if c.correct else "no", c.count, _n(c.frequency))
        yield (r.item, "", "[No response]", "", r.choices.no_response, "")


FLAGS_HEADER = ("item", "prompt", "flag", "reason")


def flags_rows(analysis: Analysis, labels: dict[str, str]) -> Iterator[tuple]:
    for r in analysis.items:
        for f in r.flags:
            yield (r.item, labels.get(r.item, ""), f.code, f.reason)


TABLES = {
    "items": (ITEMS_HEADER, lambda a, labels: items_rows(a, labels)),
    "quiz": (QUIZ_HEADER, lambda a, labels: quiz_rows(a)),
    "choices": (CHOICES_HEADER, lambda a, labels: choices_rows(a)),
    "flags": (FLAGS_HEADER, lambda a, labels: flags_rows(a, labels)),
}
