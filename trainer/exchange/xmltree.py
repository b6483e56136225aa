"""A small XML tree that remembers each element's line (ElementTree does not), built on expat.

expat decodes entities and CDATA, refuses undeclared entities (as Moodle's parser does) and
never fetches external ones.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from xml.parsers import expat


@dataclass
class Node:
    tag: str
    attrs: dict[str, str]
    line: int
    children: list[Node] = field(default_factory=list)
    parts: list[str] = field(default_factory=list)

    @property
    def text(self) -> str:
        return "".join(self.parts)

    def all(self, tag: str) -> list[Node]:
        return [c for c in self.children if c.tag == tag]

    def first(self, tag: str) -> Node | None:
        return next((c for c in self.children if c.tag == tag), None)

    def path_text(self, *tags: str, default: str = "") -> str:
        """The text of the first ``tags[0]/tags[1]/...`` child, or ``default``."""
        node: Node | None = self
        for tag in tags:
            node = node.first(tag) if node is not None else None
        return node.text if node is not None else default


class XMLSyntaxError(ValueError):
    def __init__(self, line: int, message: str) -> None:
        super().__init__(message)
        self.line = line


def parse_xml(data: bytes, *, utf8: bool = False) -> Node:
    """The document's root; raises XMLSyntaxError with the line. ``utf8`` overrides the
    declared encoding (for text that was already decoded and re-encoded as UTF-8)."""
    parser = expat.ParserCreate("UTF-8" if utf8 else None)
    stack: list[Node] = []
    root: list[Node] = []

    def start(tag: str, attrs: dict[str, str]) -> None:
        node = Node(tag, attrs, parser.CurrentLineNumber)
        (stack[-1].children if stack else root).append(node)
        stack.append(node)

    def end(_tag: str) -> None:
        stack.pop()

    def chars(text: str) -> None:
        if stack:
            stack[-1].parts.append(text)

    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.CharacterDataHandler = chars
    try:
        parser.Parse(data, True)
    except expat.ExpatError as exc:
        raise XMLSyntaxError(exc.lineno, expat.errors.messages[exc.code]) from exc
    return root[0]
