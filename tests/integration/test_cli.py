"""The user-facing CLI: create-user, create-clinic, demo."""

from __future__ import annotations

from sqlalchemy import func, select

from trainer.models import ClinicRole, Membership, SiteRole, User


def test_create_site_instructor(runner, db):
    result = runner.invoke(
        args=[
            "create-user",
            "--email",
            "Ana@Example.com",
            "--role",
            "instructor",
            "--password",
            "long enough pw",
        ]
    )
    assert result.exit_code == 0, result.output
    user = db.session.execute(select(User)).scalar_one()
    assert user.email == "ana@example.com" and user.site_role == SiteRole.INSTRUCTOR


def test_create_clinic_manager(runner, db, clinic_a):
    result = runner.invoke(
        args=[
            "create-user",
            "--email",
            "m@example.com",
            "--role",
            "manager",
            "--clinic",
            "alpha",
            "--password",
            "long enough pw",
        ]
    )
    assert result.exit_code == 0, result.output
    membership = db.session.execute(select(Membership)).scalar_one()
    assert membership.role == ClinicRole.MANAGER and membership.clinic_id == clinic_a.id


def test_create_user_errors_are_clear(runner, db, learner, clinic_a):
    cases = [
        (["--email", "x@example.com", "--role", "manager"], "staff and manager need --clinic"),
        (["--email", "x@example.com", "--role", "admin", "--clinic", "alpha"], "with --clinic use"),
        (
            ["--email", "x@example.com", "--role", "staff", "--clinic", "nope"],
            "no clinic with slug",
        ),
        (["--email", learner.email, "--role", "learner"], "already exists"),
    ]
    for args, message in cases:
        result = runner.invoke(args=["create-user", *args, "--password", "long enough pw"])
        assert result.exit_code != 0
        assert message in result.output, result.output
    short = runner.invoke(
        args=["create-user", "--email", "s@example.com", "--role", "learner", "--password", "short"]
    )
    assert short.exit_code != 0 and "at least 10 characters" in short.output
    assert db.session.execute(select(func.count(User.id))).scalar_one() == 1


def test_create_clinic(runner, db):
    result = runner.invoke(args=["create-clinic", "--name", "North", "--slug", "north"])
    assert result.exit_code == 0 and "invite code" in result.output
    again = runner.invoke(args=["create-clinic", "--name", "North", "--slug", "north"])
    assert again.exit_code != 0 and "already exists" in again.output


def test_demo_creates_accounts_once_and_prints_logins(runner, db, auth):
    first = runner.invoke(args=["demo"])
    assert first.exit_code == 0, first.output
    assert "learner@demo.example" in first.output and "demo-password" in first.output
    second = runner.invoke(args=["demo"])
    assert second.exit_code == 0
    assert db.session.execute(select(func.count(User.id))).scalar_one() == 3
    assert auth.login("manager@demo.example", "demo-password").status_code == 302


def test_demo_refused_outside_development(runner, app):
    app.config["DEMO_ALLOWED"] = False
    result = runner.invoke(args=["demo"])
    assert result.exit_code != 0 and "development only" in result.output
