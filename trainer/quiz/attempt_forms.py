"""Forms of the learner's side of quizzes. The answer fields themselves are the study screen's
(``response_from_form``): only the CSRF token, the revision and the action are form fields."""

from __future__ import annotations

import re

from wtforms import HiddenField, IntegerField
from wtforms.validators import InputRequired, NumberRange, Optional

from trainer.forms import Form
from trainer.request_ids import MAX_ROW_ID

_GOTO = re.compile(r"goto-([0-9]{1,4})")
ACTIONS = ("save", "next", "prev", "flag", "unflag", "check", "summary")


class StartForm(Form):
    # The secret of a link quiz's URL, carried from its page to the start.
    link = HiddenField(validators=[Optional()])


class ItemForm(Form):
    revision = IntegerField(validators=[InputRequired(), NumberRange(1, MAX_ROW_ID)])
    action = HiddenField(default="save")

    def target(self, position: int, count: int) -> str | int | None:
        """Where the learner goes after this post: an item position, "summary", or None (stay
        on this item). Anything unknown means "save and stay"."""
        action = (self.action.data or "save").strip()
        if action == "next":
            return min(position + 1, count)
        if action == "prev":
            return max(position - 1, 1)
        if action == "summary":
            return "summary"
        found = _GOTO.fullmatch(action)
        if found:
            return min(max(int(found.group(1)), 1), count)
        return None


class SubmitForm(Form):
    pass
