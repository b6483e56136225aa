"""Bank import/export against the database: idempotent, versioned, retiring, all-or-nothing."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import func, select

from tests.unit.bank.bank_fixtures import SVG, VALID_FILES, write_files
from trainer import bank as bankfmt
from trainer.models import (
    CardState,
    Muscle,
    Question,
    QuestionStatus,
    QuestionVersion,
    ReviewLog,
)
from trainer.services.authoring import bank_sync

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture
def fixture_bank(tmp_path) -> tuple[Path, Path]:
    bank_dir = write_files(tmp_path / "bank", VALID_FILES)
    svg = tmp_path / "map.svg"
    svg.write_text(SVG, encoding="utf-8")
    return bank_dir, svg


def _load(bank_dir: Path, svg: Path) -> bankfmt.Bank:
    return bankfmt.load_bank(bank_dir, svg)


def _count(db, model) -> int:
    return db.session.execute(select(func.count()).select_from(model)).scalar_one()


def test_import_creates_questions_with_first_versions(db, fixture_bank):
    bank = _load(*fixture_bank)
    report = bank_sync.import_bank(bank)
    assert sorted(report.created) == sorted(item.id for item in bank.items)
    assert _count(db, Question) == len(bank.items) == _count(db, QuestionVersion)
    question = db.session.execute(select(Question).limit(1)).scalar_one()
    assert question.status == QuestionStatus.PUBLISHED
    assert question.current_version.number == 1


def test_import_is_idempotent(db, fixture_bank):
    bank = _load(*fixture_bank)
    bank_sync.import_bank(bank)
    again = bank_sync.import_bank(bank)
    assert not again.changed and again.unchanged == len(bank.items)
    assert _count(db, QuestionVersion) == len(bank.items)


def test_reimport_after_an_edit_creates_exactly_one_new_version(db, fixture_bank):
    bank_dir, svg = fixture_bank
    bank_sync.import_bank(_load(bank_dir, svg))
    edited = _load(bank_dir, svg)
    target = edited.items[0]
    changed = bankfmt.Bank(
        topics=edited.topics,
        items=tuple(
            bankfmt.Item.from_content(
                {**i.to_content(), "explanation": i.explanation + " Now clearer."},
                id=i.id,
                topic=i.topic,
            )
            if i.id == target.id
            else i
            for i in edited.items
        ),
        muscles=edited.muscles,
        references=edited.references,
        regions=edited.regions,
    )
    report = bank_sync.import_bank(changed)
    assert report.new_versions == [target.id]
    question = db.session.execute(
        select(Question).where(Question.external_id == target.id)
    ).scalar_one()
    assert [v.number for v in question.versions] == [1, 2]
    assert question.current_version.number == 2
    assert question.current_version.content["explanation"].endswith("Now clearer.")
    assert _count(db, QuestionVersion) == len(edited.items) + 1


def test_removed_item_is_retired_and_its_reviews_stay(db, fixture_bank, learner):
    bank = _load(*fixture_bank)
    bank_sync.import_bank(bank)
    gone = bank.items[0]
    question = db.session.execute(
        select(Question).where(Question.external_id == gone.id)
    ).scalar_one()
    now = datetime(2026, 11, 1, tzinfo=UTC)
    card = CardState(user_id=learner.id, question=question, due=now)
    db.session.add(card)
    db.session.flush()
    db.session.add(
        ReviewLog(
            user_id=learner.id,
            card_id=card.id,
            question_version_id=question.current_version_id,
            rating=3,
            reviewed_at=now,
            state_before={},
        )
    )
    db.session.commit()

    smaller = bankfmt.Bank(bank.topics, bank.items[1:], bank.muscles, bank.references, bank.regions)
    report = bank_sync.import_bank(smaller)
    assert report.retired == [gone.id]
    db.session.refresh(question)
    assert question.status == QuestionStatus.RETIRED
    assert _count(db, ReviewLog) == 1 and _count(db, Question) == len(bank.items)

    # Back in the files: the same question returns, with no new version.
    back = bank_sync.import_bank(bank)
    assert back.restored == [gone.id] and back.new_versions == []


def test_invalid_bank_imports_nothing(app, db, runner, fixture_bank, tmp_path):
    bank_dir, _ = fixture_bank
    text = (bank_dir / "topics" / "physiology.yaml").read_text()
    (bank_dir / "topics" / "physiology.yaml").write_text(
        text.replace("difficulty: 1", "difficulty: 7", 1)
    )
    result = runner.invoke(args=["bank", "import", "--dir", str(bank_dir)])
    assert result.exit_code == 1
    assert "physiology.yaml:" in result.output and "difficulty" in result.output
    assert "nothing was imported" in result.output
    assert _count(db, Question) == 0


def test_a_failure_midway_rolls_everything_back(db, fixture_bank, monkeypatch):
    bank = _load(*fixture_bank)

    def explode(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(bank_sync, "_upsert_items", explode)
    with pytest.raises(RuntimeError):
        bank_sync.import_bank(bank)
    assert _count(db, Muscle) == 0


def test_export_then_load_is_identity(db, fixture_bank, tmp_path):
    bank_dir, svg = fixture_bank
    original = _load(bank_dir, svg)
    bank_sync.import_bank(original)
    bank_sync.export_bank(tmp_path / "out")
    exported = _load(tmp_path / "out", svg)
    assert exported.items == original.items
    assert exported.muscles == original.muscles
    assert exported.references == original.references
    assert exported.topics == original.topics
    assert not bank_sync.import_bank(exported).changed


@pytest.mark.skipif(
    not bankfmt.DEFAULT_SVG.exists(), reason="the body-map SVG is not in this checkout"
)
def test_shipped_bank_imports_and_round_trips(db, tmp_path):
    shipped = bankfmt.load_bank(REPO / "question_bank")
    first = bank_sync.import_bank(shipped)
    assert len(first.created) == len(shipped.items)
    bank_sync.export_bank(tmp_path / "out")
    exported = bankfmt.load_bank(tmp_path / "out")
    assert exported.items == shipped.items and exported.muscles == shipped.muscles
    assert not bank_sync.import_bank(exported).changed


def test_cli_validate_stats_export(runner, db, fixture_bank, tmp_path):
    import json

    bank_dir, svg = fixture_bank
    # The CLI validates against the app's SVG; point the fixture at regions it has.
    result = runner.invoke(args=["bank", "stats", "--json", "--dir", str(REPO / "question_bank")])
    if bankfmt.DEFAULT_SVG.exists():
        assert result.exit_code == 0, result.output
        stats = json.loads(result.output)
        assert set(stats) == {"total", "by_topic", "by_type", "muscles", "unsourced"}
        assert stats["total"] == sum(stats["by_topic"].values())
    out = runner.invoke(args=["bank", "export", "--out", str(tmp_path / "empty")])
    assert out.exit_code == 0 and "Wrote" in out.output
