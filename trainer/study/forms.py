from __future__ import annotations

from zoneinfo import available_timezones

from flask_wtf import FlaskForm
from wtforms import (
    DecimalField,
    IntegerField,
    SelectField,
    SelectMultipleField,
    StringField,
    SubmitField,
    widgets,
)
from wtforms.validators import InputRequired, NumberRange, ValidationError

from trainer.domain.scheduling import MAX_DESIRED_RETENTION, MIN_DESIRED_RETENTION


def parse_steps(text: str) -> list[float]:
    """'1 10' or '1m, 10m' -> minutes; raises ValueError with a readable message."""
    parts = [p for p in text.replace(",", " ").split() if p]
    steps = []
    for part in parts:
        number = part[:-1] if part.endswith("m") else part
        try:
            value = float(number)
        except ValueError:
            raise ValueError(f"'{part}' is not a number of minutes") from None
        if not 0 < value <= 24 * 60:
            raise ValueError("each step must be between 0 and 1440 minutes")
        steps.append(value)
    if not steps:
        raise ValueError("give at least one step, e.g. 1 10")
    return steps


class StepsField(StringField):
    def process_formdata(self, valuelist):
        super().process_formdata(valuelist)
        try:
            self.steps = parse_steps(self.data or "")
        except ValueError as error:
            self.steps = None
            self.process_errors.append(str(error).capitalize() + ".")


class MultiCheckboxField(SelectMultipleField):
    widget = widgets.ListWidget(prefix_label=False)
    option_widget = widgets.CheckboxInput()


class StudySettingsForm(FlaskForm):
    desired_retention = DecimalField(
        "Desired retention",
        places=2,
        validators=[InputRequired(), NumberRange(MIN_DESIRED_RETENTION, MAX_DESIRED_RETENTION)],
        description=f"{MIN_DESIRED_RETENTION:.2f}–{MAX_DESIRED_RETENTION:.2f}. Higher means more "
        "reviews. A change applies from each card's next review on; nothing is rescheduled now.",
    )
    new_per_day = IntegerField("New items per day", validators=[NumberRange(0, 500)])
    max_reviews_per_day = IntegerField("Maximum reviews per day", validators=[NumberRange(1, 5000)])
    learning_steps = StepsField("Learning steps (minutes)", description="e.g. 1 10")
    relearning_steps = StepsField("Relearning steps (minutes)", description="e.g. 10")
    topics = MultiCheckboxField("Topics to study", description="None ticked means all topics.")
    timezone = SelectField("Time zone")
    day_start_hour = IntegerField(
        "Next day starts at (hour)",
        validators=[NumberRange(0, 23)],
        description="Like Anki: reviews before this hour count for the previous day.",
    )
    submit = SubmitField("Save settings")

    def __init__(self, *args, topic_choices=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.topics.choices = list(topic_choices)
        self.timezone.choices = sorted(available_timezones())

    def validate_timezone(self, field):
        if field.data not in available_timezones():
            raise ValidationError("Choose a time zone from the list.")


class OptimiseForm(FlaskForm):
    submit = SubmitField("Optimise my parameters")
