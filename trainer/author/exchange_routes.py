"""Upload (GIFT, Moodle XML, CSV) and download (those and Anki .apkg) pages of the bank.

"Check" runs the import as a dry run and shows what it would do; "Import" runs it for real, all
or nothing. Between the two, a small file travels back in the page (base64 in a hidden field,
checked again on arrival, never stored on the server); a larger one is chosen again.
"""

from __future__ import annotations

import base64
import binascii
import io
from datetime import UTC, datetime

from flask import current_app, render_template, request, send_file
from flask_login import current_user
from sqlalchemy import select
from werkzeug.utils import secure_filename

from trainer.author import bp
from trainer.author.common import author_required, scope
from trainer.author.exchange_forms import (
    EXPORT_FORMAT_LABELS,
    IMPORT_FORMAT_LABELS,
    ExportForm,
    ImportForm,
)
from trainer.author.forms import options
from trainer.exchange import csv_format
from trainer.extensions import db
from trainer.models import Clinic, Topic
from trainer.services.authoring import exchange_export, exchange_import
from trainer.services.authoring.bank_sync import current_bank
from trainer.services.authoring.permissions import owner_choices, owner_id

#: Download name suffix and media type per export format.
_DOWNLOADS = {
    "gift": ("gift.txt", "text/plain; charset=utf-8"),
    "moodle-xml": ("xml", "application/xml"),
    "csv": ("csv", "text/csv; charset=utf-8"),
    "apkg": ("apkg", "application/octet-stream"),
}
#: Room left in the form-field limit for the other fields when a file is kept in the page.
_FORM_MARGIN = 4096


class _NoFile(ValueError):
    pass


def _owner(value: str) -> Clinic | None:
    """The clinic for an owner choice already validated against the author's scope."""
    clinic_id = owner_id(scope(), value)
    return db.session.get(Clinic, clinic_id) if clinic_id is not None else None


def _limit() -> int:
    return int(current_app.config.get("EXCHANGE_MAX_BYTES", exchange_import.DEFAULT_MAX_BYTES))


def _uploaded(form: ImportForm) -> tuple[bytes, str]:
    """The file's bytes and name: the upload if one came, else the file kept from a check."""
    upload = form.file.data
    if upload is not None and getattr(upload, "filename", ""):
        name = secure_filename(upload.filename)[:200] or "upload"
        return upload.read(_limit() + 1), name
    if form.payload.data:
        try:
            data = base64.b64decode(form.payload.data, validate=True)
        except (binascii.Error, ValueError) as exc:
            raise _NoFile("the kept file was damaged; choose the file again") from exc
        return data, secure_filename(form.filename.data or "")[:200] or "upload"
    raise _NoFile("choose a file")


def _keepable(data: bytes) -> bool:
    """Whether the file fits in a hidden form field (Flask's MAX_FORM_MEMORY_SIZE)."""
    room = current_app.config.get("MAX_FORM_MEMORY_SIZE") or 500_000
    return (len(data) + 2) // 3 * 4 + _FORM_MARGIN < room


@bp.route("/import", methods=["GET", "POST"])
@author_required
def import_page():
    form = ImportForm()
    form.owner.choices = options(owner_choices(scope()))
    done = kept = None
    dry_run = request.form.get("action") != "import"
    if request.method == "POST" and form.validate():
        try:
            data, filename = _uploaded(form)
            exchange_import.check_file(data, form.fmt.data, _limit())
        except (_NoFile, exchange_import.UnacceptableFile) as error:
            form.file.errors = [str(error)]
        else:
            done = exchange_import.import_file(
                data,
                filename,
                form.fmt.data,
                dry_run=dry_run,
                skip_unsupported=bool(form.skip_unsupported.data),
                clinic=_owner(form.owner.data),
                user=current_user,
            )
            if dry_run and not done.errors and _keepable(data):
                kept = (base64.b64encode(data).decode("ascii"), filename)
    failed = request.method == "POST" and (done is None or bool(done.errors))
    page = render_template(
        "author/import.html",
        form=form,
        done=done,
        dry_run=dry_run,
        kept=kept,
        form_errors=_form_errors(form),
        formats=IMPORT_FORMAT_LABELS,
        limit_mb=_upload_limit() // (1024 * 1024),
    )
    return (page, 422) if failed else page


def _upload_limit() -> int:
    """The largest file an upload can carry: the import's limit or the request's, if smaller."""
    request_limit = current_app.config.get("MAX_CONTENT_LENGTH") or _limit()
    return min(_limit(), int(request_limit))


def _form_errors(form) -> list[str]:
    """Errors of fields the page shows no field for (the CSRF token)."""
    return [f"{m} Reload the page and try again." for m in form.errors.get("csrf_token", [])]


@bp.route("/import/template.csv")
@author_required
def csv_template():
    """A CSV to fill in, with one example row per item type (from the shared bank, which every
    learner may see)."""
    data = csv_format.template(list(current_bank().items))
    return send_file(
        io.BytesIO(data),
        mimetype="text/csv; charset=utf-8",
        as_attachment=True,
        download_name="questions-template.csv",
    )


@bp.route("/export", methods=["GET", "POST"])
@author_required
def export_page():
    form = ExportForm()
    form.owner.choices = options(owner_choices(scope()))
    topics = db.session.execute(select(Topic.slug, Topic.title).order_by(Topic.position)).all()
    form.topic.choices = options([("", "All topics"), *topics])
    export = None
    if request.method == "POST" and form.validate():
        try:
            export = exchange_export.export_items(
                form.fmt.data, topic=form.topic.data or None, clinic=_owner(form.owner.data)
            )
        except exchange_export.UnknownTopic as error:
            form.topic.errors = [str(error)]
        else:
            if request.form.get("action") == "download":
                return _download(export, form)
    page = render_template(
        "author/export.html",
        form=form,
        export=export,
        form_errors=_form_errors(form),
        formats=EXPORT_FORMAT_LABELS,
    )
    return (page, 422) if request.method == "POST" and export is None else page


def _download(export: exchange_export.Export, form: ExportForm):
    suffix, mimetype = _DOWNLOADS[form.fmt.data]
    day = datetime.now(UTC).strftime("%Y%m%d")
    name = f"questions-{form.owner.data}-{form.topic.data or 'all'}-{day}.{suffix}"
    response = send_file(
        io.BytesIO(export.data), mimetype=mimetype, as_attachment=True, download_name=name
    )
    response.headers["X-Items-Written"] = str(len(export.written))
    response.headers["X-Items-Left-Out"] = str(len(export.left_out))
    return response
