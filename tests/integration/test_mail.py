"""Outgoing mail is kept in memory only in tests (issue 7, defect 7)."""

from __future__ import annotations

from trainer import create_app
from trainer.services.mail import send_mail


def test_outside_testing_no_message_is_kept_in_memory(capsys):
    app = create_app("development", SQLALCHEMY_DATABASE_URI="sqlite:///:memory:")
    with app.app_context():
        for n in range(3):
            assert send_mail("someone@example.com", f"subject {n}", "body") is True
        assert "mail_outbox" not in app.extensions
    assert "--- mail to someone@example.com: subject 2" in capsys.readouterr().err


def test_in_testing_the_outbox_holds_what_was_sent(app):
    app.extensions["mail_outbox"] = []
    send_mail("someone@example.com", "hello", "body")
    assert [m["Subject"] for m in app.extensions["mail_outbox"]] == ["hello"]
