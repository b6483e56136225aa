"""A competency's status over time, with explicit times: met -> due soon -> expired,
deadline -> overdue, recertification, the next change (reminder marks), assignment."""

from __future__ import annotations

from datetime import timedelta

import pytest

from tests.unit.domain.competency_builders import (
    COURSE,
    DAY,
    EXAM,
    YEAR,
    at,
    attempt,
    credential,
    mastery_req,
    memory,
    person,
)
from trainer.domain.competency import (
    NOT_ASSIGNED,
    Assignment,
    Competency,
    RequirementKind,
    Status,
    evaluate_person,
)

SAFETY = Competency(
    "dry-needling-safety",
    "Dry-needling safety",
    (EXAM, COURSE),
    valid_for=YEAR,
    due_soon_within=timedelta(days=30),
    deadline_days=90,
)


def _status(competency, now, attempts=(), credentials=(), memories=(), who=None):
    who = who or person()
    return evaluate_person(who, [competency], memories, attempts, credentials, now)[competency.key]


def test_met_then_due_soon_then_expired():
    attempts = [attempt(0.9, 10)]  # exam expires at day 375
    credentials = [credential(0, signed=1)]  # course expires at day 365: the earlier one
    met = _status(SAFETY, at(20), attempts, credentials)
    assert met.status is Status.MET and met.percent == 100
    assert met.met_since == at(10) and met.expires_at == at(365)
    assert met.missing == ()
    assert _status(SAFETY, at(334), attempts, credentials).status is Status.MET
    due = _status(SAFETY, at(335), attempts, credentials)  # 30 days before expiry
    assert due.status is Status.DUE_SOON and due.expires_at == at(365)
    expired = _status(SAFETY, at(365), attempts, credentials)
    assert expired.status is Status.EXPIRED
    assert [m.requirement_key for m in expired.missing] == ["course"]
    assert expired.progress == pytest.approx(0.5)  # the exam still holds


def test_deadline_then_overdue():
    newcomer = person(joined=0)
    assert _status(SAFETY, at(89), who=newcomer).status is Status.IN_PROGRESS
    overdue = _status(SAFETY, at(90), who=newcomer)
    assert overdue.status is Status.OVERDUE and overdue.deadline == at(90)
    assert overdue.percent == 0
    assert {m.kind for m in overdue.missing} == {RequirementKind.EXAM, RequirementKind.CREDENTIAL}
    # Meeting it late is still met.
    late = _status(SAFETY, at(100), [attempt(0.9, 95)], [credential(95, signed=96)], who=newcomer)
    assert late.status is Status.MET


def test_deadline_counts_from_a_later_assignment():
    assigned_later = Competency(
        "c",
        "C",
        (EXAM,),
        deadline_days=30,
        assignment=Assignment(everyone=True, assigned_at=at(500)),
    )
    veteran = person(joined=0)
    assert _status(assigned_later, at(520), who=veteran).status is Status.IN_PROGRESS
    assert _status(assigned_later, at(530), who=veteran).status is Status.OVERDUE


def test_expired_takes_precedence_over_overdue_and_recertification_starts_a_new_chain():
    exam_only = Competency("exam", "Exam", (EXAM,), valid_for=YEAR, deadline_days=30)
    attempts = [attempt(0.9, 10)]
    assert _status(exam_only, at(375), attempts).status is Status.EXPIRED
    # Recertified after it lapsed: a new validity from the new pass, history keeps both.
    attempts.append(attempt(0.85, 400))
    again = _status(exam_only, at(410), attempts)
    assert again.status is Status.MET
    assert again.met_since == at(400) and again.expires_at == at(400) + YEAR
    history = again.requirements[0].history
    assert [(c.achieved_at, c.expires_at) for c in history] == [
        (at(10), at(375)),
        (at(400), at(765)),
    ]


