"""Adding a source to the bibliography (``BankReference``) from the browser.

The entry is judged by the bank's own reference reader (``trainer.bank.catalogue``), fed the
entry as references.yaml would hold it, so a browser-made reference obeys exactly the rules of a
file-made one (key shape, kind, DOI/PMID/URL patterns, journal articles need a title and a DOI,
PMID or URL). Nothing is looked up on the internet.

Adding is all the browser does: an entry whose key exists (retired ones too) is refused, never
overwritten, whoever asks; so every author (of the shared bank or of a clinic) may add one
without being able to change what other owners' items cite.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from trainer.bank import content_hash
from trainer.bank.catalogue import read_references
from trainer.bank.fields import Checker
from trainer.bank.loader import Document
from trainer.extensions import db
from trainer.models import BankReference

FIELDS = ("key", "title", "citation", "kind", "doi", "pmid", "url")


@dataclass(frozen=True)
class NewReference:
    key: str
    citation: str
    kind: str
    title: str = ""
    doi: str = ""
    pmid: str = ""
    url: str = ""


@dataclass
class ReferenceResult:
    reference: BankReference | None
    #: field name ("" for the entry as a whole) -> messages
    problems: dict[str, list[str]]


def _entry(new: NewReference) -> dict[str, str]:
    """The entry as in references.yaml: empty optional fields left out."""
    values = {"title": new.title, "citation": new.citation, "kind": new.kind}
    values.update(doi=new.doi, pmid=new.pmid, url=new.url)
    return {name: value.strip() for name, value in values.items() if value.strip()}


def check_reference(new: NewReference) -> tuple[object | None, dict[str, list[str]]]:
    """The bank's ``Reference`` if the entry is valid and its key free, and the problems."""
    key = new.key.strip()
    chk = Checker(Document("new reference", {"references": {key: _entry(new)}}))
    references, _ = read_references(chk)
    problems: dict[str, list[str]] = {}
    for problem in chk.problems:
        name = problem.field.removeprefix(key + ".") if problem.field != key else ""
        if not name and problem.message.startswith("a reference key"):
            name = "key"  # reported on the entry as a whole; it is about the key
        problems.setdefault(name if name in FIELDS else "", []).append(problem.message)
    if key and _key_taken(key):
        problems.setdefault("key", []).append(f"the bibliography already has a reference {key!r}")
    return (None if problems else references.get(key)), problems


def _key_taken(key: str) -> bool:
    """Keys are unique among all references, retired ones too (items may still cite them)."""
    return (
        db.session.execute(select(BankReference.id).where(BankReference.key == key)).first()
        is not None
    )


def add_reference(new: NewReference) -> ReferenceResult:
    reference, problems = check_reference(new)
    if reference is None:
        return ReferenceResult(None, problems or {"": ["the reference is not valid"]})
    content = reference.to_content()
    last = db.session.execute(select(func.max(BankReference.position))).scalar()
    row = BankReference(
        key=reference.key,
        position=(last or 0) + 1,
        content=content,
        content_hash=content_hash(content),
    )
    db.session.add(row)
    try:
        db.session.commit()
    except IntegrityError:  # the same key added at the same moment by someone else
        db.session.rollback()
        return ReferenceResult(None, {"key": ["that key was just taken; choose another"]})
    return ReferenceResult(row, {})
