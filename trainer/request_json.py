"""The JSON object a request carries, read strictly: anything else is the client's error (400).

Flask's own parser accepts `NaN`, `Infinity` and numbers like `1e400` (which become `inf`), and
any JSON value at the top level. Every JSON endpoint here expects an object of finite values, so
the body is parsed once more with those refused, and the views never see a list, a bare string,
a non-finite number or a lone surrogate where they expect fields.
"""

from __future__ import annotations

import json
import math
from typing import Any

from flask import request


class NotAJsonObject(ValueError):
    """The body is not a JSON object of finite values; the message says what to send instead."""


def _finite_float(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):
        raise NotAJsonObject(f"The number {text[:20]} is too large; numbers must be finite.")
    return value


def _no_constant(name: str) -> float:
    raise NotAJsonObject(f"{name} is not a number JSON allows; numbers must be finite.")


def json_object() -> dict[str, Any] | None:
    """The request's JSON object; None when it declares no JSON body or sends an empty one.

    An empty body counts as none because study.js sends `Content-Type: application/json` on its
    GETs too. Raises NotAJsonObject for malformed JSON, a top-level value that is not an object,
    and non-finite numbers or lone surrogates anywhere in it.
    """
    if not request.is_json:
        return None
    raw = request.get_data(cache=True)
    if not raw.strip():
        return None
    try:
        body = json.loads(raw, parse_float=_finite_float, parse_constant=_no_constant)
    except NotAJsonObject:
        raise
    except (ValueError, RecursionError):
        # ValueError covers bad syntax, bad UTF-8 and integers beyond Python's digit limit.
        raise NotAJsonObject("The request body is not valid JSON. Send a JSON object.") from None
    if not isinstance(body, dict):
        raise NotAJsonObject("Send a JSON object (fields in braces), not a list or a bare value.")
    try:
        # A \ud800 escape parses to a lone surrogate, which no UTF-8 encoder (a signature check,
        # the database driver) accepts: refuse it here rather than deep inside a service.
        json.dumps(body, ensure_ascii=False).encode()
    except UnicodeEncodeError:
        raise NotAJsonObject("The text contains a lone surrogate (\\ud800-\\udfff).") from None
    return body
