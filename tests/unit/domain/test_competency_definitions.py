"""The shipped default competencies, as data, resolved against the real question bank."""

from __future__ import annotations

import copy
from datetime import timedelta
from pathlib import Path

import pytest

from tests.unit.domain.competency_builders import at, attempt, credential, memory, person
from trainer import bank as bankfmt
from trainer.domain.competency import (
    DEFAULT_DEFINITIONS,
    CredentialRequirement,
    ExamRequirement,
    ItemFacts,
    MasteryRequirement,
    Status,
    competency_from_definition,
    default_competencies,
    evaluate_person,
)

BANK = Path(__file__).resolve().parents[3] / "question_bank"


@pytest.fixture(scope="module")
def bank_items() -> list[ItemFacts]:
    bank, problems = bankfmt.validate_bank(BANK)
    assert problems == []
    # The app will use database ids; bank ids stand in for them here.
    return [ItemFacts(i.id, i.topic, frozenset(i.tags), i.muscle) for i in bank.items]


def test_defaults_as_the_issue_describes_them(bank_items):
    safety, referral = default_competencies(bank_items, quiz_ids={"safety-exam": 42})
    assert safety.title == "Dry-needling safety" and safety.valid_for == timedelta(days=365)
    mastery, exam, course = safety.requirements
    assert isinstance(mastery, MasteryRequirement)
    assert (mastery.min_mean_recall, mastery.min_studied) == (0.9, 0.8)
    safety_items = {i.item_id for i in bank_items if i.topic == "safety"}
    assert mastery.item_ids == safety_items and len(safety_items) >= 50
    assert isinstance(exam, ExamRequirement) and (exam.quiz_id, exam.min_score) == (42, 0.8)
    assert isinstance(course, CredentialRequirement) and course.kind == "needling-course"

    assert referral.title == "Referral patterns"
    [referral_mastery] = referral.requirements
    assert referral_mastery.min_mean_recall == 0.8
    assert referral_mastery.item_ids == {
        i.item_id for i in bank_items if i.topic == "referral-patterns"
    }


def test_defaults_are_met_by_the_journey_of_the_issue(bank_items):
    safety, _ = default_competencies(bank_items)
    items = sorted(safety.requirements[0].item_ids)
    studied = [memory(item, 60.0, 28) for item in items]  # all studied, reviewed 2 days ago
    evidence = ([attempt(0.85, 29)], [credential(10, signed=20)])
    status = evaluate_person(person(), [safety], studied, *evidence, at(30))[safety.key]
    assert status.status is Status.MET and status.expires_at == at(10) + timedelta(days=365)
    # Without the sign-off the credential is what is missing.
    unsigned = evaluate_person(person(), [safety], studied, evidence[0], [credential(10)], at(30))
    [missing] = unsigned[safety.key].missing
    assert missing.requirement_key == "needling-course"


def test_definitions_are_plain_data_that_can_be_edited(bank_items):
    edited = copy.deepcopy(DEFAULT_DEFINITIONS[1])
    edited["requirements"][0]["select"] = {"by": "muscles", "values": ["soleus"]}
    edited["assign"] = {"roles": ["instructor"], "people": [7]}
    competency = competency_from_definition(edited, bank_items, assigned_at=at(3))
    [requirement] = competency.requirements
    assert requirement.item_ids == {i.item_id for i in bank_items if i.muscle == "soleus"}
    assert competency.assignment.roles == {"instructor"}
    assert competency.assignment.person_ids == {7}
    assert competency.assignment.assigned_at == at(3)


def test_bad_definitions_are_refused(bank_items):
    broken = copy.deepcopy(DEFAULT_DEFINITIONS[0])
    broken["requirements"][1]["min_score"] = 80  # a percentage, not a fraction
    with pytest.raises(ValueError, match="min_score must be a fraction"):
        competency_from_definition(broken, bank_items)
    broken = copy.deepcopy(DEFAULT_DEFINITIONS[0])
    broken["requirements"][0]["kind"] = "vibes"
    with pytest.raises(ValueError, match="unknown requirement kind"):
        competency_from_definition(broken, bank_items)
