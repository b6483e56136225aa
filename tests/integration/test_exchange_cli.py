"""`flask bank import-file` / `export-file` / `csv-template` against the database."""

from __future__ import annotations

import json
import sqlite3
import zipfile
from pathlib import Path

import pytest
from sqlalchemy import func, select

from tests.factories import make_bank
from trainer.exchange import moodle_xml
from trainer.models import Question, QuestionVersion
from trainer.services.authoring.bank_sync import current_bank

SAMPLES = Path(__file__).resolve().parents[1] / "unit" / "exchange" / "samples"


def _count(db, model) -> int:
    return db.session.execute(select(func.count()).select_from(model)).scalar_one()


def _import(runner, path, fmt, *extra):
    result = runner.invoke(
        args=["bank", "import-file", str(path), "--format", fmt, "--json", *extra]
    )
    return result, json.loads(result.output) if result.output.startswith("{") else None


@pytest.fixture
def small_bank(db):
    return make_bank(db, per_topic=2)


def test_dry_run_json_shape_and_nothing_written(runner, db, small_bank):
    before = _count(db, QuestionVersion)
    result, out = _import(runner, SAMPLES / "moodle.xml", "moodle-xml", "--dry-run",
                          "--skip-unsupported")  # fmt: skip
    assert result.exit_code == 0, result.output
    assert list(out) == ["would_create", "would_update", "skipped", "errors", "items"]
    assert (out["would_create"], out["would_update"], out["errors"]) == (5, 0, [])
    assert {
        "name": "Cloze one",
        "type": "cloze",
        "reason": "cloze questions are not supported",
    } in (out["skipped"])
    item = next(i for i in out["items"] if i["name"] == "Scalene mimics")
    assert item["type"] == "multiple_response"
    assert [c["fraction"] for c in item["choices"]] == [0.5, 0.5, -0.5, -0.5]
    assert item["category"].endswith("Referral patterns/Shoulder//arm")
    assert set(item) >= {"name", "type", "prompt", "choices", "pairs", "answer", "category"}
    assert _count(db, QuestionVersion) == before


def test_dry_run_equals_the_real_import(runner, db, small_bank):
    _, dry = _import(runner, SAMPLES / "gift.txt", "gift", "--dry-run", "--skip-unsupported")
    result, real = _import(runner, SAMPLES / "gift.txt", "gift", "--skip-unsupported")
    assert result.exit_code == 0, result.output
    assert (
        (real["created"], real["updated"])
        == (dry["would_create"], dry["would_update"])
        == (
            7,
            0,
        )
    )
    assert real["items"] == dry["items"]
    ids = {i["id"] for i in real["items"]}
    stored = set(
        db.session.execute(
            select(Question.external_id).where(Question.external_id.in_(ids))
        ).scalars()
    )
    assert stored == ids


def test_reimporting_the_same_file_changes_nothing(runner, db, small_bank):
    _import(runner, SAMPLES / "gift.txt", "gift", "--skip-unsupported")
    versions = _count(db, QuestionVersion)
    result, again = _import(runner, SAMPLES / "gift.txt", "gift", "--skip-unsupported")
    assert result.exit_code == 0
    assert (again["created"], again["updated"]) == (0, 0)  # same ids found again by prompt
    assert _count(db, QuestionVersion) == versions


def test_unsupported_questions_stop_the_import_unless_skipped(runner, db, small_bank):
    before = _count(db, Question)
    result, out = _import(runner, SAMPLES / "moodle.xml", "moodle-xml")
    assert result.exit_code == 1
    assert {(e["question"], e["field"]) for e in out["errors"]} == {
        (name, "type")
        for name in ("Describe a treatment", "How many heads", "Cloze one", "Dose",
                     "Read this first")
    }  # fmt: skip
    assert (out["created"], out["updated"]) == (0, 0)
    assert _count(db, Question) == before


def test_one_bad_question_means_nothing_is_written(runner, db, small_bank, tmp_path):
    text = (SAMPLES / "gift.txt").read_text(encoding="utf-8")
    bad = tmp_path / "bad.txt"
    bad.write_text(text.replace("~%-50%Tennis elbow", "~%-45%Tennis elbow"), encoding="utf-8")
    before = _count(db, QuestionVersion)
    result, out = _import(runner, bad, "gift", "--skip-unsupported")
    assert result.exit_code == 1
    assert out["errors"] == [
        {
            "line": 18,
            "question": "Mimics, select all",
            "field": "choices[3].fraction",
            "message": "-45% is not one of Moodle's grades",
        }
    ]
    assert _count(db, QuestionVersion) == before


