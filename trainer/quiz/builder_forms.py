"""Forms of the quiz builder: settings, fixed items, random slots, slot actions."""

from __future__ import annotations

from wtforms import (
    BooleanField,
    DateTimeLocalField,
    DecimalField,
    HiddenField,
    IntegerField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import (
    DataRequired,
    InputRequired,
    Length,
    NumberRange,
    Optional,
    ValidationError,
)

from trainer.forms import Form
from trainer.models import FeedbackTiming, GradingMethod, QuizAudience, QuizKind


def _options(pairs) -> list[SelectChoice]:
    return [SelectChoice(value, label) for value, label in pairs]


KIND_LABELS = {QuizKind.PRACTICE: "Practice quiz", QuizKind.EXAM: "Exam"}
AUDIENCE_LABELS = {
    QuizAudience.CLINIC: "The clinic's members",
    QuizAudience.SITE: "Every signed-in user",
    QuizAudience.LINK: "Anyone signed in who has the link",
}
GRADING_LABELS = {
    GradingMethod.HIGHEST: "Highest attempt",
    GradingMethod.LAST: "Last attempt",
    GradingMethod.FIRST: "First attempt",
    GradingMethod.AVERAGE: "Average of the attempts",
}
FEEDBACK_LABELS = {
    FeedbackTiming.IMMEDIATE: "Immediately, per item (the item locks once checked)",
    FeedbackTiming.AFTER_SUBMIT: "After the attempt is submitted",
    FeedbackTiming.AFTER_CLOSE: "After the quiz's close date",
}
SRS_CHOICES = [
    ("default", "The kind's default (practice: yes, exam: no)"),
    ("on", "Yes"),
    ("off", "No"),
]
MARK = [Optional(), NumberRange(min=0.1, max=100, message="Between 0.1 and 100 marks.")]


class QuizForm(Form):
    owner = SelectField("Owner (who builds it, who may take it)", validate_choice=False)
    title = StringField("Title", [DataRequired("Give the quiz a title."), Length(max=200)])
    description = TextAreaField("Description", [Length(max=5000)])
    kind = SelectField(
        "Kind", choices=_options((k.value, v) for k, v in KIND_LABELS.items()), default="practice"
    )
    audience = SelectField(
        "Who may take it",
        choices=_options((k.value, v) for k, v in AUDIENCE_LABELS.items()),
        default="site",
    )
    time_limit_minutes = IntegerField(
        "Time limit (minutes; empty: none)",
        [Optional(), NumberRange(min=1, max=1440, message="Between 1 and 1,440 minutes.")],
    )
    opens_at = DateTimeLocalField("Opens (UTC; empty: now)", [Optional()])
    closes_at = DateTimeLocalField("Closes (UTC; empty: never)", [Optional()])
    attempts_allowed = IntegerField(
        "Attempts allowed (empty: unlimited)",
        [Optional(), NumberRange(min=1, max=100, message="Between 1 and 100 attempts.")],
    )
    grading_method = SelectField(
        "Which attempt counts",
        choices=_options((k.value, v) for k, v in GRADING_LABELS.items()),
        default="highest",
    )
    pass_percent = DecimalField(
        "Pass mark (%)",
        [
            InputRequired("Give a pass mark between 0 and 100 percent."),
            NumberRange(min=0, max=100, message="Between 0 and 100 percent."),
        ],
        default=80,
        places=None,
    )
    shuffle_items = BooleanField("Shuffle the items", default=True)
    shuffle_choices = BooleanField("Shuffle the choices within items", default=True)
    feedback_timing = SelectField(
        "Feedback",
        choices=_options((k.value, v) for k, v in FEEDBACK_LABELS.items()),
        default="after_submit",
    )
    review_marks = BooleanField("Review shows marks", default=True)
    review_keys = BooleanField("Review shows the right answers", default=True)
    review_explanations = BooleanField("Review shows explanations", default=True)
    review_references = BooleanField("Review shows references", default=True)
    counts_for_srs = SelectField(
        "Answers count for spaced repetition", choices=_options(SRS_CHOICES), default="default"
    )

    def validate_closes_at(self, field):
        if field.data and self.opens_at.data and field.data <= self.opens_at.data:
            raise ValidationError("The close date must come after the open date.")


class PickForm(Form):
    """Fixed items picked in the bank browser (``ids`` are read from the request)."""

    mark = DecimalField("Marks per item", MARK, default=1, places=None)


class DrawForm(Form):
    count = IntegerField(
        "How many items",
        [
            DataRequired("How many items should the slot draw?"),
            NumberRange(min=1, max=100, message="Between 1 and 100 items."),
        ],
    )
    topic = SelectField("Topic", validate_choice=False)
    tag = StringField("Tag", [Length(max=60)])
    muscle = SelectField("Muscle", validate_choice=False)
    unseen_first = BooleanField("Items the learner has not met come first")
    mark = DecimalField("Marks per item", MARK, default=1, places=None)


class SlotForm(Form):
    action = HiddenField()
    mark = DecimalField("Marks", MARK, places=None)


class ActionForm(Form):
    """A bare POST (publish, archive): CSRF only."""
