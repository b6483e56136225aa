"""One HTML policy (trainer/bank/richtext.py) for the editor, imported files and the pages."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from trainer.bank import richtext

TRAINER = Path(__file__).resolve().parents[3] / "trainer"
DIRTY = (
    '<p onclick="x()">Press <b>firmly</b>:<ul><li>H<sub>2</sub>O</li></ul>'
    '<a href="https://example.org" target="_blank">source</a><a href="javascript:x()">bad</a>'
    "<img src=x onerror=alert(1)><script>alert(1)</script><style>p{}</style></p>"
)


def _imports_nh3(path: Path) -> bool:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import) and any(a.name == "nh3" for a in node.names):
            return True
        if isinstance(node, ast.ImportFrom) and node.module == "nh3":
            return True
    return False


def test_only_the_bank_module_calls_the_sanitiser():
    users = sorted(str(p.relative_to(TRAINER)) for p in TRAINER.rglob("*.py") if _imports_nh3(p))
    assert users == ["bank/richtext.py"]


def test_the_editor_and_an_imported_file_get_the_same_cleaned_subset():
    plain, cleaned = richtext.split_rich(DIRTY)  # the editor's path
    assert cleaned == richtext.sanitise(DIRTY)
    for gone in ("onclick", "javascript", "script", "style", "img", "onerror", "target"):
        assert gone not in cleaned
    assert 'rel="noopener noreferrer"' in cleaned
    assert plain == richtext.to_plain(DIRTY) == "Press firmly:\n- H2O\nsourcebad"


@pytest.mark.parametrize("opening", ["<ul>", "<ol>"])
def test_a_list_after_text_starts_a_line_in_an_imported_file_too(opening):
    closing = opening.replace("<", "</")
    assert richtext.to_plain(f"Choose:{opening}<li>one</li><li>two</li>{closing}") == (
        "Choose:\n- one\n- two"
    )


def test_typed_line_breaks_stay_in_the_editor_and_collapse_in_a_file():
    typed = "First line\r\nsecond <b>bold</b>"
    assert richtext.split_rich(typed)[0] == "First line\nsecond bold"
    assert richtext.to_plain(typed) == "First line second bold"
