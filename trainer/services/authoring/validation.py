"""An item typed in the editor, checked by the bank's own rules.

The editor builds the item as the bank file would hold it and runs ``trainer.bank``'s item
reader on it, against the live catalogue (muscles, references, body-map regions), so a
browser-made item obeys exactly the rules of a file-made one. Problems come back keyed by field
path (``choices[2].text``) for the form to show beside its fields. Two checks span items and so
live here, as in the bank's whole-directory validation: the id and the prompt are unique.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select

from trainer import bank as bankfmt
from trainer.bank.fields import Checker, Entry
from trainer.bank.items import Context, read_item
from trainer.bank.loader import Document
from trainer.bank.spec import normalise
from trainer.bodymap import region_names
from trainer.extensions import db
from trainer.models import BankReference, Muscle, Question, QuestionVersion

EDITOR_FILE = "<editor>"


@dataclass(frozen=True)
class Checked:
    item: bankfmt.Item | None
    problems: dict[str, list[str]]  # field path ("" for the whole item) -> messages


def catalogue_context() -> Context:
    muscles = [
        bankfmt.Muscle.from_content(m.content, id=m.slug)
        for m in db.session.execute(select(Muscle).where(Muscle.retired_at.is_(None))).scalars()
    ]
    keys = db.session.execute(
        select(BankReference.key).where(BankReference.retired_at.is_(None))
    ).scalars()
    return Context(
        regions=set(region_names()),
        muscle_ids={m.id for m in muscles},
        zones={m.id: m.referral_zone for m in muscles},
        reference_keys=set(keys),
    )


def check_item(
    raw: dict[str, Any], topic: str, *, question_id: int | None = None, clinic_id: int | None = None
) -> Checked:
    """Validate ``raw`` (an item mapping as in a topic file, with ``id``) for ``topic``."""
    doc = Document(EDITOR_FILE, {"items": [raw]}, raw=_scalar_sources(raw, "items[0]"))
    chk = Checker(doc)
    item = read_item(
        chk, Entry(chk, raw, "items[0]", str(raw.get("id") or "item")), topic, catalogue_context()
    )
    problems: dict[str, list[str]] = {}
    label = str(raw.get("id") or "item")
    for problem in chk.problems:
        field = problem.field
        if field == label:
            field = ""
        elif field.startswith(label + "."):
            field = field[len(label) + 1 :]
        problems.setdefault(field, []).append(problem.message)
    prompt = raw.get("prompt")
    if isinstance(prompt, str) and prompt.strip():
        other = duplicate_prompt(prompt, question_id, clinic_id)
        if other:
            problems.setdefault("prompt", []).append(f"duplicate prompt (same as {other})")
    return Checked(item if not problems else None, problems)


def _scalar_sources(value: Any, path: str) -> dict[str, str]:
    """What a file would have said for each non-text scalar (``true``, ``2``): the bank's reader
    uses it in messages and to refuse YAML 1.1 spellings such as ``yes``."""
    out: dict[str, str] = {}
    if isinstance(value, dict):
        for key, child in value.items():
            out |= _scalar_sources(child, f"{path}.{key}")
    elif isinstance(value, list):
        for index, child in enumerate(value):
            out |= _scalar_sources(child, f"{path}[{index}]")
    elif isinstance(value, bool):
        out[path] = "true" if value else "false"
    elif value is None:
        out[path] = ""
    elif not isinstance(value, str):
        out[path] = str(value)
    return out


def duplicate_prompt(prompt: str, question_id: int | None, clinic_id: int | None) -> str | None:
    """The id of another live item with the same prompt, among those its learners also see."""
    head = func.coalesce(Question.pending_version_id, Question.current_version_id)
    owners = Question.clinic_id.is_(None)
    if clinic_id is not None:
        owners = owners | (Question.clinic_id == clinic_id)
    query = (
        select(Question.external_id, QuestionVersion.prompt)
        .join(QuestionVersion, QuestionVersion.id == head)
        .where(owners)
    )
    if question_id is not None:
        query = query.where(Question.id != question_id)
    wanted = normalise(prompt)
    for external_id, other in db.session.execute(query):
        if normalise(other) == wanted:
            return external_id
    return None


def next_item_id(topic: str) -> str:
    """A free id for a new item of ``topic``: its prefix and the highest free number.

    The shipped files number their items upwards from 001, so browser-made items count down
    from 999 and the two meet as late as possible (``bank import`` reports a clash as a conflict).
    """
    prefix = bankfmt.TOPIC_PREFIXES[topic]
    used = db.session.execute(
        select(Question.external_id).where(Question.external_id.like(f"{prefix}-%"))
    ).scalars()
    numbers = {int(i.split("-", 1)[1]) for i in used if i.split("-", 1)[1].isdigit()}
    for number in range(999, 0, -1):
        if number not in numbers:
            return f"{prefix}-{number:03d}"
    raise LookupError(f"topic {topic!r} has no free item id left")
