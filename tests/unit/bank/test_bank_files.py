"""Problems with whole files: YAML syntax, missing or stray files, the SVG, cross-file checks."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from tests.unit.bank.bank_fixtures import PHYSIOLOGY, REFERRAL, SVG, VALID_FILES, write_files
from trainer.bank import BankError, Problem, load_bank, read_regions, validate_bank
from trainer.bank.regions import DEFAULT_SVG


def test_valid_fixture_has_no_problems(bank_dir: Path, svg_path: Path) -> None:
    bank, problems = validate_bank(bank_dir, svg_path)
    assert problems == []
    assert bank is not None
    assert [t.id for t in bank.topics] == ["physiology", "referral-patterns"]
    assert [i.id for i in bank.items][:4] == ["phy-001", "phy-002", "phy-003", "ref-001"]


def test_yaml_syntax_error_names_its_line(check) -> None:
    broken = REFERRAL.replace("    difficulty: 1\n", "    difficulty: 1\n   bad: [indent\n")
    [problem] = check({"topics/referral-patterns.yaml": broken})
    assert problem.file == "topics/referral-patterns.yaml"
    assert problem.line == broken.splitlines().index("   bad: [indent") + 1
    assert problem.field == ""
    assert problem.message.startswith("YAML syntax error")


def test_unclosed_quote_is_a_syntax_error(check) -> None:
    broken = PHYSIOLOGY.replace("prompt: 'yes'", "prompt: 'yes")
    [problem] = check({"topics/physiology.yaml": broken})
    assert problem.message.startswith("YAML syntax error")
    assert problem.line is not None and problem.line > 1


def test_syntax_error_in_one_file_does_not_hide_others(check) -> None:
    problems = check(
        {
            "topics/physiology.yaml": "topic: [\n",
            "topics/referral-patterns.yaml": REFERRAL.replace("difficulty: 3", "difficulty: 9"),
        }
    )
    assert [(p.file, p.field) for p in problems] == [
        ("topics/physiology.yaml", ""),
        ("topics/referral-patterns.yaml", "ref-003.difficulty"),
    ]


def test_missing_files(check) -> None:
    problems = check({"references.yaml": None, "muscles.yaml": None})
    # items cite references and muscles, but without the files those checks are skipped
    assert [(p.file, p.line, p.message) for p in problems] == [
        ("muscles.yaml", None, "missing file"),
        ("references.yaml", None, "missing file"),
    ]


def test_missing_bank_directory(tmp_path: Path, svg_path: Path) -> None:
    bank, problems = validate_bank(tmp_path / "nowhere", svg_path)
    assert bank is None
    assert len(problems) == 1 and "no bank directory" in problems[0].message


def test_empty_file(check) -> None:
    [problem] = check({"muscles.yaml": ""})
    assert (problem.file, problem.field) == ("muscles.yaml", "")
    assert "must be a mapping" in problem.message


def test_stray_file_in_topics(check) -> None:
    [problem] = check({"topics/notes.yml": "topic: {}\n", "topics/.hidden.yaml": "x"})
    assert problem.file == "topics/notes.yml"
    assert "not a topic file" in problem.message


def test_unknown_topic(check) -> None:
    text = REFERRAL.replace("id: referral-patterns", "id: imaging")
    [problem] = check({"topics/imaging.yaml": text, "topics/referral-patterns.yaml": None})
    assert (problem.file, problem.field, problem.line) == ("topics/imaging.yaml", "topic.id", 2)
    assert "unknown topic 'imaging'" in problem.message


def test_duplicate_id_across_files(check) -> None:
    text = PHYSIOLOGY.replace("id: phy-003", "id: ref-001")
    problems = check({"topics/physiology.yaml": text})
    line = text.splitlines().index("  - id: ref-001") + 1
    assert [(p.file, p.line, p.field) for p in problems] == [
        ("topics/physiology.yaml", line, "ref-001.id"),  # wrong prefix for physiology
        ("topics/referral-patterns.yaml", 6, "ref-001.id"),  # the later one is the duplicate
    ]
    assert "must start with 'phy-'" in problems[0].message
    assert problems[1].message == f"duplicate id (also topics/physiology.yaml line {line})"


def test_unused_reference_is_fine(bank_dir: Path, svg_path: Path) -> None:
    bank, _ = validate_bank(bank_dir, svg_path)
    assert bank is not None and "unused2020" in bank.references


def test_load_bank_raises_with_every_problem(tmp_path: Path, svg_path: Path) -> None:
    files = {**VALID_FILES, "muscles.yaml": None, "references.yaml": None}
    with pytest.raises(BankError) as caught:
        load_bank(write_files(tmp_path / "bank", files), svg_path)
    assert len(caught.value.problems) == 2
    assert str(caught.value).startswith("2 problems in the question bank:\n  muscles.yaml: ")


def test_problem_str() -> None:
    assert str(Problem("a.yaml", 3, "ref-001.prompt", "bad")) == "a.yaml:3: ref-001.prompt: bad"
    assert str(Problem("a.yaml", None, "", "missing file")) == "a.yaml: missing file"


# --- the body-map SVG


def test_regions_are_read_from_the_svg(svg_path: Path) -> None:
    regions, problems = read_regions(svg_path)
    assert problems == []
    assert list(regions)[:3] == ["forehead", "temple", "eye"]
    assert regions["top-of-shoulder"] == "Top of the shoulder"  # a <g> drawn in pieces
    assert len(regions) == 10


def test_svg_region_problems(tmp_path: Path) -> None:
    svg = tmp_path / "fig.svg"
    text = SVG.replace('aria-label="Heel" ', "").replace('data-region="eye"', 'data-region="Eye"')
    svg.write_text(text, encoding="utf-8")
    regions, problems = read_regions(svg, "fig.svg")
    assert "heel" in regions and "Eye" not in regions
    lines = text.splitlines()
    assert [(p.line, p.field, p.message) for p in problems] == [
        (
            next(n for n, s in enumerate(lines, 1) if 'data-region="Eye"' in s),
            'data-region="Eye"',
            "region id must be lowercase-hyphenated",
        ),
        (
            next(n for n, s in enumerate(lines, 1) if 'data-region="heel"' in s),
            'data-region="heel"',
            "region has no aria-label",
        ),
    ]


def test_svg_syntax_error(tmp_path: Path) -> None:
    svg = tmp_path / "fig.svg"
    svg.write_text(SVG.replace("</g>\n  <g", "</g>\n  <g<"), encoding="utf-8")
    regions, [problem] = read_regions(svg, "fig.svg")
    assert regions == {}
    assert problem.message.startswith("XML syntax error") and problem.line == 10


def test_missing_svg_is_one_problem_and_skips_region_checks(bank_dir: Path) -> None:
    bank, problems = validate_bank(bank_dir, bank_dir.parent / "missing.svg")
    assert bank is None
    assert [(p.file, p.line) for p in problems] == [("../missing.svg", None)]
    assert "cannot read the body-map SVG" in problems[0].message


def test_default_svg_is_the_apps_figure() -> None:
    root = Path(__file__).resolve().parents[3]
    assert root / "trainer" / "static" / "bodymap" / "bodymap.svg" == DEFAULT_SVG


# --- the package stays free of the web framework and the ORM


def test_bank_package_imports_no_flask_or_orm() -> None:
    package = Path(__file__).resolve().parents[3] / "trainer" / "bank"
    for module in package.glob("*.py"):
        for node in ast.walk(ast.parse(module.read_text(encoding="utf-8"))):
            names = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                names = [node.module or ""]
            for name in names:
                top = name.split(".")[0]
                assert top not in {"flask", "flask_sqlalchemy", "sqlalchemy"}, module.name
                assert not name.startswith(("trainer.models", "trainer.extensions")), module.name


def test_duplicate_keys_are_named_by_entry_id(check) -> None:
    muscles = VALID_FILES["muscles.yaml"].replace(
        "    group: leg-foot\n", "    group: leg-foot\n    group: trunk\n"
    )
    refs = VALID_FILES["references.yaml"].replace(
        "    kind: review\n", "    kind: review\n    kind: primary\n"
    )
    problems = check({"muscles.yaml": muscles, "references.yaml": refs})
    assert [(p.file, p.field) for p in problems] == [
        ("muscles.yaml", "soleus.group"),
        ("references.yaml", "unused2020.kind"),
    ]
    assert all(p.message.startswith("duplicate key (first on line") for p in problems)
