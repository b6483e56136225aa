"""`flask --app trainer ...` commands, one module per area."""

from __future__ import annotations

from flask import Flask


def register_cli(app: Flask) -> None:
    from trainer.cli import accounts, backup, bank, clinic, exchange, quiz, srs

    accounts.register(app)
    backup.register(app)
    bank.register(app)
    clinic.register(app)
    exchange.register(app)
    quiz.register(app)
    srs.register(app)
