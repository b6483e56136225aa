"""/author/import and /author/export: dry run = import, all or nothing, owners in scope only."""

from __future__ import annotations

import csv
import io
import re
import zipfile

import pytest
from sqlalchemy import func, select

from trainer.exchange import csv_format, gift
from trainer.models import Question, QuestionVersion
from trainer.services.authoring import exchange_export, exchange_import

GIFT = """$CATEGORY: $course$/top/Safety

// @tag reference:namtpt
::First::Imported question one?{TRUE####Because one.}

// @tag reference:namtpt
::Second::Imported question two?{FALSE####Because two.}
"""
ESSAY = GIFT + "\n::Essay::Describe a trigger point.{}\n"


def _versions(db) -> int:
    return db.session.execute(select(func.count()).select_from(QuestionVersion)).scalar_one()


def _post_file(client, data: bytes, action="check", name="quiz.txt", **fields):
    form = {"fmt": "gift", "owner": "shared", "action": action, **fields}
    form["file"] = (io.BytesIO(data), name)
    return client.post("/author/import", data=form, content_type="multipart/form-data")


def _actions(html: str) -> list[str]:
    return re.findall(r'<tr data-action="(\w+)">', html)


def _kept_form(html: str) -> dict[str, str]:
    """The hidden fields of the "Import this file" form that follows a clean check."""
    block = html.split('id="confirm-import"', 1)[1].split("</form>", 1)[0]
    fields = dict(re.findall(r'name="(\w+)" value="([^"]*)"', block))
    fields["action"] = "import"
    return fields


def test_check_is_a_dry_run_and_the_import_that_follows_does_the_same(db, bank, instructor_client):
    before = _versions(db)
    checked = _post_file(instructor_client, GIFT.encode())
    html = checked.get_data(as_text=True)
    assert checked.status_code == 200
    assert _actions(html) == ["create", "create"]
    assert "Nothing written yet" in html
    assert _versions(db) == before

    done = instructor_client.post("/author/import", data=_kept_form(html))
    assert done.status_code == 200, done.get_data(as_text=True)
    assert _actions(done.get_data(as_text=True)) == ["create", "create"]
    assert _versions(db) == before + 2

    again = _post_file(instructor_client, GIFT.encode())
    assert _actions(again.get_data(as_text=True)) == ["unchanged", "unchanged"]
    csv_file = exchange_export.export_items("csv", topic="safety").data
    recheck = _post_file(instructor_client, csv_file, name="s.csv", fmt="csv")
    assert set(_actions(recheck.get_data(as_text=True))) == {"unchanged"}


def test_import_button_with_the_upload_imports_directly(db, bank, instructor_client):
    before = _versions(db)
    response = _post_file(instructor_client, GIFT.encode(), action="import")
    assert response.status_code == 200
    assert "Imported: 2 created" in response.get_data(as_text=True)
    assert _versions(db) == before + 2


def test_errors_are_listed_with_line_question_and_field_and_nothing_is_written(
    db, bank, instructor_client
):
    before = _versions(db)
    for action in ("check", "import"):
        response = _post_file(instructor_client, ESSAY.encode(), action=action)
        html = response.get_data(as_text=True)
        assert response.status_code == 422
        assert "nothing was written" in html
        rows = re.findall(r"<tr><td>(\d*)</td><td>([^<]*)</td><td>([^<]*)</td>", html)
        assert rows == [("9", "Essay", "type")]
        assert 'id="confirm-import"' not in html
    assert _versions(db) == before


def test_skip_unsupported_leaves_the_essay_out(db, bank, instructor_client):
    response = _post_file(instructor_client, ESSAY.encode(), action="import", skip_unsupported="y")
    assert response.status_code == 200
    assert _actions(response.get_data(as_text=True)) == ["create", "create", "skip"]


def test_a_tampered_kept_file_is_checked_again(db, bank, instructor_client):
    before = _versions(db)
    fields = {"fmt": "gift", "owner": "shared", "action": "import", "payload": "not base64!"}
    response = instructor_client.post("/author/import", data=fields)
    assert response.status_code == 422
    assert "choose the file again" in response.get_data(as_text=True)
    assert _versions(db) == before


@pytest.fixture
def b_item(db, bank, clinic_b) -> str:
    parsed = gift.parse(GIFT, "b.txt", exchange_import.import_context(clinic_b))
    exchange_import.import_items([parsed.items[0].item], clinic=clinic_b)
    return parsed.items[0].item.id


def test_an_instructor_imports_only_for_owners_in_scope(db, client_a, clinic_a, clinic_b, b_item):
    before = _versions(db)
    for owner in (clinic_b.slug, "shared"):
        response = _post_file(client_a, GIFT.encode(), action="import", owner=owner)
        assert response.status_code == 422
        assert 'data-error-for="owner"' in response.get_data(as_text=True)
    assert _versions(db) == before
    mine = _post_file(client_a, GIFT.encode(), action="import", owner=clinic_a.slug)
    assert mine.status_code == 200
    owners = db.session.execute(
        select(Question.clinic_id).where(Question.clinic_id.is_not(None))
    ).scalars()
    assert sorted(owners) == sorted([clinic_b.id, clinic_a.id, clinic_a.id])


def test_a_file_naming_another_clinics_item_is_an_error(db, client_a, clinic_a, clinic_b, b_item):
    body = exchange_export.export_items("csv", clinic=clinic_b).data
    assert b_item.encode() in body
    response = _post_file(
        client_a, body, action="import", name="b.csv", fmt="csv", owner=clinic_a.slug
    )
    assert response.status_code == 422
    assert "belongs to another clinic" in response.get_data(as_text=True)