def test_text_output_names_file_line_question_and_field(runner, db, small_bank, tmp_path):
    bad = tmp_path / "bad.txt"
    bad.write_text("$CATEGORY: safety\n\n::Q1::Is it?{TRUE}\n", encoding="utf-8")
    result = runner.invoke(args=["bank", "import-file", str(bad), "--format", "gift"])
    assert result.exit_code == 1
    assert "bad.txt:3: 'Q1'.explanation: missing required field" in result.output
    assert "nothing was imported" in result.output


def test_a_changed_item_gets_a_new_version(runner, db, small_bank, tmp_path):
    out = tmp_path / "bank.xml"
    assert runner.invoke(args=["bank", "export-file", "--format", "moodle-xml", "--out",
                               str(out)]).exit_code == 0  # fmt: skip
    item = next(i for i in small_bank.items if i.type.value == "true_false")
    edited = out.read_text(encoding="utf-8").replace(item.explanation, "A new explanation.")
    out.write_text(edited, encoding="utf-8")
    result, report = _import(runner, out, "moodle-xml")
    assert result.exit_code == 0, result.output
    assert (report["created"], report["updated"]) == (0, 1)
    question = db.session.execute(
        select(Question).where(Question.external_id == item.id)
    ).scalar_one()
    assert question.current_version.number == 2
    assert question.current_version.content["explanation"] == "A new explanation."


@pytest.mark.parametrize("fmt", ["gift", "moodle-xml", "csv"])
def test_export_then_import_is_unchanged(runner, db, small_bank, tmp_path, fmt):
    out = tmp_path / "export"
    result = runner.invoke(args=["bank", "export-file", "--format", fmt, "--out", str(out)])
    assert result.exit_code == 0, result.output
    held = len(small_bank.items) - (0 if fmt == "csv" else sum(
        i.type.value == "body_map" for i in small_bank.items
    ))  # fmt: skip
    assert f"Wrote {held} items" in result.output
    versions = _count(db, QuestionVersion)
    result, report = _import(runner, out, fmt)
    assert result.exit_code == 0, result.output
    assert (report["created"], report["updated"], len(report["items"])) == (0, 0, held)
    assert _count(db, QuestionVersion) == versions


def test_export_one_topic_as_apkg(runner, db, small_bank, tmp_path):
    out = tmp_path / "safety.apkg"
    result = runner.invoke(
        args=["bank", "export-file", "--format", "apkg", "--out", str(out), "--topic", "safety"]
    )
    assert result.exit_code == 0, result.output
    collection = tmp_path / "collection.anki2"
    collection.write_bytes(zipfile.ZipFile(out).read("collection.anki2"))
    count = sqlite3.connect(collection).execute("select count(*) from notes").fetchone()[0]
    assert count == len(small_bank.items_in("safety"))


def test_unknown_topic_and_clinic(runner, db, small_bank, tmp_path, clinic_a):
    out = str(tmp_path / "x")
    result = runner.invoke(args=["bank", "export-file", "--format", "csv", "--out", out,
                                 "--topic", "nope"])  # fmt: skip
    assert result.exit_code == 1 and "no topic 'nope'" in result.output
    result = runner.invoke(args=["bank", "export-file", "--format", "csv", "--out", out,
                                 "--clinic", "nope"])  # fmt: skip
    assert result.exit_code == 1 and "no clinic with slug 'nope'" in result.output


def test_import_and_export_for_a_clinic_keep_its_items_its_own(runner, db, small_bank, tmp_path,
                                                              clinic_a, clinic_b):  # fmt: skip
    from trainer.models import Question

    result = runner.invoke(args=["bank", "import-file", str(SAMPLES / "gift.txt"), "--format",
                                 "gift", "--clinic", clinic_a.slug, "--skip-unsupported",
                                 "--json"])  # fmt: skip
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    created = [item["id"] for item in report["items"] if item["action"] == "create"]
    assert created and report["created"] == len(created)
    owners = set(db.session.execute(
        select(Question.clinic_id).where(Question.external_id.in_(created))
    ).scalars())  # fmt: skip
    assert owners == {clinic_a.id}
    # clinic A's export has them, the shared bank's and clinic B's do not
    exports = {}
    for owner in ("alpha", "beta", None):
        out = tmp_path / f"{owner}.csv"
        args = ["bank", "export-file", "--format", "csv", "--out", str(out)]
        result = runner.invoke(args=[*args, "--clinic", owner] if owner else args)
        assert result.exit_code == 0, result.output
        exports[owner] = out.read_text(encoding="utf-8-sig")
    assert all(item_id in exports["alpha"] for item_id in created)
    assert not any(item_id in exports["beta"] or item_id in exports[None] for item_id in created)
    # the same file into clinic B names A's items: refused, nothing written
    result = runner.invoke(args=["bank", "import-file", str(SAMPLES / "gift.txt"), "--format",
                                 "gift", "--clinic", clinic_b.slug,
                                 "--skip-unsupported"])  # fmt: skip
    assert result.exit_code == 1
    assert "belongs to another clinic" in result.output
    assert db.session.execute(
        select(Question).where(Question.clinic_id == clinic_b.id)
    ).first() is None


