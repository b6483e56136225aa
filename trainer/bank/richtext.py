"""The one place that cleans HTML from outside (imports, the editor): ``nh3``, never by hand.

``sanitise`` keeps the small safe subset the bank allows in rich text (bold, italic, lists,
sub/superscript, links). ``to_plain`` turns HTML into the plain text the bank's fields hold
today (trainer/bank validation rejects HTML tags), keeping paragraphs and list items as lines.
"""

from __future__ import annotations

import html
import re

import nh3

ALLOWED_TAGS = frozenset({"b", "strong", "i", "em", "ul", "ol", "li", "sub", "sup", "a", "p", "br"})
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}}
ALLOWED_URL_SCHEMES = frozenset({"http", "https", "mailto"})

_BREAK = re.compile(r"<br\s*/?>|</p>|</li>|</ul>|</ol>", re.IGNORECASE)
_ITEM = re.compile(r"<li>", re.IGNORECASE)
_BLANKS = re.compile(r"[ \t\r\f\v]+")


def sanitise(text: str) -> str:
    """HTML reduced to the allowed subset; scripts and styles go with their content."""
    return nh3.clean(
        text,
        tags=set(ALLOWED_TAGS),
        attributes={k: set(v) for k, v in ALLOWED_ATTRIBUTES.items()},
        url_schemes=set(ALLOWED_URL_SCHEMES),
        link_rel="noopener noreferrer",
    )


def to_plain(text: str) -> str:
    """HTML -> plain text: sanitised first, then tags dropped, entities decoded.

    HTML whitespace (newlines included) collapses as a browser shows it; ``<br>``, ``</p>`` and
    list items become line breaks, list items get a leading ``- ``.
    """
    clean = sanitise(text)
    clean = _BLANKS.sub(" ", clean.replace("\n", " "))
    clean = _ITEM.sub("- ", _BREAK.sub("\n", clean))
    bare = nh3.clean(clean, tags=set())  # every remaining tag dropped, text kept (escaped)
    lines = (" ".join(html.unescape(line).split()) for line in bare.split("\n"))
    return "\n".join(line for line in lines if line)


def strip_tags(text: str) -> str:
    """Text that may hold some HTML but whose line breaks mean line breaks (Moodle auto-format)."""
    bare = nh3.clean(_BREAK.sub("\n", text), tags=set())
    return "\n".join(html.unescape(line).strip() for line in bare.split("\n")).strip()
