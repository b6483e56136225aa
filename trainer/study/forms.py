from __future__ import annotations

import math
from datetime import timedelta
from zoneinfo import available_timezones

from wtforms import (
    DecimalField,
    IntegerField,
    SelectField,
    SelectMultipleField,
    StringField,
    SubmitField,
    widgets,
)
from wtforms.validators import InputRequired, NumberRange, StopValidation, ValidationError

from trainer.domain.scheduling import (
    MAX_DESIRED_RETENTION,
    MAX_STEP,
    MAX_STEPS,
    MIN_DESIRED_RETENTION,
    MIN_STEP,
)
from trainer.forms import Form

_STEP_UNITS = {"m": 1, "h": 60, "d": 24 * 60}
_MIN_STEP_MINUTES = MIN_STEP / timedelta(minutes=1)
_MAX_STEP_MINUTES = MAX_STEP / timedelta(minutes=1)


def parse_steps(text: str) -> list[float]:
    """'1 10', '1m, 10m' or '10m 1h 1d' -> minutes; ValueError with a readable message.

    Each step is 1 minute to 30 days and there are at most 10, the bounds the scheduler accepts,
    so nothing saved here can make a study page fail later.
    """
    parts = [p for p in text.replace(",", " ").split() if p]
    steps = []
    for part in parts:
        unit = part[-1].lower() if part[-1].lower() in _STEP_UNITS else "m"
        number = part[:-1] if part[-1].lower() in _STEP_UNITS else part
        try:
            value = float(number) * _STEP_UNITS[unit]
        except ValueError:
            value = math.nan
        if not math.isfinite(value):
            raise ValueError(f"'{part[:20]}' is not a number of minutes")
        if value > _MAX_STEP_MINUTES:
            raise ValueError("each step must be at most 30 days (43200 minutes)")
        if not value >= _MIN_STEP_MINUTES:
            raise ValueError("each step must be at least 1 minute")
        steps.append(value)
    if not steps:
        raise ValueError("give at least one step, e.g. 1 10")
    if len(steps) > MAX_STEPS:
        raise ValueError(f"give at most {MAX_STEPS} steps")
    return steps


def format_steps(minutes: object) -> str:
    """The steps as the field shows them; a saved value that is not a list of numbers is shown
    as it is, so the settings page still opens and the learner can correct it."""
    if isinstance(minutes, list) and all(
        isinstance(m, int | float) and not isinstance(m, bool) for m in minutes
    ):
        return " ".join(f"{m:g}" for m in minutes)
    return str(minutes)[:200]


class _OneMessage:
    """A number field that says one thing at a time: a blank or unreadable value gets its own
    message and the range check is skipped (WTForms would add "must be between ..." too)."""

    blank_message = "Enter a number."

    def process_formdata(self, valuelist):
        if valuelist and not str(valuelist[0]).strip():
            self.data = None
            raise ValueError(self.blank_message)
        super().process_formdata(valuelist)

    def pre_validate(self, form):
        if self.process_errors:
            raise StopValidation()  # no message: the process error already says it


class WholeNumberField(_OneMessage, IntegerField):
    blank_message = "Enter a whole number."


class FiniteDecimalField(_OneMessage, DecimalField):
    """A DecimalField that refuses NaN and infinities (Decimal parses them; comparing a
    signalling NaN then raises, and a stored infinity would break every schedule)."""

    blank_message = "Enter a number, e.g. 0.90."

    def process_formdata(self, valuelist):
        super().process_formdata(valuelist)
        if self.data is not None and not self.data.is_finite():
            self.data = None
            raise ValueError("Enter a finite number, e.g. 0.90.")


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


class StudySettingsForm(Form):
    desired_retention = FiniteDecimalField(
        "Desired retention",
        places=2,
        validators=[InputRequired(), NumberRange(MIN_DESIRED_RETENTION, MAX_DESIRED_RETENTION)],
        description=f"{MIN_DESIRED_RETENTION:.2f}–{MAX_DESIRED_RETENTION:.2f}. Higher means more "
        "reviews. A change applies from each card's next review on; nothing is rescheduled now.",
    )
    new_per_day = WholeNumberField("New items per day", validators=[NumberRange(0, 500)])
    max_reviews_per_day = WholeNumberField(
        "Maximum reviews per day", validators=[NumberRange(1, 5000)]
    )
    learning_steps = StepsField(
        "Learning steps (minutes)", description="e.g. 1 10 (1 minute to 30 days; 1h, 1d too)"
    )
    relearning_steps = StepsField(
        "Relearning steps (minutes)", description="e.g. 10 (at most 10 steps)"
    )
    topics = MultiCheckboxField("Topics to study", description="None ticked means all topics.")
    timezone = SelectField("Time zone")
    day_start_hour = WholeNumberField(
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


    def error_summary(self) -> list[tuple[str, str, str]]:
        """(field id, label, message) for every error, in the page's order, for the summary."""
        return [
            (field.id, field.label.text, message)
            for field in self
            for message in field.errors
            if field.name in self.errors
        ]


class OptimiseForm(Form):
    submit = SubmitField("Optimise my parameters")