@pytest.mark.app_config(EXCHANGE_MAX_BYTES=100)
def test_size_limit_and_type_check(runner, db, small_bank):
    result = runner.invoke(args=["bank", "import-file", str(SAMPLES / "gift.txt"), "--format",
                                 "gift"])  # fmt: skip
    assert result.exit_code == 1 and "over the 100-byte limit" in result.output


def test_xml_given_as_gift_is_refused(runner, db, small_bank):
    result = runner.invoke(args=["bank", "import-file", str(SAMPLES / "moodle.xml"), "--format",
                                 "gift"])  # fmt: skip
    assert result.exit_code == 1 and "use --format moodle-xml" in result.output


def test_csv_template_imports_as_unchanged(runner, db, small_bank, tmp_path):
    out = tmp_path / "template.csv"
    result = runner.invoke(args=["bank", "csv-template", "--out", str(out)])
    assert result.exit_code == 0, result.output
    result, report = _import(runner, out, "csv", "--dry-run")
    assert result.exit_code == 0, result.output
    assert (report["would_create"], report["would_update"]) == (0, 0)
    assert len(report["items"]) >= 6


def test_moodle_to_here_to_moodle_keeps_every_question(runner, db, small_bank, tmp_path):
    result, first = _import(runner, SAMPLES / "moodle.xml", "moodle-xml", "--skip-unsupported")
    assert result.exit_code == 0, result.output
    out = tmp_path / "again.xml"
    runner.invoke(args=["bank", "export-file", "--format", "moodle-xml", "--out", str(out)])
    again = {i.item.id: i.item for i in moodle_xml.parse(out.read_bytes(), "again.xml").items}
    bank = current_bank()
    for imported in first["items"]:
        assert again[imported["id"]] == bank.item(imported["id"])
        assert again[imported["id"]].prompt == imported["prompt"]


def test_dry_run_lists_each_item_with_what_would_happen(runner, db, small_bank, tmp_path):
    item = next(i for i in small_bank.items if i.type.value == "true_false")
    gift_file = tmp_path / "two.txt"
    gift_file.write_text(
        f"$CATEGORY: {item.topic}\n\n// @tag reference:namtpt\n"
        f"::{item.id}::[plain]{item.prompt}{{{'FALSE' if item.answer else 'TRUE'}####Flipped.}}\n"
        "\n// @tag reference:namtpt\n::New one::Brand new question?{TRUE####Because.}\n",
        encoding="utf-8",
    )
    result = runner.invoke(args=["bank", "import-file", str(gift_file), "--format", "gift",
                                 "--dry-run"])  # fmt: skip
    assert result.exit_code == 0, result.output
    assert f"update    {item.id}  '{item.id}' (line 4)" in result.output
    assert "create" in result.output and "'New one' (line 7)" in result.output
    _, out = _import(runner, gift_file, "gift", "--dry-run")
    assert [i["action"] for i in out["items"]] == ["update", "create"]


def test_a_new_body_map_row_is_checked_against_the_figure_and_muscles(runner, db, small_bank,
                                                                      tmp_path):  # fmt: skip
    rows = tmp_path / "maps.csv"
    rows.write_text(
        "topic,type,mode,muscle,prompt,regions,explanation,reference_1\n"
        "referral-patterns,body_map,select_regions,upper-trapezius,Shade it.,"
        "temple; elbow-of-nowhere,Because.,namtpt\n"
        "referral-patterns,body_map,select_regions,no-such-muscle,Shade that.,"
        "temple,Because.,namtpt\n",
        encoding="utf-8",
    )
    result, out = _import(runner, rows, "csv")
    assert result.exit_code == 1
    found = {(e["line"], e["field"]) for e in out["errors"]}
    assert (2, "regions[1]") in found
    assert (3, "muscle") in found
