"""Mastery: mean predicted recall now over the selected items (unstudied count 0), and the share
of those items studied. Recall values are computed by hand from the FSRS-6 forgetting curve."""

from __future__ import annotations

import pytest

from tests.unit.domain.competency_builders import at, mastery_req, memory, person
from trainer.domain.competency import (
    Competency,
    ItemFacts,
    ItemSelection,
    Reason,
    SelectBy,
    Status,
    evaluate_person,
    recall_by_item,
    select_items,
)
from trainer.domain.competency.measures import mastery_result

# Default FSRS-6 decay w20 = 0.1542; factor = 0.9 ** (-1 / 0.1542) - 1 = 0.98034649...
# R(t, S) = (1 + factor * t / S) ** -0.1542, t in whole days since the last review:
#   R(0, S) = 1;  R(S, S) = 0.9 by construction;  R(20, 10) = 2.96069 ** -0.1542 = 0.845885.
R_20_10 = 0.845885


def _status(requirement, memories, now):
    competency = Competency("c", "C", (requirement,))
    return evaluate_person(person(), [competency], memories, [], [], now)["c"]


def test_recall_of_known_card_states():
    now = at(30)
    memories = [
        memory(1, 10.0, 20),  # 10 days at S=10 -> 0.9
        memory(2, 5.0, 30),  # reviewed just now -> 1.0
        memory(3, 10.0, 10),  # 20 days at S=10
        memory(4, None, None),  # a card never reviewed: not studied
        memory(9, 10.0, 20, pid=2),  # someone else's card
    ]
    recall = recall_by_item(person(), memories, now)
    assert recall == {1: pytest.approx(0.9), 2: 1.0, 3: pytest.approx(R_20_10, abs=1e-6)}


def test_mean_counts_unstudied_items_as_zero():
    now = at(30)
    memories = [memory(1, 10.0, 20), memory(2, 5.0, 30), memory(3, 10.0, 10), memory(4, None, None)]
    # Items 1..4 (4 is a new card) and 5 (no card at all).
    status = _status(mastery_req({1, 2, 3, 4, 5}, min_recall=0.5), memories, now)
    [result] = status.requirements
    assert result.mean_recall == pytest.approx((0.9 + 1.0 + R_20_10 + 0 + 0) / 5, abs=1e-6)
    assert result.studied_fraction == pytest.approx(3 / 5)
    assert result.studied_count == 3
    assert result.met and status.status is Status.MET


def test_recall_threshold_and_forgetting():
    memories = [memory(1, 10.0, 0), memory(2, 10.0, 0)]
    requirement = mastery_req({1, 2}, min_recall=0.9)
    assert _status(requirement, memories, at(10)).status is Status.MET  # R = 0.9 exactly
    later = _status(requirement, memories, at(11))  # a day later, recall has fallen below
    assert later.status is Status.IN_PROGRESS
    assert later.requirements[0].reasons == (Reason.RECALL_TOO_LOW,)
    assert 0.9 < later.progress < 1.0  # (R / 0.9 + 1) / 2


def test_studied_share_is_required_even_when_recall_is_high():
    # 4 of 10 items studied and perfectly recalled: mean 0.4, studied 40 %.
    memories = [memory(i, 50.0, 0) for i in range(4)]
    requirement = mastery_req(range(10), min_recall=0.3, min_studied=0.8)
    status = _status(requirement, memories, at(0))
    [result] = status.requirements
    assert not result.met and result.reasons == (Reason.TOO_FEW_STUDIED,)
    assert status.progress == pytest.approx((1.0 + 0.4 / 0.8) / 2)
    missing = status.missing[0]
    assert missing.requirement_key == "mastery"
    assert "study 4 more of the 10 items" in missing.to_meet.lower()
    memories += [memory(i, 50.0, 0) for i in range(4, 8)]
    assert _status(requirement, memories, at(0)).status is Status.MET


def test_both_reasons_and_their_words():
    requirement = mastery_req(range(10), min_recall=0.9, min_studied=0.8)
    status = _status(requirement, [memory(0, 10.0, 0)], at(0))
    assert status.requirements[0].reasons == (Reason.TOO_FEW_STUDIED, Reason.RECALL_TOO_LOW)
    text = status.missing[0].to_meet
    assert "study 7 more" in text.lower() and "from 10 % to 90 %" in text


def test_empty_selection_is_never_met():
    result = mastery_result(mastery_req(set(), min_recall=0.0), 0.0, 0)
    assert not result.met and result.reasons == (Reason.NO_ITEMS,)


def test_a_later_record_of_the_same_item_wins():
    memories = [memory(1, 10.0, 0), memory(1, None, None)]
    assert recall_by_item(person(), memories, at(1)) == {}


@pytest.mark.parametrize(
    ("selection", "expected"),
    [
        (ItemSelection(SelectBy.TOPIC, frozenset({"safety"})), {1, 2}),
        (ItemSelection(SelectBy.TAGS, frozenset({"lungs", "consent"})), {1, 3}),
        (ItemSelection(SelectBy.MUSCLES, frozenset({"soleus"})), {3}),
    ],
)
def test_selection_by_topic_tags_and_muscles(selection, expected):
    catalogue = [
        ItemFacts(1, "safety", frozenset({"lungs"})),
        ItemFacts(2, "safety", frozenset({"pregnancy"}), "trapezius"),
        ItemFacts(3, "referral-patterns", frozenset({"consent"}), "soleus"),
        ItemFacts(4, "physiology"),
    ]
    assert select_items(selection, catalogue) == expected


def test_selection_needs_a_value():
    with pytest.raises(ValueError, match="at least one value"):
        ItemSelection(SelectBy.TOPIC, frozenset())
