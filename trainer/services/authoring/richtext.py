"""Rich text of prompts and explanations: a small safe subset of HTML, cleaned by nh3.

The bank format holds plain text (its validator refuses HTML), so a version keeps both: the
plain text in ``content`` (what files, exports, grading and duplicate checks see) and the
cleaned HTML in ``rich`` (what the preview and history show).
"""

from __future__ import annotations

import html
import re

import nh3

ALLOWED_TAGS = {"b", "strong", "i", "em", "ul", "ol", "li", "sub", "sup", "a", "p", "br"}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}}
URL_SCHEMES = {"http", "https", "mailto"}
_ANY_TAG = re.compile(r"<[a-zA-Z/!]")
_BREAKS = re.compile(r"(?i)<br\s*/?>|</(p|li)>|<(ul|ol)[^>]*>")
_LIST_ITEM = re.compile(r"(?i)<li[^>]*>")


def sanitise(text: str) -> str:
    """The text with every tag or attribute outside the subset removed (links get rel)."""
    return nh3.clean(
        text, tags=ALLOWED_TAGS, attributes=ALLOWED_ATTRIBUTES, url_schemes=URL_SCHEMES
    ).strip()


def has_markup(text: str) -> bool:
    return bool(_ANY_TAG.search(text))


def plain_text(cleaned_html: str) -> str:
    """What the HTML says as plain text: list items and paragraphs on lines of their own."""
    marked = _LIST_ITEM.sub("- ", _BREAKS.sub("\n", cleaned_html))
    text = html.unescape(nh3.clean(marked, tags=set()))
    lines = [" ".join(line.split()) for line in text.splitlines()]
    return "\n".join(line for line in lines if line)


def split_rich(text: str) -> tuple[str, str | None]:
    """(plain text, cleaned HTML or None when the text has no markup)."""
    if not has_markup(text):
        return text.strip(), None
    cleaned = sanitise(text)
    return plain_text(cleaned), cleaned