def test_early_recertification_runs_from_its_own_date_not_the_old_expiry():
    exam_only = Competency("exam", "Exam", (EXAM,), valid_for=YEAR)
    attempts = [attempt(0.9, 0), attempt(0.9, 340)]  # retaken while due soon
    status = _status(exam_only, at(350), attempts)
    assert status.status is Status.MET
    assert status.expires_at == at(340) + YEAR  # not at(0) + 2 years
    assert status.met_since == at(0)  # validity never broke


def test_next_change_marks_the_reminder_days_and_the_deadline():
    attempts, credentials = [attempt(0.9, 10)], [credential(0, signed=1)]  # expires at day 365
    # Every requirement that holds has its own marks: the course's at 335, 358 and 365, the
    # exam's (it expires at 375) at 345, 368 and 375.
    expected = [
        (at(20), at(335)),  # due soon opens, the course's 30-day reminder
        (at(335), at(345)),  # the exam's 30-day reminder
        (at(345), at(358)),  # the course's 7-day reminder
        (at(358), at(365)),  # the course expires
        (at(365), at(368)),  # now expired; the exam's 7-day reminder is still to come
    ]
    for now, next_change in expected:
        assert _status(SAFETY, now, attempts, credentials).next_change_at == next_change
    # Not met, deadline ahead: the deadline is the next change; after it, nothing is scheduled.
    assert _status(SAFETY, at(5)).next_change_at == at(90)
    assert _status(SAFETY, at(95)).next_change_at is None


def test_a_wider_due_soon_window_is_a_mark_too():
    wide = Competency("c", "C", (EXAM,), valid_for=YEAR, due_soon_within=timedelta(days=60))
    status = _status(wide, at(100), [attempt(0.9, 0)])
    assert status.next_change_at == at(365 - 60)
    assert _status(wide, at(305), [attempt(0.9, 0)]).status is Status.DUE_SOON


def test_mastery_has_no_dates_and_progress_is_the_mean_of_requirements():
    mixed = Competency("m", "M", (mastery_req({1, 2}, min_recall=0.9), EXAM), valid_for=YEAR)
    status = _status(mixed, at(0), memories=[memory(1, 10.0, 0)])  # mean 0.5, studied 50 %
    assert status.status is Status.IN_PROGRESS
    mastery_progress = (0.5 / 0.9 + 1.0) / 2  # min_studied is 0: that ratio is 1
    assert status.progress == pytest.approx((mastery_progress + 0.0) / 2)
    assert status.percent == 38
    met = _status(mixed, at(0), [attempt(0.9, 0)], memories=[memory(1, 9, 0), memory(2, 9, 0)])
    assert met.status is Status.MET and met.met_since == at(0) and met.expires_at == at(365)


@pytest.mark.parametrize(
    ("assignment", "assigned"),
    [
        (Assignment(everyone=True), {1, 2, 3}),
        (Assignment(roles=frozenset({"instructor"})), {2}),
        (Assignment(person_ids=frozenset({1, 3})), {1, 3}),
        (Assignment(roles=frozenset({"manager"}), person_ids=frozenset({1})), {1, 3}),
        (Assignment(), set()),
    ],
)
def test_assignment_by_everyone_role_and_person(assignment, assigned):
    competency = Competency("c", "C", (EXAM,), assignment=assignment)
    staff = [person(1, "staff"), person(2, "instructor"), person(3, "manager")]
    for who in staff:
        status = _status(competency, at(1), who=who)
        if who.person_id in assigned:
            assert status.status is Status.IN_PROGRESS
        else:
            assert status == NOT_ASSIGNED and status.missing == ()


def test_invalid_competencies_report_every_problem():
    with pytest.raises(ValueError) as caught:
        Competency("", "T", (EXAM, EXAM), valid_for=-DAY, deadline_days=-1)
    message = str(caught.value)
    for part in ("key must not be empty", "repeat: exam", "valid_for", "deadline_days"):
        assert part in message
    with pytest.raises(ValueError, match="at least one requirement"):
        Competency("k", "T", ())
