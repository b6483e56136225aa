"""Anki .apkg export with genanki: one subdeck per topic, stable note GUIDs from our item ids.

Flashcards are Basic notes (front: prompt; back: answer, explanation, sources). Objective items
use one "Trigger Point Trainer" note type whose back holds the key, the explanation, the sources
and, for body maps, the figure with the zone shaded (an SVG media file). The GUID is
``genanki.guid_for(GUID_NAMESPACE, item.id)``: re-importing an updated deck into Anki updates
its notes instead of duplicating them. Export only: Anki decks hold no answer key to read back.
"""

from __future__ import annotations

import hashlib
import tempfile
from html import escape
from pathlib import Path

import genanki

from trainer.bank.model import Bank, Item, MuscleChoice
from trainer.bank.spec import BodyMapMode, ItemType
from trainer.bodymap import region_names, render_bodymap

TYPES = tuple(ItemType)
EXTENSION = ".apkg"
GUID_NAMESPACE = "trigger-point-trainer"
ROOT_DECK = "Trigger Point Trainer"
# Fixed ids: Anki identifies note types by id, so every export must reuse the same ones.
BASIC_MODEL_ID = 1_607_392_301
OBJECTIVE_MODEL_ID = 1_607_392_302
_CSS = ".card { font-family: sans-serif; font-size: 18px; } img { max-width: 100%; }"

BASIC_MODEL = genanki.Model(
    BASIC_MODEL_ID,
    "Trigger Point Trainer Basic",
    fields=[{"name": "Front"}, {"name": "Back"}],
    templates=[
        {
            "name": "Card 1",
            "qfmt": "{{Front}}",
            "afmt": '{{FrontSide}}<hr id="answer">{{Back}}',
        }
    ],
    css=_CSS,
)
OBJECTIVE_MODEL = genanki.Model(
    OBJECTIVE_MODEL_ID,
    "Trigger Point Trainer",
    fields=[
        {"name": "Question"},
        {"name": "Figure"},
        {"name": "Choices"},
        {"name": "Key"},
        {"name": "Explanation"},
        {"name": "References"},
        {"name": "Picture"},
    ],
    templates=[
        {
            "name": "Card 1",
            "qfmt": "{{Question}}{{Figure}}{{Choices}}",
            "afmt": '{{FrontSide}}<hr id="answer"><b>{{Key}}</b><p>{{Explanation}}</p>'
            "{{Picture}}<p><small>{{References}}</small></p>",
        }
    ],
    css=_CSS,
)


def guid(item: Item) -> str:
    return genanki.guid_for(GUID_NAMESPACE, item.id)


def deck_id(topic: str) -> int:
    """A stable deck id per topic (Anki wants an int; 2**31 > id >= 2**30)."""
    digest = int(hashlib.sha256(f"{GUID_NAMESPACE}:{topic}".encode()).hexdigest(), 16)
    return (1 << 30) + digest % (1 << 30)


def picture_name(item: Item) -> str:
    return f"tpt-bodymap-{item.id}.svg"


def _html(text: str) -> str:
    return escape(text).replace("\n", "<br>")


def _list(values: list[str]) -> str:
    return "<ul>" + "".join(f"<li>{_html(v)}</li>" for v in values) + "</ul>"


def _sources(item: Item, bank: Bank) -> str:
    out = []
    for ref in item.references:
        source = bank.references.get(ref.key)
        text = source.citation if source is not None else ref.key
        out.append(text + (f" ({ref.where})" if ref.where else ""))
    return "<br>".join(_html(s) for s in out)


def _choice_label(choice, bank: Bank) -> str:
    if isinstance(choice, MuscleChoice):
        muscles = {m.id: m.name for m in bank.muscles}
        return muscles.get(choice.muscle, choice.muscle)
    return choice.text


def _key(item: Item, bank: Bank) -> str:
    if item.type is ItemType.TRUE_FALSE:
        return "True" if item.answer else "False"
    if item.type is ItemType.MATCHING:
        return _list([f"{p.left} → {p.right}" for p in item.pairs])
    if item.type is ItemType.BODY_MAP and item.mode is BodyMapMode.SELECT_REGIONS:
        names = region_names()
        return _list([names.get(r, r) for r in item.regions])
    right = [_choice_label(c, bank) for c in item.choices if c.correct]
    return _list(right) if item.type is ItemType.MULTIPLE_RESPONSE else _html(right[0])


def note(item: Item, bank: Bank) -> genanki.Note:
    """The item's note (media file names as in ``picture_name``)."""
    tags = [t for t in item.tags] + [f"tpt::{item.topic}", f"tpt::{item.type.value}"]
    explanation, sources = _html(item.explanation), _sources(item, bank)
    if item.type is ItemType.FLASHCARD:
        back = f"{_html(str(item.answer))}<hr><p>{explanation}</p><p><small>{sources}</small></p>"
        return genanki.Note(BASIC_MODEL, [_html(item.prompt), back], tags=tags, guid=guid(item))
    figure = picture = ""
    if item.type is ItemType.BODY_MAP:
        img = f'<img src="{picture_name(item)}" alt="Body map">'
        figure, picture = (img, "") if item.mode is BodyMapMode.IDENTIFY_MUSCLE else ("", img)
    choices = ""
    if item.choices:
        choices = _list([_choice_label(c, bank) for c in item.choices])
    elif item.type is ItemType.MATCHING:
        rights = [p.right for p in item.pairs] + list(item.distractors)
        choices = _list([p.left for p in item.pairs]) + _list(sorted(rights))
    fields = [_html(item.prompt), figure, choices, _key(item, bank), explanation, sources, picture]
    return genanki.Note(OBJECTIVE_MODEL, fields, tags=tags, guid=guid(item))


def render(items: list[Item], bank: Bank | None = None) -> bytes:
    """The .apkg file's bytes; ``bank`` gives topic titles, citations and muscle names
    (without it, decks are named by topic id and sources by reference key)."""
    bank = bank or Bank(topics=(), items=(), muscles=())
    titles = {t.id: t.title for t in bank.topics}
    decks: dict[str, genanki.Deck] = {}
    with tempfile.TemporaryDirectory() as tmp:
        media = []
        for item in items:
            deck = decks.get(item.topic)
            if deck is None:
                name = f"{ROOT_DECK}::{titles.get(item.topic, item.topic)}"
                deck = decks[item.topic] = genanki.Deck(deck_id(item.topic), name)
            deck.add_note(note(item, bank))
            if item.type is ItemType.BODY_MAP:
                path = Path(tmp) / picture_name(item)
                label = "Body map" if item.mode is BodyMapMode.IDENTIFY_MUSCLE else "Answer"
                path.write_text(str(render_bodymap(item.regions, label=label)), encoding="utf-8")
                media.append(str(path))
        package = genanki.Package(list(decks.values()))
        package.media_files = media
        out = Path(tmp) / "deck.apkg"
        package.write_to_file(str(out))
        return out.read_bytes()


def representable(item: Item) -> str | None:
    """Every item fits a note."""
    return None
