"""Clinic competency: requirements measured from memory, exams and credentials, with validity,
deadlines, assignment, and the staff x competency matrix.

Pure domain code: plain dataclasses in, plain results out; no Flask, no ORM, and time is
always passed in (``now``), never read from the clock. Predicted recall comes from
:func:`trainer.domain.scheduling.retrievabilities`, the project's one FSRS place.

Modules, in the order a value flows through them:

* :mod:`.inputs`: the records the app loads in bulk (``StaffMember``, ``CardMemory``,
  ``QuizAttempt``, ``Credential``, ``ItemFacts``).
* :mod:`.selection`: which items a mastery requirement covers (topic, tag set, muscle set).
* :mod:`.requirements`: ``MasteryRequirement``, ``ExamRequirement``, ``CredentialRequirement``.
* :mod:`.competencies`: ``Competency`` (validity, due-soon window, deadline) and ``Assignment``.
* :mod:`.certification`: dated certifications to "met since / expires" at a moment.
* :mod:`.results`, :mod:`.measures`: one requirement evaluated for one person.
* :mod:`.status`: a competency's status, progress, what is missing, the next change.
* :mod:`.evaluate`: per-person evaluation (the plain definition).
* :mod:`.matrix`: the clinic's staff x competency matrix, set-based, in one pass.
* :mod:`.definitions`: competencies as editable data, and the shipped defaults.
"""

from trainer.domain.competency.certification import Certification, Standing, standing_at
from trainer.domain.competency.competencies import (
    DEFAULT_DUE_SOON_WITHIN,
    EVERYONE,
    REMINDER_OFFSETS,
    Assignment,
    Competency,
)
from trainer.domain.competency.definitions import (
    DEFAULT_DEFINITIONS,
    competency_from_definition,
    default_competencies,
)
from trainer.domain.competency.evaluate import evaluate_person, recall_by_item
from trainer.domain.competency.inputs import (
    DEFAULT_DECAY,
    CardMemory,
    Credential,
    ItemFacts,
    QuizAttempt,
    StaffMember,
)
from trainer.domain.competency.matrix import CompetencyMatrix, compute_matrix
from trainer.domain.competency.requirements import (
    CredentialRequirement,
    ExamRequirement,
    MasteryRequirement,
    Requirement,
)
from trainer.domain.competency.results import (
    Missing,
    Reason,
    RequirementKind,
    RequirementResult,
)
from trainer.domain.competency.selection import ItemSelection, SelectBy, select_items
from trainer.domain.competency.status import (
    NOT_ASSIGNED,
    CompetencyStatus,
    Status,
    competency_status,
)

__all__ = [
    "DEFAULT_DECAY",
    "DEFAULT_DEFINITIONS",
    "DEFAULT_DUE_SOON_WITHIN",
    "EVERYONE",
    "NOT_ASSIGNED",
    "REMINDER_OFFSETS",
    "Assignment",
    "CardMemory",
    "Certification",
    "Competency",
    "CompetencyMatrix",
    "CompetencyStatus",
    "Credential",
    "CredentialRequirement",
    "ExamRequirement",
    "ItemFacts",
    "ItemSelection",
    "MasteryRequirement",
    "Missing",
    "QuizAttempt",
    "Reason",
    "Requirement",
    "RequirementKind",
    "RequirementResult",
    "SelectBy",
    "StaffMember",
    "Standing",
    "Status",
    "competency_from_definition",
    "competency_status",
    "compute_matrix",
    "default_competencies",
    "evaluate_person",
    "recall_by_item",
    "select_items",
    "standing_at",
]
