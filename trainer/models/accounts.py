"""Users, clinics and memberships."""

from __future__ import annotations

import enum
from datetime import datetime

from flask_login import UserMixin
from sqlalchemy import ForeignKey, String, UniqueConstraint, false, true
from sqlalchemy.orm import Mapped, mapped_column, relationship

from trainer.extensions import db
from trainer.models.enums import enum_column
from trainer.models.types import UTCDateTime, utcnow


class SiteRole(enum.StrEnum):
    """Site-wide roles; ordinary learners have none."""

    ADMIN = "admin"
    INSTRUCTOR = "instructor"


class ClinicRole(enum.StrEnum):
    STAFF = "staff"
    INSTRUCTOR = "instructor"
    MANAGER = "manager"


class User(UserMixin, db.Model):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    display_name: Mapped[str] = mapped_column(String(80))
    password_hash: Mapped[str] = mapped_column(String(255))
    active: Mapped[bool] = mapped_column(default=True)
    site_role: Mapped[SiteRole | None] = mapped_column(enum_column(SiteRole, "site_role"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
    password_changed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # Part of the id kept in session and remember cookies (see get_id): raising it ends every
    # session of this user at once (logout, password change, reset).
    session_generation: Mapped[int] = mapped_column(default=0, server_default="0")

    memberships: Mapped[list[Membership]] = relationship(
        back_populates="user", cascade="all, delete-orphan"
    )

    def get_id(self) -> str:
        return f"{self.id}.{self.session_generation}"

    @property
    def is_active(self) -> bool:  # Flask-Login refuses inactive users
        return self.active

    @property
    def is_site_admin(self) -> bool:
        return self.site_role == SiteRole.ADMIN

    @property
    def is_site_instructor(self) -> bool:
        return self.site_role in (SiteRole.ADMIN, SiteRole.INSTRUCTOR)

    def __repr__(self) -> str:
        return f"<User {self.id} {self.email}>"


class Clinic(db.Model):
    __tablename__ = "clinics"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120))
    slug: Mapped[str] = mapped_column(String(60), unique=True)
    invite_code: Mapped[str] = mapped_column(String(32), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    memberships: Mapped[list[Membership]] = relationship(
        back_populates="clinic", cascade="all, delete-orphan"
    )

    def __repr__(self) -> str:
        return f"<Clinic {self.slug}>"


class Membership(db.Model):
    __tablename__ = "memberships"
    __table_args__ = (UniqueConstraint("user_id", "clinic_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    clinic_id: Mapped[int] = mapped_column(ForeignKey("clinics.id", ondelete="CASCADE"), index=True)
    role: Mapped[ClinicRole] = mapped_column(enum_column(ClinicRole, "clinic_role"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # A deactivated member loses access and leaves the matrix; their records stay.
    active: Mapped[bool] = mapped_column(default=True, server_default=true())
    deactivated_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Courtesy mail this member turned off in this clinic: the 30- and 7-day "due soon"
    # reminders and (managers) the weekly digest. Expiry-day, expired and overdue notices are
    # mandatory and cannot be muted.
    mute_due_soon: Mapped[bool] = mapped_column(default=False, server_default=false())
    mute_digest: Mapped[bool] = mapped_column(default=False, server_default=false())

    user: Mapped[User] = relationship(back_populates="memberships")
    clinic: Mapped[Clinic] = relationship(back_populates="memberships")
