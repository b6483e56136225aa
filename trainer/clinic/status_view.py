"""How a competency status reads on a page and in the CSV: words, an icon and a colour class
(never colour alone), the filters of the matrix, and a person's next step."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from flask import url_for
from markupsafe import Markup

from trainer.domain.competency import CompetencyStatus, RequirementKind, Status


@dataclass(frozen=True)
class StatusView:
    label: str
    icon: str
    css: str


STATUS_VIEW: dict[Status, StatusView] = {
    Status.MET: StatusView("met", "✓", "status-met"),
    Status.DUE_SOON: StatusView("due soon", "⏳", "status-due-soon"),
    Status.IN_PROGRESS: StatusView("in progress", "◔", "status-in-progress"),
    Status.OVERDUE: StatusView("overdue", "⚠", "status-overdue"),
    Status.EXPIRED: StatusView("expired", "✗", "status-expired"),
    Status.NOT_ASSIGNED: StatusView("not assigned", "–", "status-not-assigned"),
}


def cell_text(cell: CompetencyStatus) -> str:
    """The words of a cell, as the page shows them (and the CSV writes them)."""
    label = STATUS_VIEW[cell.status].label
    if cell.status is Status.IN_PROGRESS or cell.status is Status.OVERDUE:
        return f"{label} {cell.percent}%"
    if cell.status is Status.DUE_SOON and cell.expires_at is not None:
        return f"{label} (expires {cell.expires_at.date().isoformat()})"
    return label


_BADGE = Markup('<span class="status {}"><span aria-hidden="true">{}</span> {}</span>')


def cell_html(cell: CompetencyStatus) -> Markup:
    """The badge of a cell (icon and words on its colour), built in Python rather than by a
    template macro per cell: the matrix has tens of thousands of cells."""
    return _badge(cell.status, cell_text(cell))


@lru_cache(maxsize=4096)
def _badge(status: Status, text: str) -> Markup:
    view = STATUS_VIEW[status]
    return _BADGE.format(view.css, view.icon, text)  # format escapes its arguments


def filtered_rows(result, filters: dict[str, str]):
    """The people and competency columns the matrix filters keep: by role, by competency, and
    people with at least one shown cell in the status asked for."""
    columns = [c for c in result.competencies if not filters["competency"]
               or c.key == filters["competency"]]  # fmt: skip
    people = [p for p in result.people if not filters["role"] or p.role == filters["role"]]
    wanted = filters["status"]
    if wanted in {s.value for s in Status}:
        people = [p for p in people if any(result.cell(p, c).status == wanted for c in columns)]
    by = next((c for c in result.competencies if c.key == filters.get("sort")), None)
    if by is not None:  # most urgent first, then least progress; names break ties
        people.sort(
            key=lambda p: (_URGENCY[result.cell(p, by).status], result.cell(p, by).progress)
        )
    return people, columns


#: Sort order of a competency column: what needs action first.
_URGENCY = {
    Status.OVERDUE: 0,
    Status.EXPIRED: 1,
    Status.IN_PROGRESS: 2,
    Status.DUE_SOON: 3,
    Status.MET: 4,
    Status.NOT_ASSIGNED: 5,
}


def next_step(clinic, cells) -> tuple[str, str] | None:
    """(label, url) of the one thing to do next: the first unmet requirement of the first
    assigned competency that is not met, in the order overdue, expired, in progress, due soon."""
    order = [Status.OVERDUE, Status.EXPIRED, Status.IN_PROGRESS, Status.DUE_SOON]
    ranked = sorted(
        (c for c in cells if c[1].status in order), key=lambda c: order.index(c[1].status)
    )
    for _competency, cell in ranked:
        missing = cell.missing or tuple(
            r.missing for r in cell.requirements if r.missing is not None
        )
        for item in missing or ():
            requirement = next(
                r.requirement for r in cell.requirements if r.key == item.requirement_key
            )
            if item.kind is RequirementKind.MASTERY:
                return f"Study {requirement.label}", url_for("study.index")
            if item.kind is RequirementKind.EXAM:
                return f"Take {requirement.label}", _quiz_url(requirement.quiz_id)
            return (
                f"Upload your {requirement.label}",
                url_for("clinic.credential_new", slug=clinic.slug, kind=requirement.kind),
            )
        if cell.status is Status.DUE_SOON and cell.requirements:
            return "Renew: record your new evidence", url_for(
                "clinic.credential_new", slug=clinic.slug
            )
    return None


def _quiz_url(quiz_id) -> str:
    """The exam's page (Start or Continue); the quiz list when no quiz is chosen yet."""
    if quiz_id is not None:
        return url_for("quiz.overview", quiz_id=quiz_id)
    return url_for("quiz.index")
