"""Exam rules (threshold, the quiz's own pass, best attempt counts, validity) and credentials
(sign-off, expiry, hours)."""

from __future__ import annotations

from datetime import timedelta

import pytest

from tests.unit.domain.competency_builders import (
    COURSE,
    EXAM,
    YEAR,
    at,
    attempt,
    credential,
)
from trainer.domain.competency import (
    Credential,
    CredentialRequirement,
    QuizAttempt,
    Reason,
)
from trainer.domain.competency.measures import credential_result, exam_result

# --- exam --------------------------------------------------------------------------------------


def test_score_below_the_threshold_does_not_count_even_if_the_quiz_passed_it():
    result = exam_result(EXAM, [attempt(0.75, 1, passed=True)], at(2), YEAR)
    assert not result.met and result.reasons == (Reason.NO_QUALIFYING_ATTEMPT,)
    assert result.best_score == 0.75
    assert result.missing.to_meet == "Pass the safety exam with at least 80 % (best so far 75 %)."


def test_failed_attempt_does_not_count_whatever_its_score():
    result = exam_result(EXAM, [attempt(0.9, 1, passed=False)], at(2), YEAR)
    assert not result.met and result.progress == 0.0


def test_exactly_the_threshold_counts():
    assert exam_result(EXAM, [attempt(0.8, 1)], at(2), YEAR).met
    # 0.7 + 0.1 is 0.7999999999999999 in floating point; it still reaches 80 %.
    assert exam_result(EXAM, [attempt(0.7 + 0.1, 1, passed=True)], at(2), YEAR).met


def test_best_attempt_counts_and_a_later_failure_does_not_undo_a_pass():
    attempts = [attempt(0.5, 1), attempt(0.9, 2), attempt(0.4, 3), attempt(0.6, 4)]
    result = exam_result(EXAM, attempts, at(5), YEAR)
    assert result.met and result.best_score == 0.9
    assert result.met_since == at(2) and result.expires_at == at(2) + YEAR
    assert [c.achieved_at for c in result.history] == [at(2)]


def test_attempts_of_other_quizzes_and_from_the_future_are_ignored():
    attempts = [attempt(1.0, 1, quiz="other-quiz"), attempt(1.0, 10)]
    result = exam_result(EXAM, attempts, at(5), YEAR)
    assert not result.met and result.best_score is None
    assert result.missing.to_meet == "Pass the safety exam with at least 80 %."


def test_a_pass_expires_after_its_validity():
    attempts = [attempt(0.85, 0)]
    assert exam_result(EXAM, attempts, at(364), YEAR).met
    expired = exam_result(EXAM, attempts, at(365), YEAR)
    assert not expired.met and expired.lapsed_at == at(365)
    assert expired.reasons == (Reason.EXPIRED,)
    assert "again (the last pass expired on 2026-01-01)" in expired.missing.to_meet
    assert exam_result(EXAM, attempts, at(5000), None).met  # no validity: never expires


def test_attempt_score_must_be_a_fraction():
    with pytest.raises(ValueError, match="fraction"):
        QuizAttempt(1, "q", at(0), 85, True)
    with pytest.raises(ValueError, match="timezone-aware"):
        QuizAttempt(1, "q", at(0).replace(tzinfo=None), 0.85, True)


# --- credential --------------------------------------------------------------------------------


def test_unsigned_evidence_does_not_count():
    result = credential_result(COURSE, [credential(0)], at(10), YEAR)
    assert not result.met and result.reasons == (Reason.AWAITING_SIGN_OFF,)
    assert "signed off" in result.missing.to_meet


def test_signed_evidence_counts_from_the_sign_off():
    creds = [credential(0, signed=5)]
    assert not credential_result(COURSE, creds, at(4), YEAR).met  # sign-off not given yet
    result = credential_result(COURSE, creds, at(5), YEAR)
    assert result.met and result.met_since == at(5)
    assert result.expires_at == at(0) + YEAR  # validity counts from issue, not sign-off


