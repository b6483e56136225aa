"""Account commands: `flask --app trainer create-user | create-clinic | demo`."""

from __future__ import annotations

import secrets

import click
from flask import Flask, current_app
from sqlalchemy import select

from trainer.extensions import db
from trainer.models import Clinic, ClinicRole, SiteRole, User
from trainer.services import accounts

SITE_ROLES = {"learner": None, "admin": SiteRole.ADMIN, "instructor": SiteRole.INSTRUCTOR}
CLINIC_ROLES = {
    "staff": ClinicRole.STAFF,
    "instructor": ClinicRole.INSTRUCTOR,
    "manager": ClinicRole.MANAGER,
}

DEMO_PASSWORD = "demo-password"  # noqa: S105 - printed on purpose; demo refuses to run in production
DEMO_CLINIC = ("Demo Physio Clinic", "demo-clinic", "DEMO-2026")
DEMO_USERS = [
    # email, name, site role, clinic role
    ("learner@demo.example", "Dana Learner", None, ClinicRole.STAFF),
    ("instructor@demo.example", "Ira Instructor", SiteRole.INSTRUCTOR, ClinicRole.INSTRUCTOR),
    ("manager@demo.example", "Mo Manager", None, ClinicRole.MANAGER),
]


@click.command("create-user")
@click.option("--email", required=True)
@click.option(
    "--role",
    required=True,
    type=click.Choice(sorted(set(SITE_ROLES) | set(CLINIC_ROLES))),
    help="Without --clinic: learner, instructor (site) or admin. With --clinic: staff, "
    "instructor or manager of that clinic.",
)
@click.option("--clinic", "clinic_slug", help="Slug of the clinic to join.")
@click.option("--name", default="", help="Display name (default: the part of the email before @).")
@click.password_option(help="Prompted for when not given.")
def create_user_command(email: str, role: str, clinic_slug: str | None, name: str, password: str):
    """Create a user with a role, optionally in a clinic."""
    site_role, clinic, clinic_role = None, None, ClinicRole.STAFF
    if clinic_slug:
        if role not in CLINIC_ROLES:
            raise click.BadParameter(
                "with --clinic use staff, instructor or manager", param_hint="--role"
            )
        clinic = db.session.execute(
            select(Clinic).where(Clinic.slug == clinic_slug)
        ).scalar_one_or_none()
        if clinic is None:
            raise click.BadParameter(f"no clinic with slug {clinic_slug!r}", param_hint="--clinic")
        clinic_role = CLINIC_ROLES[role]
    else:
        if role not in SITE_ROLES:
            raise click.BadParameter("staff and manager need --clinic", param_hint="--role")
        site_role = SITE_ROLES[role]
    try:
        user = accounts.create_user(
            email, name, password, site_role=site_role, clinic=clinic, clinic_role=clinic_role
        )
        db.session.commit()
    except accounts.AccountError as error:
        db.session.rollback()
        raise click.ClickException(f"{error.field}: {error.message}") from None
    where = f" in clinic {clinic.slug}" if clinic else ""
    click.echo(f"Created {user.email} ({role}{where}).")


@click.command("demo")
def demo_command():
    """Create the demo clinic and its users once, and print their logins (development only)."""
    if not current_app.config.get("DEMO_ALLOWED"):
        raise click.ClickException(
            "demo accounts are for development only (TRAINER_ENV=development)"
        )
    name, slug, invite = DEMO_CLINIC
    clinic = db.session.execute(select(Clinic).where(Clinic.slug == slug)).scalar_one_or_none()
    if clinic is None:
        clinic = Clinic(name=name, slug=slug, invite_code=invite)
        db.session.add(clinic)
    for email, display_name, site_role, clinic_role in DEMO_USERS:
        if db.session.execute(select(User.id).where(User.email == email)).first() is None:
            accounts.create_user(
                email,
                display_name,
                DEMO_PASSWORD,
                site_role=site_role,
                clinic=clinic,
                clinic_role=clinic_role,
            )
    db.session.commit()
    click.echo(f"Demo logins (password for all: {DEMO_PASSWORD}):")
    for email, display_name, site_role, clinic_role in DEMO_USERS:
        label = f"site {site_role.value}, " if site_role else ""
        click.echo(f"  {email:<24} {display_name:<16} {label}{clinic_role.value} of {name}")
    click.echo(f"  clinic invite code for new sign-ups: {invite}")


@click.command("create-clinic")
@click.option("--name", required=True)
@click.option("--slug", required=True, help="Short name used in URLs, e.g. north-physio.")
def create_clinic_command(name: str, slug: str):
    """Create a clinic and print its invite code."""
    if db.session.execute(select(Clinic.id).where(Clinic.slug == slug)).first() is not None:
        raise click.ClickException(f"a clinic with slug {slug!r} already exists")
    clinic = Clinic(name=name, slug=slug, invite_code=secrets.token_hex(4).upper())
    db.session.add(clinic)
    db.session.commit()
    click.echo(f"Created clinic {slug}; invite code {clinic.invite_code}")


def register(app: Flask) -> None:
    app.cli.add_command(create_user_command)
    app.cli.add_command(create_clinic_command)
    app.cli.add_command(demo_command)
