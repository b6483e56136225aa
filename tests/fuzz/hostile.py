"""Hostile values for the fuzz tests: what a careless client or an attacker sends.

Text for forms, query strings and paths (UTF-8 encodable: a form or URL cannot carry a lone
surrogate, werkzeug decodes invalid UTF-8 to U+FFFD), JSON values of every type and shape, and
raw bodies that are not valid JSON at all.
"""

from __future__ import annotations

import json

from hypothesis import strategies as st

NUMBER_TEXT = [
    "Infinity",
    "-Infinity",
    "inf",
    "NaN",
    "nan",
    "sNaN",
    "1e400",
    "-1e400",
    "1e999999999",
    "-0",
    "0",
    "-1",
    "0x10",
    "1_000",
    "１２",
    "٣",
    "2147483648",
    "9223372036854775808",
    "99999999999999999999999",
    "9" * 5000,
    "1.5",
    "0.0000001",
    "1e-300",
    " 3 ",
    "3abc",
]
INJECTION_TEXT = [
    "' OR 1=1 --",
    "'; DROP TABLE users; --",
    '" OR ""="',
    "1; SELECT pg_sleep(0)",
    "%' AND 1=0 UNION SELECT NULL--",
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    '"><svg/onload=alert(1)>',
    "javascript:alert(1)",
    "{{7*7}}",
    "${7*7}",
    "{% raw %}",
    "../../../../etc/passwd",
    "..%2f..%2f",
    "%00",
    "%s%s%n",
    "\r\nSet-Cookie: x=1",
    "=1+1",
    "@SUM(A1)",
    "\u200b=cmd",
    "＝1+1",
    "\u202egnp.exe",
    "\ufeff",
    "😀" * 50,
    "a@b",
    "admin@example.com",
    "manager@alpha.example",
    "INV-ALPHA",
    "alpha",
    "true",
    "on",
    "[]",
    "{}",
    "null",
    "",
    " ",
    "\t\n",
    "\x7f",
    "\x1b[31m",
]
LONG_TEXT = ["x" * 81, "x" * 255, "y" * 4097, "é" * 3000, "a" * 70_000]

# Every character but the surrogates (not encodable as UTF-8), control characters included.
_chars = st.characters(exclude_categories=("Cs",))
text = st.one_of(
    st.sampled_from(NUMBER_TEXT + INJECTION_TEXT),
    st.sampled_from(LONG_TEXT),
    st.text(_chars, max_size=40),
    st.text(st.characters(codec="ascii"), max_size=20),
)

# JSON scalars: huge and non-finite numbers (json.dumps writes NaN/Infinity literally), bools
# where numbers belong, numbers where strings belong.
json_scalar = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.sampled_from([2**31, -(2**31) - 1, 2**63, 10**30, 10**400, -1, 0, 1, 2, 3, 4, 5]),
    st.floats(allow_nan=True, allow_infinity=True),
    text,
)
json_value = st.recursive(
    json_scalar,
    lambda inner: st.one_of(st.lists(inner, max_size=4), st.dictionaries(text, inner, max_size=4)),
    max_leaves=12,
)


def nested(depth: int) -> str:
    """A deeply nested JSON text of lists and objects (recursion in any parser or guard)."""
    return (
        '{"a": ' * (depth // 2)
        + "[" * (depth - depth // 2)
        + "1"
        + "]" * (depth - depth // 2)
        + "}" * (depth // 2)
    )


RAW_JSON_BODIES = [
    b"",
    b" ",
    b"{",
    b"[1,",
    b"\xff\xfe",
    b"NaN",
    b"Infinity",
    b"1e400",
    b"-1e400",
    b'{"a": NaN}',
    b'{"a": Infinity, "b": -Infinity}',
    b'{"token": 1e400}',
    b"[]",
    b"null",
    b'"x"',
    b"0",
    b"true",
    b'{"a":1,"a":2}',
    b"{'single': 1}",
    b'{"a": "\\u0000"}',
    b"1" * 5000,
    nested(60).encode(),
]


def dumps(value) -> bytes:
    return json.dumps(value, allow_nan=True).encode()


# JSON can carry what a form cannot: lone surrogates, escaped as \udXXX by json.dumps.
surrogate_text = st.one_of(
    st.sampled_from(["\ud800", "\udfff", "a\udc80b", "\ud83d"]),
    st.text(st.characters(categories=("Cs", "Ll")), min_size=1, max_size=8),
)
