"""One hostile request for an endpoint, drawn with Hypothesis from its Target."""

from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import quote

from hypothesis import strategies as st

from tests.fuzz import hostile
from tests.fuzz.targets import PLAUSIBLE, RESPONSE_KEYS, Target

BODY_KINDS = ("none", "form", "multipart", "json_fields", "json_any", "raw_json")
ACCEPT = (None, "application/json", "text/html", "*/*", "text/csv")


@dataclass
class Drawn:
    method: str
    path_values: dict
    query: dict
    kind: str
    body: object = None
    headers: dict = field(default_factory=dict)


def _real(name: str, target: Target) -> tuple:
    real = PLAUSIBLE.get(name, ())
    if name in target.valid:
        real = (*real, target.valid[name])
    return real


def _form_value(name: str, target: Target):
    hostile_value = st.one_of(hostile.text, st.lists(hostile.text, min_size=2, max_size=3))
    real = _real(name, target)
    return st.one_of(st.sampled_from(real), hostile_value) if real else hostile_value


def _json_value(name: str, target: Target):
    hostile_value = hostile.json_value
    if name == "response":
        shaped = st.dictionaries(st.sampled_from(RESPONSE_KEYS), hostile.json_value, min_size=1)
        hostile_value = st.one_of(shaped, shaped, hostile.json_value)
    real = _real(name, target)
    return st.one_of(st.sampled_from(real), hostile_value) if real else hostile_value


def _fields(draw, names: tuple[str, ...], value_for, target: Target) -> dict:
    # A field with a real value (a card token, a log id) is always sent, so the hostile values
    # of the others get past the first check more often than not.
    always = [name for name in names if name in target.valid]
    others = [name for name in names if name not in target.valid]
    kept = always + (draw(st.lists(st.sampled_from(others), unique=True)) if others else [])
    body = {name: draw(value_for(name, target)) for name in kept}
    extra = draw(st.dictionaries(hostile.text, hostile.text, max_size=2))
    return {**extra, **body}


@st.composite
def request_for(draw, rule, target: Target) -> Drawn:
    methods = sorted(rule.methods - {"HEAD", "OPTIONS"})
    method = draw(st.sampled_from(methods))
    path_values = {}
    for arg in sorted(rule.arguments):
        real = target.path.get(arg, ())
        value = draw(st.one_of(st.sampled_from(real), hostile.text) if real else hostile.text)
        path_values[arg] = value
    query = _fields(draw, target.query, _form_value, target)
    kinds = BODY_KINDS if method != "GET" else ("none", "none", "json_any", "raw_json", "form")
    kind = draw(st.sampled_from(kinds))
    body: object = None
    if kind in ("form", "multipart"):
        body = _fields(draw, target.form, _form_value, target)
    elif kind == "json_fields":
        body = _fields(draw, target.json or target.form, _json_value, target)
    elif kind == "json_any":
        body = draw(hostile.json_value)
    elif kind == "raw_json":
        body = draw(st.sampled_from(hostile.RAW_JSON_BODIES))
    accept = draw(st.sampled_from(ACCEPT))
    return Drawn(method, path_values, query, kind, body, {"Accept": accept} if accept else {})


def url_for_rule(rule, path_values: dict) -> str:
    """The rule's URL with each argument quoted as a client would put it in a path."""
    path = rule.rule
    for arg, value in path_values.items():
        quoted = quote(str(value), safe="/" if "path:" in path else "")
        for converter in ("", "path:", "row_id:", "int:"):
            path = path.replace(f"<{converter}{arg}>", quoted)
    return path


def _as_form(fields: dict) -> dict:
    """Form and query values as a browser sends them: text, or lists of text; None is absent."""
    out = {}
    for name, value in fields.items():
        if isinstance(value, list):
            out[str(name)] = [str(v) for v in value if v is not None]
        elif value is not None:
            out[str(name)] = str(value)
    return out


def send(client, rule, drawn: Drawn, resolve):
    """Make the request; `resolve` fills in `Valid` placeholders just before it is sent."""
    path_values = resolve(drawn.path_values)
    query = _as_form(resolve(drawn.query))
    body = resolve(drawn.body)
    kwargs: dict = {"query_string": query, "headers": drawn.headers}
    if drawn.kind == "form":
        kwargs["data"] = _as_form(body)
    elif drawn.kind == "multipart":
        kwargs.update(data=_as_form(body), content_type="multipart/form-data")
    elif drawn.kind in ("json_fields", "json_any"):
        kwargs.update(data=hostile.dumps(body), content_type="application/json")
    elif drawn.kind == "raw_json":
        kwargs.update(data=body, content_type="application/json")
    return client.open(url_for_rule(rule, path_values), method=drawn.method, **kwargs)
