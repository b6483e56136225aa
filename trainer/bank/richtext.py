"""The one place that cleans HTML (the editor, imported files, pages showing stored rich text):
one ``nh3`` policy, never cleaning by hand.

``sanitise`` keeps the small safe subset the bank allows in rich text (bold, italic, lists,
sub/superscript, links). The bank's fields hold plain text (its validator refuses HTML tags), so
rich text is kept twice: plain text in the content (what files, exports, grading and duplicate
checks see) and the cleaned HTML beside it (what the preview, study and history show). Two
readings of HTML as plain text follow from where it comes from:

- ``to_plain``: an HTML document from another tool (Moodle XML, GIFT ``[html]``); whitespace,
  newlines included, collapses as a browser shows it.
- ``split_rich`` / ``plain_text``: what an author typed in the editor, where a newline they
  typed is a line break.

In both, ``<br>``, paragraphs and list items become lines, list items get a leading ``- ``.
"""

from __future__ import annotations

import html
import re

import nh3

ALLOWED_TAGS = frozenset({"b", "strong", "i", "em", "ul", "ol", "li", "sub", "sup", "a", "p", "br"})
ALLOWED_ATTRIBUTES = {"a": frozenset({"href", "title"})}
ALLOWED_URL_SCHEMES = frozenset({"http", "https", "mailto"})
LINK_REL = "noopener noreferrer"

_ANY_TAG = re.compile(r"<[a-zA-Z/!]")
_LINE_END = re.compile(r"<br\s*/?>|</p>|</li>|</ul>|</ol>", re.IGNORECASE)
_BREAK = re.compile(r"<br\s*/?>|</p>|</li>|</?ul[^>]*>|</?ol[^>]*>", re.IGNORECASE)
_ITEM = re.compile(r"<li[^>]*>", re.IGNORECASE)
_BLANKS = re.compile(r"[ \t\r\f\v]+")


def sanitise(text: str) -> str:
    """HTML reduced to the allowed subset (links get ``rel``); scripts and styles go with their
    content."""
    return nh3.clean(
        text,
        tags=set(ALLOWED_TAGS),
        attributes={tag: set(names) for tag, names in ALLOWED_ATTRIBUTES.items()},
        url_schemes=set(ALLOWED_URL_SCHEMES),
        link_rel=LINK_REL,
    ).strip()


def _text_lines(cleaned_html: str, *, typed: bool) -> str:
    """Cleaned HTML -> lines of plain text (blank ones left out). ``typed``: every line break
    the author typed (a lone carriage return, a Unicode line separator...) is one too;
    otherwise only the HTML's."""
    marked = _ITEM.sub("- ", _BREAK.sub("\n", cleaned_html))
    bare = nh3.clean(marked, tags=set())  # every remaining tag dropped, text kept (escaped)
    parts = bare.splitlines() if typed else bare.split("\n")
    lines = (" ".join(html.unescape(line).split()) for line in parts)
    return "\n".join(line for line in lines if line)


def to_plain(text: str) -> str:
    """An HTML document -> plain text: sanitised first, then tags dropped, entities decoded."""
    return _text_lines(_BLANKS.sub(" ", sanitise(text).replace("\n", " ")), typed=False)


def strip_tags(text: str) -> str:
    """Text that may hold some HTML but whose line breaks mean line breaks (Moodle auto-format)."""
    bare = nh3.clean(_LINE_END.sub("\n", text), tags=set())
    return "\n".join(html.unescape(line).strip() for line in bare.split("\n")).strip()


def has_markup(text: str) -> bool:
    return bool(_ANY_TAG.search(text))


def plain_text(cleaned_html: str) -> str:
    """What typed text with (cleaned) markup says as plain text; typed newlines stay lines."""
    return _text_lines(cleaned_html, typed=True)


def split_rich(text: str) -> tuple[str, str | None]:
    """What an author typed -> (plain text, cleaned HTML or None when it has no markup)."""
    if not has_markup(text):
        return text.strip(), None
    cleaned = sanitise(text)
    return plain_text(cleaned), cleaned
