"""`bank import` never silently overwrites a browser edit: conflicts per item, `force` decides."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select

from tests.unit.bank.bank_fixtures import SVG, VALID_FILES, write_files
from trainer import bank as bankfmt
from trainer.models import Question, QuestionStatus, QuestionVersion, VersionOrigin
from trainer.services.authoring import bank_sync


@pytest.fixture
def bank(tmp_path) -> bankfmt.Bank:
    bank_dir = write_files(tmp_path / "bank", VALID_FILES)
    svg = tmp_path / "map.svg"
    svg.write_text(SVG, encoding="utf-8")
    return bankfmt.load_bank(bank_dir, svg)


def _with_explanation(bank: bankfmt.Bank, item_id: str, extra: str) -> bankfmt.Bank:
    items = tuple(
        bankfmt.Item.from_content(
            {**i.to_content(), "explanation": i.explanation + extra}, id=i.id, topic=i.topic
        )
        if i.id == item_id
        else i
        for i in bank.items
    )
    return bankfmt.Bank(bank.topics, items, bank.muscles, bank.references, bank.regions)


def _browser_edit(db, item_id: str, text: str) -> Question:
    question = db.session.execute(
        select(Question).where(Question.external_id == item_id)
    ).scalar_one()
    current = question.current_version
    content = {**current.content, "explanation": text}
    version = QuestionVersion(
        question=question,
        number=current.number + 1,
        type=current.type,
        difficulty=current.difficulty,
        prompt=current.prompt,
        content=content,
        content_hash=bankfmt.content_hash(content),
        origin=VersionOrigin.EDITOR,
    )
    db.session.add(version)
    question.current_version = version
    db.session.commit()
    return question


def test_unchanged_file_keeps_the_browser_edit(db, bank):
    bank_sync.import_bank(bank)
    item = bank.items[0]
    question = _browser_edit(db, item.id, "Edited in the browser.")
    report = bank_sync.import_bank(bank)
    assert report.kept_edits == [item.id] and report.conflicts == []
    db.session.refresh(question)
    assert question.current_version.content["explanation"] == "Edited in the browser."


def test_changed_file_and_browser_edit_is_a_conflict_unless_forced(db, bank):
    bank_sync.import_bank(bank)
    item = bank.items[0]
    question = _browser_edit(db, item.id, "Edited in the browser.")
    changed = _with_explanation(bank, item.id, " Changed in the file.")

    report = bank_sync.import_bank(changed)
    assert [c.item_id for c in report.conflicts] == [item.id]
    assert "edited in the browser" in report.conflicts[0].reason
    db.session.refresh(question)
    assert question.current_version.content["explanation"] == "Edited in the browser."

    forced = bank_sync.import_bank(changed, force=True)
    assert forced.conflicts == [] and forced.overwritten == [item.id]
    db.session.refresh(question)
    assert question.current_version.content["explanation"].endswith("Changed in the file.")
    assert question.current_version.origin == VersionOrigin.BANK
    assert [v.number for v in question.versions] == [1, 2, 3]


def test_clinic_items_are_never_written_or_retired_by_the_files(db, bank, clinic_a):
    bank_sync.import_bank(bank)
    item = bank.items[0]
    question = db.session.execute(
        select(Question).where(Question.external_id == item.id)
    ).scalar_one()
    question.clinic_id = clinic_a.id
    db.session.commit()
    changed = _with_explanation(bank, item.id, " Changed.")
    report = bank_sync.import_bank(changed, force=True)
    assert [c.item_id for c in report.conflicts] == [item.id]

    smaller = bankfmt.Bank(bank.topics, bank.items[1:], bank.muscles, bank.references, bank.regions)
    report = bank_sync.import_bank(smaller)
    assert item.id not in report.retired
    db.session.refresh(question)
    assert question.status == QuestionStatus.PUBLISHED


def test_removed_item_with_a_browser_edit_is_a_conflict(db, bank):
    bank_sync.import_bank(bank)
    item = bank.items[0]
    _browser_edit(db, item.id, "Edited.")
    smaller = bankfmt.Bank(bank.topics, bank.items[1:], bank.muscles, bank.references, bank.regions)
    report = bank_sync.import_bank(smaller)
    assert [c.item_id for c in report.conflicts] == [item.id] and report.retired == []
    assert bank_sync.import_bank(smaller, force=True).retired == [item.id]


def test_export_leaves_out_clinic_items(db, bank, clinic_a, tmp_path: Path):
    bank_sync.import_bank(bank)
    item = bank.items[0]
    question = db.session.execute(
        select(Question).where(Question.external_id == item.id)
    ).scalar_one()
    question.clinic_id = clinic_a.id
    db.session.commit()
    assert item.id not in {i.id for i in bank_sync.current_bank().items}


def test_cli_reports_each_conflict_and_force_decides(app, db, runner, tmp_path):
    import shutil

    bank_dir = tmp_path / "question_bank"
    shutil.copytree(app.config["QUESTION_BANK_DIR"], bank_dir)
    assert runner.invoke(args=["bank", "import", "--dir", str(bank_dir)]).exit_code == 0
    _browser_edit(db, "phy-001", "Edited in the browser.")
    topic_file = bank_dir / "topics" / "physiology.yaml"
    text = topic_file.read_text(encoding="utf-8")
    marker = "Three elements recur in the definition"
    assert text.count(marker) == 1
    topic_file.write_text(text.replace(marker, "Changed in the file. " + marker), encoding="utf-8")

    result = runner.invoke(args=["bank", "import", "--dir", str(bank_dir)])
    assert result.exit_code == 0, result.output
    assert "conflict: phy-001" in result.output
    question = db.session.execute(
        select(Question).where(Question.external_id == "phy-001")
    ).scalar_one()
    db.session.refresh(question)
    assert question.current_version.content["explanation"] == "Edited in the browser."

    forced = runner.invoke(args=["bank", "import", "--dir", str(bank_dir), "--force"])
    assert forced.exit_code == 0, forced.output
    assert "overwrote the browser edit of phy-001" in forced.output
    db.session.refresh(question)
    assert question.current_version.content["explanation"].startswith("Changed in the file.")
