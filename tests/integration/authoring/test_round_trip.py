"""Opening a shipped item in the editor and saving it unchanged changes nothing: the editor
holds every field of every type without loss."""

from __future__ import annotations

from html.parser import HTMLParser

from sqlalchemy import select

from trainer.models import Question, QuestionVersion


class _FormFields(HTMLParser):
    """The fields a browser would submit from the editor form (no JavaScript)."""

    def __init__(self):
        super().__init__()
        self.fields: list[tuple[str, str]] = []
        self._select: str | None = None
        self._textarea: str | None = None
        self._text = ""

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        name = a.get("name")
        if tag == "input" and name and name != "action":
            kind = a.get("type", "text")
            if kind in ("checkbox", "radio"):
                if "checked" in a:
                    self.fields.append((name, a.get("value", "y")))
            elif kind != "search":
                self.fields.append((name, a.get("value", "")))
        elif tag == "select" and name:
            self._select = name
        elif tag == "option" and self._select and "selected" in a:
            self.fields.append((self._select, a.get("value", "")))
        elif tag == "textarea" and name:
            self._textarea, self._text = name, ""

    def handle_data(self, data):
        if self._textarea:
            self._text += data

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None
        elif tag == "textarea" and self._textarea:
            self.fields.append((self._textarea, self._text.removeprefix("\n")))
            self._textarea = None


def test_every_item_survives_edit_and_save_unchanged(db, bank, instructor_client):
    from werkzeug.datastructures import MultiDict

    seen = set()
    for question in db.session.execute(select(Question).order_by(Question.id)).scalars():
        content = question.current_version.content
        key = content["type"] + ":" + str(content.get("mode"))
        seen.add(key)
        page = instructor_client.get(f"/author/items/{question.id}/edit")
        assert page.status_code == 200
        parser = _FormFields()
        parser.feed(page.get_data(as_text=True))
        data = MultiDict(parser.fields)
        data["action"] = "save"
        response = instructor_client.post(f"/author/items/{question.id}/edit", data=data)
        assert response.status_code == 303, (key, response.get_data(as_text=True)[:500])
        versions = (
            db.session.execute(
                select(QuestionVersion).where(QuestionVersion.question_id == question.id)
            )
            .scalars()
            .all()
        )
        changed = {
            k
            for k in set(content) | set(versions[-1].content)
            if content.get(k) != versions[-1].content.get(k)
        }
        assert len(versions) == 1, (key, changed)
    assert len(seen) == 7, seen
