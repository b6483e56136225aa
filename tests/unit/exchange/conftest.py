from __future__ import annotations

from pathlib import Path

import pytest

from tests.factories import shipped_bank
from trainer.exchange import ImportContext

SAMPLES = Path(__file__).resolve().parent / "samples"


def sample(name: str) -> bytes:
    return (SAMPLES / name).read_bytes()


def windows(data: bytes) -> bytes:
    """The same file as Windows writes it: CRLF line endings and a UTF-8 BOM."""
    return b"\xef\xbb\xbf" + data.replace(b"\r\n", b"\n").replace(b"\n", b"\r\n")


@pytest.fixture(scope="session")
def bank():
    return shipped_bank()


@pytest.fixture(scope="session")
def bank_ctx(bank) -> ImportContext:
    return ImportContext(bank, frozenset(i.id for i in bank.items))
