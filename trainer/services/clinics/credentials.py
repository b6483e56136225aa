"""Credentials: recording one with its uploaded evidence, serving the file, signing it off."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select

from trainer.extensions import db
from trainer.models import Clinic, Credential, User
from trainer.services.clinics import audit

MAX_UPLOAD_BYTES = 5 * 1024 * 1024

#: What a file is, judged by its first bytes (never by its name or the browser's word).
EXTENSIONS = {"application/pdf": "pdf", "image/png": "png", "image/jpeg": "jpg"}
_MAGIC = (
    (b"%PDF-", "application/pdf", "pdf"),
    (b"\x89PNG\r\n\x1a\n", "image/png", "png"),
    (b"\xff\xd8\xff", "image/jpeg", "jpg"),
)


class UploadError(ValueError):
    pass


def sniff(data: bytes) -> tuple[str, str]:
    """(media type, extension) of a PDF, PNG or JPEG file; UploadError for anything else."""
    if len(data) > MAX_UPLOAD_BYTES:
        raise UploadError(f"The file is over 5 MB ({len(data) // 1024} KB).")
    for magic, media_type, extension in _MAGIC:
        if data.startswith(magic):
            return media_type, extension
    raise UploadError("Only PDF, PNG or JPEG files are accepted (judged by their content).")


@dataclass(frozen=True)
class NewCredential:
    user_id: int
    kind: str
    title: str
    issued_at: datetime
    expires_at: datetime | None
    hours: float | None
    file_data: bytes | None
    in_person_hours: float | None = None


def download_name(kind: str, issued_at: datetime, extension: str) -> str:
    """A file name safe in a Content-Disposition header: the kind's letters, digits, dots and
    dashes only (a quote or a line break there would break the header)."""
    stem = re.sub(r"[^A-Za-z0-9.-]+", "-", kind).strip("-.")[:60] or "credential"
    return f"{stem}-{issued_at.date().isoformat()}.{extension}"


def record(clinic: Clinic, actor: User, new: NewCredential, subject_email: str) -> Credential:
    media_type = extension = None
    if new.file_data:
        media_type, extension = sniff(new.file_data)
    credential = Credential(
        clinic_id=clinic.id,
        user_id=new.user_id,
        kind=new.kind,
        title=new.title,
        issued_at=new.issued_at,
        expires_at=new.expires_at,
        hours=new.hours,
        in_person_hours=new.in_person_hours,
        file_name=f"{new.kind}-{new.issued_at.date().isoformat()}.{extension}"
        if extension
        else None,
        file_type=media_type,
        file_size=len(new.file_data) if new.file_data else None,
        file_data=new.file_data or None,
        recorded_by_id=actor.id,
    )
    db.session.add(credential)
    if actor.id != new.user_id:
        audit.record(clinic, actor, "credential_recorded", subject_email, f"{new.kind} {new.title}")
    db.session.commit()
    return credential


def credential_in(clinic: Clinic, credential_id: int) -> Credential | None:
    return db.session.execute(
        select(Credential).where(Credential.id == credential_id, Credential.clinic_id == clinic.id)
    ).scalar_one_or_none()


def file_of(credential: Credential) -> bytes | None:
    return db.session.execute(
        select(Credential.file_data).where(Credential.id == credential.id)
    ).scalar_one_or_none()


def sign(clinic: Clinic, actor: User, credential: Credential, now: datetime) -> bool:
    """Sign the credential off (once: who and when are kept); False if it already was."""
    if credential.signed_by_id is not None:
        return False
    credential.signed_by_id = actor.id
    credential.signed_at = now
    audit.record(
        clinic, actor, "credential_signed", credential.user.email,
        f"{credential.kind} {credential.title}".strip(),
    )  # fmt: skip
    db.session.commit()
    return True


def person_credentials(clinic: Clinic, user_id: int) -> list[Credential]:
    return list(
        db.session.execute(
            select(Credential)
            .where(Credential.clinic_id == clinic.id, Credential.user_id == user_id)
            .order_by(Credential.issued_at.desc(), Credential.id.desc())
        ).scalars()
    )
