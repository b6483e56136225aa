"""Fixtures for the bank-format tests: the valid fixture bank written to tmp_path."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from tests.unit.bank.bank_fixtures import SVG, VALID_FILES, write_files
from trainer.bank import Problem, validate_bank


@pytest.fixture
def svg_path(tmp_path: Path) -> Path:
    path = tmp_path / "bodymap.svg"
    path.write_text(SVG, encoding="utf-8")
    return path


@pytest.fixture
def valid_files() -> dict[str, str | None]:
    return dict(VALID_FILES)


@pytest.fixture
def bank_dir(tmp_path: Path, valid_files: dict[str, str | None]) -> Path:
    return write_files(tmp_path / "bank", valid_files)


Check = Callable[..., list[Problem]]


@pytest.fixture
def check(tmp_path: Path, svg_path: Path, valid_files: dict[str, str | None]) -> Check:
    """``check(**edits)`` -> problems of the valid bank with files replaced (or removed)."""
    counter = iter(range(1000))

    def run(files: dict[str, str | None] | None = None) -> list[Problem]:
        root = write_files(tmp_path / f"bank{next(counter)}", {**valid_files, **(files or {})})
        bank, problems = validate_bank(root, svg_path)
        assert (bank is None) == bool(problems)
        return problems

    return run