def test_own_expiry_date_wins_over_the_validity_period():
    creds = [credential(0, signed=1, expires=100)]
    assert credential_result(COURSE, creds, at(99), YEAR).met
    expired = credential_result(COURSE, creds, at(100), YEAR)
    assert not expired.met and expired.reasons == (Reason.EXPIRED,)
    assert expired.lapsed_at == at(100)


def test_without_own_expiry_the_validity_applies_or_it_never_expires():
    creds = [credential(0, signed=1)]
    assert not credential_result(COURSE, creds, at(366), YEAR).met
    assert credential_result(COURSE, creds, at(3000), None).met


def test_expired_evidence_does_not_count_even_if_signed_later():
    creds = [credential(0, signed=150, expires=100)]
    result = credential_result(COURSE, creds, at(200), YEAR)
    assert not result.met and result.history == ()


def test_other_kinds_and_too_few_hours_do_not_count():
    hours = CredentialRequirement(
        "hours", "in-person course hours", "needling-course", min_hours=27
    )
    creds = [credential(0, signed=1, hours=20), credential(0, signed=1, kind="licence")]
    result = credential_result(hours, creds, at(2), None)
    assert not result.met and result.reasons == (Reason.TOO_FEW_HOURS,)
    assert "of at least 27 hours" in result.missing.to_meet
    assert credential_result(hours, [credential(0, signed=1, hours=27)], at(2), None).met


def test_in_person_hours_are_required_on_top_of_the_total():
    course = CredentialRequirement(
        "hours", "needling course", "needling-course", min_hours=16, min_in_person_hours=12
    )

    def held(hours, in_person):
        return Credential(0, "needling-course", at(0), hours=hours, in_person_hours=in_person,
                          signed_by=99, signed_at=at(1))  # fmt: skip

    for hours, in_person in ((20, 10), (20, None), (10, 10)):
        result = credential_result(course, [held(hours, in_person)], at(2), None)
        assert not result.met and result.reasons == (Reason.TOO_FEW_HOURS,), (hours, in_person)
    assert credential_result(course, [held(16, 12)], at(2), None).met
    text = credential_result(course, [], at(2), None).missing.to_meet
    assert text == (
        "Upload a needling course of at least 16 hours with at least 12 hours in person "
        "and have it signed off."
    )
    only = CredentialRequirement("h", "course", "needling-course", min_in_person_hours=12)
    assert credential_result(only, [held(30, 12)], at(2), None).met
    assert (
        "of at least 12 hours in person" in credential_result(only, [], at(2), None).missing.to_meet
    )


def test_a_new_credential_renews_and_history_keeps_both():
    creds = [credential(0, signed=0), credential(360, signed=361)]
    result = credential_result(COURSE, creds, at(400), YEAR)
    assert result.met and result.expires_at == at(360) + YEAR
    assert result.met_since == at(0)  # renewed before the first expired: unbroken
    assert len(result.history) == 2


def test_credential_records_are_checked():
    with pytest.raises(ValueError, match="signed_by and signed_at"):
        Credential(1, "k", at(0), signed_by=3)
    with pytest.raises(ValueError, match="after issued_at"):
        Credential(1, "k", at(5), expires_at=at(5))
    with pytest.raises(ValueError, match="min_hours"):
        CredentialRequirement("k", "label", "kind", min_hours=0)
    with pytest.raises(ValueError, match="min_in_person_hours"):
        CredentialRequirement("k", "label", "kind", min_hours=4, min_in_person_hours=5)
    with pytest.raises(ValueError, match="min_in_person_hours"):
        CredentialRequirement("k", "label", "kind", min_in_person_hours=0)
    with pytest.raises(ValueError, match="in_person_hours"):
        Credential(1, "k", at(0), hours=4, in_person_hours=5)
    with pytest.raises(ValueError, match="valid_for"):
        CredentialRequirement("k", "label", "kind", valid_for=timedelta(0))
