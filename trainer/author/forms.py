"""Forms of the authoring area.

Field checks are the bank's (``services.authoring.validation``): the item form itself only
parses, so that every rule lives in one place and a browser-made item obeys exactly the rules of
a file-made one. ``validate_choice=False`` for that reason: an unknown muscle or reference is
reported by the bank's reader, beside its field.
"""

from __future__ import annotations

from wtforms import (
    BooleanField,
    FieldList,
    Form,
    FormField,
    HiddenField,
    RadioField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
    widgets,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length

from trainer.forms import Form as AppForm


def options(pairs) -> list[SelectChoice]:
    """(value, label) pairs as WTForms options (tuples are deprecated in WTForms 3.3)."""
    return [SelectChoice(value, label) for value, label in pairs]


class ChoiceForm(Form):
    text = StringField("Choice")
    correct = BooleanField("Correct")
    feedback = StringField("Feedback")


class MuscleChoiceForm(Form):
    muscle = SelectField("Muscle", validate_choice=False)
    correct = BooleanField("Correct")
    feedback = StringField("Feedback")


class PairForm(Form):
    left = StringField("Left")
    right = StringField("Right")


class SourceForm(Form):
    key = SelectField("Reference", validate_choice=False)
    where = StringField("Where in the source")


class CheckboxListField(SelectMultipleField):
    widget = widgets.ListWidget(prefix_label=False)
    option_widget = widgets.CheckboxInput()


class ItemForm(AppForm):
    owner = SelectField("Owner", validate_choice=False)
    topic = SelectField("Topic", validate_choice=False)
    difficulty = SelectField(
        "Difficulty",
        choices=options([(1, "1 (easy)"), (2, "2"), (3, "3 (hard)")]),
        coerce=int,
        validate_choice=False,
    )
    tags = StringField("Tags")
    muscle = SelectField("Muscle", validate_choice=False)
    prompt = TextAreaField("Prompt")
    answer_text = TextAreaField("Answer")
    answer_bool = RadioField(
        "Answer", choices=options([("true", "True"), ("false", "False")]), validate_choice=False
    )
    regions = CheckboxListField("Regions", validate_choice=False)
    choices = FieldList(FormField(ChoiceForm))
    muscle_choices = FieldList(FormField(MuscleChoiceForm))
    pairs = FieldList(FormField(PairForm))
    distractors = TextAreaField("Distractors (one per line)")
    explanation = TextAreaField("Explanation")
    references = FieldList(FormField(SourceForm))

    def set_choices(self, catalogue) -> None:
        """Options from the live catalogue (set per request: the catalogue changes)."""
        self.owner.choices = options(catalogue.owners)
        self.topic.choices = options([("", "Choose a topic…"), *catalogue.topics])
        self.muscle.choices = options([("", "(none)"), *catalogue.muscles])
        self.regions.choices = options(catalogue.regions)
        for entry in self.muscle_choices:
            entry.form.muscle.choices = options([("", "Choose a muscle…"), *catalogue.muscles])
        for entry in self.references:
            entry.form.key.choices = options([("", "Choose a reference…"), *catalogue.references])


class CommentForm(AppForm):
    body = TextAreaField("Comment", validators=[DataRequired(), Length(max=4000)])


class ActionForm(AppForm):
    """A workflow button (submit, publish, retire...): only the CSRF token and an optional note."""

    note = TextAreaField("Comment", validators=[Length(max=4000)])


class RestoreForm(AppForm):
    version = HiddenField()


class PolicyForm(AppForm):
    needs_second_approval = BooleanField("Publishing needs a second instructor's approval")


class BulkForm(AppForm):
    action = SelectField(
        "Action",
        choices=options(
            [
                ("", "Choose…"),
                ("add_tag", "Add tag"),
                ("remove_tag", "Remove tag"),
                ("retire", "Retire"),
                ("publish", "Publish"),
            ]
        ),
        validate_choice=False,
    )
    tag = StringField("Tag")
    confirm = HiddenField()
