"""The question bank's file format: the one place in the app that knows it.

``question_bank/`` (topic YAML files, muscles.yaml, references.yaml; region ids from the
body-map SVG) <-> validated, immutable objects. Pure Python: no Flask, no ORM.

    bank, problems = validate_bank("question_bank")   # every problem at once
    bank = load_bank("question_bank")                  # or raise BankError(problems)
    write_bank(bank, "out")                            # same format, deterministic
"""

from trainer.bank.dump import dump_muscles, dump_references, dump_topic, write_bank
from trainer.bank.model import (
    Bank,
    Choice,
    Item,
    Muscle,
    MuscleChoice,
    Pair,
    Reference,
    SourceRef,
    Topic,
    TriggerPoint,
    content_hash,
)
from trainer.bank.problems import BankError, Problem
from trainer.bank.regions import DEFAULT_SVG, read_regions
from trainer.bank.spec import (
    TOPIC_PREFIXES,
    BodyMapMode,
    ItemType,
    MuscleGroup,
    ReferenceKind,
    ReferralSource,
)
from trainer.bank.stats import bank_stats
from trainer.bank.validate import load_bank, validate_bank

__all__ = [
    "DEFAULT_SVG",
    "TOPIC_PREFIXES",
    "Bank",
    "BankError",
    "BodyMapMode",
    "Choice",
    "Item",
    "ItemType",
    "Muscle",
    "MuscleChoice",
    "MuscleGroup",
    "Pair",
    "Problem",
    "Reference",
    "ReferenceKind",
    "ReferralSource",
    "SourceRef",
    "Topic",
    "TriggerPoint",
    "bank_stats",
    "content_hash",
    "dump_muscles",
    "dump_references",
    "dump_topic",
    "load_bank",
    "read_regions",
    "validate_bank",
    "write_bank",
]
