"""Turn presented cards and answer outcomes into what the study templates show.

Resolves muscle names and citations, and works out which body-map regions to colour, so that
templates only lay things out.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from sqlalchemy import select
from werkzeug.datastructures import MultiDict

from trainer.bodymap import region_names
from trainer.domain import grading
from trainer.domain.scheduling import Rating
from trainer.extensions import db
from trainer.models import BankReference, Muscle
from trainer.services.learning.study import LEECH_LAPSES, AnswerOutcome, Presented, version_rich

RATING_LABELS = {
    Rating.AGAIN: "Again",
    Rating.HARD: "Hard",
    Rating.GOOD: "Good",
    Rating.EASY: "Easy",
}


def format_interval(interval: timedelta) -> str:
    """Anki-style short labels: 1m, 10m, 3h, 4d, 2.5mo, 1.2y."""
    seconds = interval.total_seconds()
    if seconds < 3600:
        return f"{max(1, round(seconds / 60))}m"
    if seconds < 86400:
        return f"{round(seconds / 3600)}h"
    days = seconds / 86400
    if days < 30:
        return f"{round(days)}d"
    if days < 365:
        return f"{days / 30:.1f}mo".replace(".0mo", "mo")
    return f"{days / 365:.1f}y".replace(".0y", "y")


@dataclass(frozen=True)
class RatingButton:
    value: int
    label: str
    interval: str
    active: bool = False


def rating_buttons(
    intervals: dict[Rating, timedelta], active: Rating | None = None
) -> list[RatingButton]:
    return [
        RatingButton(int(r), RATING_LABELS[r], format_interval(intervals[r]), r == active)
        for r in Rating
    ]


@dataclass(frozen=True)
class ChoiceView:
    index: int
    key: int  # the number key that picks it (1-based position on screen)
    text: str


@dataclass
class CardView:
    presented: Presented
    type_key: str
    choices: list[ChoiceView] = field(default_factory=list)
    lefts: list[tuple[int, str]] = field(default_factory=list)
    right_options: list[str] = field(default_factory=list)
    shaded_regions: list[str] = field(default_factory=list)
    buttons: list[RatingButton] = field(default_factory=list)
    muscle_name: str | None = None
    muscle_zone: list[str] = field(default_factory=list)
    rich: dict[str, str] = field(default_factory=dict)  # sanitised HTML of prompt/explanation
    empty_message: str = ""  # what to ask for when nothing is chosen ("Choose at least one …")


def _muscle_names(slugs: set[str]) -> dict[str, str]:
    if not slugs:
        return {}
    return dict(
        db.session.execute(select(Muscle.slug, Muscle.name).where(Muscle.slug.in_(slugs))).all()
    )


def card_view(presented: Presented) -> CardView:
    content = presented.content
    key = grading.type_key(content)
    view = CardView(
        presented=presented,
        type_key=key,
        buttons=rating_buttons(presented.intervals),
        rich=version_rich(presented.version_id),
        empty_message=grading.not_answered_message(content),
    )
    if key == "body_map:identify_muscle":
        names = _muscle_names({c["muscle"] for c in content["choices"]})
        order = presented.presentation.choice_order
        view.choices = [
            ChoiceView(
                i,
                n + 1,
                names.get(content["choices"][i]["muscle"], content["choices"][i]["muscle"]),
            )
            for n, i in enumerate(order)
        ]
        view.shaded_regions = list(content["regions"])
    elif key in ("single_choice", "multiple_response"):
        order = presented.presentation.choice_order
        view.choices = [
            ChoiceView(i, n + 1, content["choices"][i]["text"]) for n, i in enumerate(order)
        ]
    elif key == "matching":
        view.lefts = [(i, pair["left"]) for i, pair in enumerate(content["pairs"])]
        view.right_options = list(presented.presentation.right_options)
    elif key == "flashcard" and content.get("muscle"):
        # The back of a muscle's flashcard shows its referral zone as a picture.
        view.muscle_name, view.muscle_zone = muscle_zone(content["muscle"])
    return view


def muscle_zone(slug: str) -> tuple[str | None, list[str]]:
    """A muscle's name and referral regions (empty if it is not in the catalogue)."""
    row = db.session.execute(select(Muscle).where(Muscle.slug == slug)).scalar_one_or_none()
    if row is None:
        return None, []
    zone = {r for tp in row.content["trigger_points"] for r in tp["referral_regions"]}
    return row.name, sorted(zone)


@dataclass(frozen=True)
class CitationView:
    citation: str
    where: str | None
    url: str | None


@dataclass(frozen=True)
class ChoiceRow:
    label: str
    correct: bool
    chosen: bool
    note: str | None  # the choice's feedback, shown for the chosen and the right choices
    key: int = 0  # the number key it had on the question (its place on screen)

    @property
    def state(self) -> str:
        """right (chosen, correct), missed (correct, not chosen), wrong (chosen, not correct)
        or other: said in words and shown in style, not by colour alone."""
        if self.correct:
            return "right" if self.chosen else "missed"
        return "wrong" if self.chosen else "other"


#: How each result state reads, in the list under the figure and to a screen reader.
REGION_STATE_LABELS = {"right": "Right", "missed": "Missed", "wrong": "Not in this zone"}


