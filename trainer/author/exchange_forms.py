"""Forms of the exchange pages (upload, download) and of a new bibliography reference.

Owner and topic choices are set per request from the author's scope, so that a value outside it
is a field error ("Not a valid choice"), never another owner's data.
"""

from __future__ import annotations

from flask_wtf.file import FileField
from wtforms import BooleanField, HiddenField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length

from trainer.author.forms import options
from trainer.bank.spec import ReferenceKind
from trainer.forms import Form as AppForm

IMPORT_FORMAT_LABELS = {"gift": "GIFT", "moodle-xml": "Moodle XML", "csv": "CSV"}
EXPORT_FORMAT_LABELS = {**IMPORT_FORMAT_LABELS, "apkg": "Anki deck (.apkg)"}


class ImportForm(AppForm):
    file = FileField("File")
    fmt = SelectField("Format", choices=options(IMPORT_FORMAT_LABELS.items()))
    owner = SelectField("Owner")
    skip_unsupported = BooleanField("Leave out questions of types the bank cannot hold")
    #: The checked file, base64, so "Import" after "Check" needs no second upload (small files).
    payload = HiddenField()
    filename = HiddenField()


class ExportForm(AppForm):
    fmt = SelectField("Format", choices=options(EXPORT_FORMAT_LABELS.items()))
    topic = SelectField("Topic", default="")
    owner = SelectField("Owner")


class ReferenceForm(AppForm):
    """Fields only parse; the bank's reference rules (trainer/bank/catalogue.py) judge them."""

    key = StringField("Key", validators=[DataRequired(), Length(max=80)])
    title = StringField("Title", validators=[Length(max=500)])
    citation = TextAreaField("Citation", validators=[DataRequired(), Length(max=2000)])
    kind = SelectField("Kind", choices=options((k.value, k.value) for k in ReferenceKind))
    doi = StringField("DOI", validators=[Length(max=200)])
    pmid = StringField("PMID", validators=[Length(max=20)])
    url = StringField("URL", validators=[Length(max=500)])
