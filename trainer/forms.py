"""The base of every form: Flask-WTF's, with a JSON body read strictly.

Flask-WTF fills a form from a JSON body when there is no form data, with
`ImmutableMultiDict(request.get_json())`: a JSON list, number or `true` there is a TypeError (a
500 on every form in the app), and a nested object becomes a field "value" no validator expects.
Here a JSON body must be an object of text, numbers and booleans (or lists of them), like the
fields of a form; anything else is a 400.
"""

from __future__ import annotations

from flask import abort, request
from flask_wtf import FlaskForm
from flask_wtf.form import _Auto, _is_submitted
from werkzeug.datastructures import ImmutableMultiDict

from trainer.request_json import NotAJsonObject, json_object

_SCALARS = (str, int, float, bool)


def _as_field_values(body: dict) -> ImmutableMultiDict:
    pairs = []
    for name, value in body.items():
        values = value if isinstance(value, list) else [value]
        if not all(isinstance(v, _SCALARS) for v in values):
            abort(400, description=f"The field {name[:40]!r} must be text, a number or a list.")
        pairs.extend((name, str(v)) for v in values)
    return ImmutableMultiDict(pairs)


class Form(FlaskForm):
    class Meta(FlaskForm.Meta):
        def wrap_formdata(self, form, formdata):
            if formdata is _Auto and _is_submitted() and not request.files and not request.form:
                try:
                    body = json_object()
                except NotAJsonObject as error:
                    abort(400, description=str(error))
                return _as_field_values(body) if body is not None else None
            return super().wrap_formdata(form, formdata)