@dataclass
class FeedbackView:
    outcome: AnswerOutcome
    content: dict[str, Any]
    type_key: str
    correct: bool | None
    buttons: list[RatingButton]
    citations: list[CitationView]
    muscle_name: str | None = None
    muscle_zone: list[str] = field(default_factory=list)
    region_classes: dict[str, str] = field(default_factory=dict)
    region_lists: list[tuple[str, list[str]]] = field(default_factory=list)  # (state, names)
    region_label: str = "Your answer"  # the result figure's accessible name, states in words
    choice_rows: list[ChoiceRow] = field(default_factory=list)
    matching_rows: list[tuple[str, str, str | None, bool]] = field(default_factory=list)
    answer_text: str | None = None
    leech_lapses: int = LEECH_LAPSES
    rich: dict[str, str] = field(default_factory=dict)  # sanitised HTML of prompt/explanation


def _choice_rows(
    choices: list[dict[str, Any]], detail: grading.ChoiceDetail, order: tuple[int, ...]
) -> list[ChoiceRow]:
    """One row per choice in the order the learner saw them (so the keys still match)."""
    names = _muscle_names({c["muscle"] for c in choices if "muscle" in c})
    if sorted(order) != list(range(len(choices))):
        order = tuple(range(len(choices)))
    rows = []
    for position, index in enumerate(order):
        choice = choices[index]
        label = choice.get("text") or names.get(choice["muscle"], choice["muscle"])
        correct, chosen = index in detail.correct, index in detail.chosen
        note = choice.get("feedback") if correct or chosen else None
        rows.append(ChoiceRow(label, correct, chosen, note, key=position + 1))
    return rows


def _region_lists(detail: grading.RegionDetail) -> list[tuple[str, list[str]]]:
    names = region_names()
    position = {region: n for n, region in enumerate(names)}

    def order(region: str) -> tuple[int, str]:  # the figure's order; unknown ids last
        return position.get(region, len(position)), region

    groups = (("right", detail.hit), ("missed", detail.missed), ("wrong", detail.wrong))
    return [
        (REGION_STATE_LABELS[state], [names.get(r, r) for r in sorted(regions, key=order)])
        for state, regions in groups
        if regions
    ]


def region_result_label(lists: list[tuple[str, list[str]]]) -> str:
    """The accessible name of the result figure: every state with its regions, in words."""
    parts = [f"{state}: {', '.join(names)}" for state, names in lists]
    return "Your answer on the body map. " + "; ".join(parts) if parts else "Your answer"


def feedback_view(outcome: AnswerOutcome, content: dict[str, Any]) -> FeedbackView:
    key = grading.type_key(content)
    grade = outcome.grade
    refs = content.get("references", [])
    stored = {
        r.key: r.content
        for r in db.session.execute(
            select(BankReference).where(BankReference.key.in_([r["key"] for r in refs]))
        ).scalars()
    }
    view = FeedbackView(
        outcome=outcome,
        content=content,
        type_key=key,
        correct=grade.correct if grade and not grade.self_rated else None,
        buttons=rating_buttons(outcome.intervals, outcome.rating),
        citations=[
            CitationView(
                stored.get(r["key"], {}).get("citation", r["key"]),
                r.get("where"),
                stored.get(r["key"], {}).get("url"),
            )
            for r in refs
        ],
        rich=version_rich(outcome.version_id),
    )
    muscle_slug = content.get("muscle")
    if key == "body_map:identify_muscle":
        muscle_slug = next(c["muscle"] for c in content["choices"] if c.get("correct"))
    if muscle_slug:
        view.muscle_name, view.muscle_zone = muscle_zone(muscle_slug)
    detail = grade.detail if grade else None
    if isinstance(detail, grading.RegionDetail):
        view.region_classes = (
            {r: "is-correct" for r in detail.hit}
            | {r: "is-missed" for r in detail.missed}
            | {r: "is-wrong" for r in detail.wrong}
        )
        view.region_lists = _region_lists(detail)
        view.region_label = region_result_label(view.region_lists)
    if isinstance(detail, grading.ChoiceDetail):
        view.choice_rows = _choice_rows(
            content["choices"], detail, outcome.presentation.choice_order
        )
    if isinstance(detail, grading.MatchingDetail):
        view.matching_rows = [
            (row.left, row.expected, row.given, row.correct) for row in detail.rows
        ]
    if key == "flashcard":
        view.answer_text = content["answer"]
    if key == "true_false":
        view.answer_text = "True" if content["answer"] else "False"
    return view


def response_from_form(type_key: str, form: MultiDict) -> dict[str, Any]:
    """The grading response for a plain (no-JavaScript) form post."""
    if type_key == "flashcard":
        return {"rating": form.get("rating")}
    if type_key == "true_false":
        return {"answer": form.get("answer")}
    if type_key in ("single_choice", "body_map:identify_muscle"):
        return {"choice": form.get("choice")}
    if type_key == "multiple_response":
        return {"choices": form.getlist("choices")}
    if type_key == "matching":
        return {
            "pairs": {
                name.removeprefix("pair-"): value
                for name, value in form.items()
                if name.startswith("pair-") and value
            }
        }
    if type_key == "body_map:select_regions":
        return {"regions": [r for r in form.getlist("region") if r]}
    return {}