def test_an_instructor_exports_only_owners_in_scope(db, client_a, clinic_a, clinic_b, b_item):
    for owner in (clinic_b.slug, "shared"):
        response = client_a.post(
            "/author/export", data={"fmt": "csv", "owner": owner, "action": "download"}
        )
        assert response.status_code == 422
        assert b_item.encode() not in response.data
    mine = client_a.post(
        "/author/export", data={"fmt": "csv", "owner": clinic_a.slug, "action": "download"}
    )
    assert mine.status_code == 200
    assert b_item.encode() not in mine.data


def test_export_downloads_an_attachment_and_check_lists_what_is_left_out(
    db, bank, instructor_client
):
    response = instructor_client.post(
        "/author/export", data={"fmt": "gift", "owner": "shared", "action": "download"}
    )
    expected = exchange_export.export_items("gift")
    assert response.status_code == 200
    assert response.data == expected.data
    disposition = response.headers["Content-Disposition"]
    assert disposition.startswith("attachment;") and "questions-shared-all-" in disposition
    assert disposition.endswith('.gift.txt"') or disposition.endswith(".gift.txt")
    assert expected.left_out, "the test bank should hold items GIFT cannot (body maps)"
    checked = instructor_client.post(
        "/author/export", data={"fmt": "gift", "owner": "shared", "action": "check"}
    )
    html = checked.get_data(as_text=True)
    listed = re.findall(r"<tr><td>([a-z]{3}-\d{3})</td>", html)
    assert listed == [item.id for item, _ in expected.left_out]


def test_export_of_one_topic_and_an_unknown_topic(db, bank, instructor_client):
    one = instructor_client.post(
        "/author/export",
        data={"fmt": "csv", "owner": "shared", "topic": "safety", "action": "download"},
    )
    rows = list(csv.DictReader(io.StringIO(one.data.decode("utf-8-sig"))))
    assert rows and {r["id"][:3] for r in rows} == {"saf"}
    bad = instructor_client.post(
        "/author/export", data={"fmt": "csv", "owner": "shared", "topic": "nope"}
    )
    assert bad.status_code == 422
    assert 'data-error-for="topic"' in bad.get_data(as_text=True)


def test_apkg_download_is_a_zip(db, bank, instructor_client):
    response = instructor_client.post(
        "/author/export", data={"fmt": "apkg", "owner": "shared", "action": "download"}
    )
    assert response.status_code == 200
    assert zipfile.is_zipfile(io.BytesIO(response.data))
    assert ".apkg" in response.headers["Content-Disposition"]


def test_csv_template_download(db, bank, instructor_client):
    response = instructor_client.get("/author/import/template.csv")
    assert response.status_code == 200
    assert response.mimetype == "text/csv"
    assert response.headers["Content-Disposition"].startswith("attachment;")
    header = next(csv.reader(io.StringIO(response.data.decode("utf-8-sig"))))
    assert tuple(header) == tuple(csv_format.COLUMNS)
    page = instructor_client.get("/author/import").data
    assert b"/author/import/template.csv" in page
    assert b"at most 8 MB" in page  # the request limit, below the import's own 10 MB


def test_the_bank_browser_links_the_pages(db, bank, instructor_client):
    html = instructor_client.get("/author/").get_data(as_text=True)
    assert 'href="/author/import"' in html and 'href="/author/export"' in html


def test_a_huge_upload_is_413(db, bank, instructor_client, app):
    # A hand-made multipart body: the test client would spool a file this big to a temporary
    # file that it never closes.
    boundary = "tptboundary"
    body = (
        (
            f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="big.txt"\r\n'
            "Content-Type: text/plain\r\n\r\n"
        ).encode()
        + b"x" * (app.config["MAX_CONTENT_LENGTH"] + 1)
        + f"\r\n--{boundary}--\r\n".encode()
    )
    response = instructor_client.post(
        "/author/import",
        data=body,
        content_type=f"multipart/form-data; boundary={boundary}",
    )
    assert response.status_code == 413


def test_a_bad_format_value_is_a_field_error(db, bank, instructor_client):
    before = _versions(db)
    response = _post_file(instructor_client, GIFT.encode(), action="import", fmt="docx")
    assert response.status_code == 422
    assert 'data-error-for="fmt"' in response.get_data(as_text=True)
    export = instructor_client.post("/author/export", data={"fmt": "pdf", "owner": "shared"})
    assert export.status_code == 422
    assert 'data-error-for="fmt"' in export.get_data(as_text=True)
    assert _versions(db) == before


@pytest.mark.parametrize(
    "data, fmt",
    [
        ("Caf\xe9 question?{TRUE}".encode("latin-1"), "gift"),
        ("id,type\nx,\xe9".encode("latin-1"), "csv"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)), "gift"),
        (bytes(range(256)) * 4, "csv"),
        (b"<?xml version='1.0'?><quiz><question", "moodle-xml"),
        (b"\xff\xfe<\x00q\x00u\x00i\x00z\x00>\x00", "moodle-xml"),
        (b"", "gift"),
    ],
)
def test_odd_files_get_a_clear_error_not_a_500(db, bank, instructor_client, data, fmt):
    before = _versions(db)
    response = _post_file(instructor_client, data, action="import", fmt=fmt)
    assert response.status_code in (200, 422), response.get_data(as_text=True)[:500]
    if response.status_code == 200:
        assert "Imported: 0 created" in response.get_data(as_text=True)
    assert _versions(db) == before


def test_no_file_is_a_field_error(db, bank, instructor_client):
    response = instructor_client.post(
        "/author/import", data={"fmt": "gift", "owner": "shared", "action": "check"}
    )
    assert response.status_code == 422
    assert 'data-error-for="file"' in response.get_data(as_text=True)
