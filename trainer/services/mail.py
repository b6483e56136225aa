"""Outgoing mail. Without MAIL_SERVER the message goes to the log (development, tests)."""

from __future__ import annotations

import smtplib
import sys
from email.message import EmailMessage

from flask import current_app


def send_mail(to: str, subject: str, body: str) -> bool:
    """Send one message; True if it left. A broken mail server is logged, never raised.

    Callers answer the same whether or not a mail went out: a response that changed with the mail
    server's health would tell an attacker which addresses have accounts.
    """
    config = current_app.config
    message = EmailMessage()
    message["From"] = config["MAIL_DEFAULT_SENDER"]
    message["To"] = to
    message["Subject"] = subject
    message.set_content(body)

    if current_app.testing:  # tests read what would have been sent; nowhere else keeps mail
        current_app.extensions.setdefault("mail_outbox", []).append(message)
    if not config["MAIL_SERVER"]:
        if not current_app.testing:
            print(f"\n--- mail to {to}: {subject}\n{body}\n---", file=sys.stderr, flush=True)
        return True
    try:
        with smtplib.SMTP(config["MAIL_SERVER"], config["MAIL_PORT"], timeout=10) as smtp:
            if config["MAIL_USE_TLS"]:
                smtp.starttls()
            if config["MAIL_USERNAME"]:
                smtp.login(config["MAIL_USERNAME"], config["MAIL_PASSWORD"])
            smtp.send_message(message)
    except (OSError, smtplib.SMTPException) as error:
        current_app.logger.error("mail to %s (%s) was not sent: %s", to, subject, error)
        return False
    return True
