"""The competency form: the competency's settings and up to one requirement of each kind."""

from __future__ import annotations

from flask_wtf.file import FileField
from wtforms import (
    BooleanField,
    DateField,
    FloatField,
    IntegerField,
    SelectField,
    SelectMultipleField,
    StringField,
    SubmitField,
)
from wtforms.validators import DataRequired, Length, NumberRange, Optional

from trainer.clinic.forms import ROLE_CHOICES, choice_values, options, strip
from trainer.domain.competency import SelectBy
from trainer.forms import Form


class CompetencyForm(Form):
    title = StringField("Title", filters=[strip], validators=[DataRequired(), Length(max=120)])
    valid_for_months = IntegerField(
        "Valid for (months, empty = no expiry)",
        validators=[Optional(), NumberRange(min=1, max=120)],
    )
    due_soon_days = IntegerField(
        "Due soon window (days before expiry)",
        default=30,
        validators=[DataRequired(message="Give a number of days (0 or more)."),
                    NumberRange(min=0, max=365)],
    )  # fmt: skip
    deadline_days = IntegerField(
        "Deadline for new staff (days after joining, empty = none)",
        validators=[Optional(), NumberRange(min=0, max=3650)],
    )
    assign_mode = SelectField(
        "Assigned to",
        choices=options(
            [
                ("everyone", "everyone"),
                ("roles", "the roles ticked"),
                ("people", "the people chosen"),
            ]
        ),
        default="everyone",
    )
    assign_roles = SelectMultipleField("Roles", choices=ROLE_CHOICES, validators=[Optional()])
    assign_people = SelectMultipleField("People", coerce=int, validators=[Optional()])

    mastery = BooleanField("Requires mastery (predicted recall)")
    mastery_by = SelectField(
        "Mastery over", choices=options((s.value, s.value) for s in SelectBy), default="topic"
    )
    mastery_values = StringField(
        "Topics, tags or muscles (comma-separated slugs)",
        filters=[strip],
        validators=[Optional(), Length(max=500)],
    )
    mastery_recall = IntegerField(
        "Mean predicted recall at least (%)", default=80,
        validators=[Optional(), NumberRange(min=1, max=100)],
    )  # fmt: skip
    mastery_studied = IntegerField(
        "Items studied at least (%)", default=0,
        validators=[Optional(), NumberRange(min=0, max=100)],
    )  # fmt: skip

    exam = BooleanField("Requires an exam")
    exam_quiz = SelectField("Quiz", coerce=int, validate_choice=False, validators=[Optional()])
    exam_score = IntegerField(
        "Score at least (%)", default=80, validators=[Optional(), NumberRange(min=1, max=100)]
    )

    credential = BooleanField("Requires a credential")
    credential_kind = StringField(
        "Credential kind (e.g. needling-course)",
        filters=[strip],
        validators=[Optional(), Length(max=60)],
    )
    credential_hours = FloatField(
        "Hours at least (empty = any)", validators=[Optional(), NumberRange(min=0.5, max=10000)]
    )
    credential_in_person_hours = FloatField(
        "Of which in person, at least (empty = any)",
        validators=[Optional(), NumberRange(min=0.5, max=10000)],
    )
    submit = SubmitField("Save competency")

    def validate(self, extra_validators=None) -> bool:
        ok = super().validate(extra_validators)
        if not (self.mastery.data or self.exam.data or self.credential.data):
            self.mastery.errors.append("Tick at least one requirement.")
            ok = False
        if self.mastery.data:
            if not _values(self.mastery_values.data):
                self.mastery_values.errors.append("Name at least one topic, tag or muscle.")
                ok = False
            if self.mastery_recall.data is None:
                self.mastery_recall.errors.append("Give the recall threshold.")
                ok = False
        if self.exam.data:
            if self.exam_quiz.data not in choice_values(self.exam_quiz):
                self.exam_quiz.errors.append("Choose one of the clinic's or the site's quizzes.")
                ok = False
            if self.exam_score.data is None:
                self.exam_score.errors.append("Give the minimum score.")
                ok = False
        if self.credential.data and not self.credential_kind.data:
            self.credential_kind.errors.append("Name the kind of credential.")
            ok = False
        in_person, total = self.credential_in_person_hours.data, self.credential_hours.data
        if in_person is not None and total is not None and in_person > total:
            self.credential_in_person_hours.errors.append(
                "In-person hours cannot be more than the hours in all."
            )
            ok = False
        if self.assign_mode.data == "roles" and not self.assign_roles.data:
            self.assign_roles.errors.append("Tick at least one role.")
            ok = False
        if self.assign_mode.data == "people" and not self.assign_people.data:
            self.assign_people.errors.append("Choose at least one person.")
            ok = False
        return ok


def _values(text: str | None) -> list[str]:
    return sorted({part.strip() for part in (text or "").split(",") if part.strip()})


def mastery_values(form: CompetencyForm) -> list[str]:
    return _values(form.mastery_values.data)


class CredentialForm(Form):
    person = SelectField("For", coerce=int, validate_choice=False)
    kind = StringField(
        "Kind (as the competency names it, e.g. needling-course)",
        filters=[strip],
        validators=[DataRequired(), Length(max=60)],
    )
    title = StringField(
        "Title (course, licence number)", filters=[strip], validators=[Optional(), Length(max=200)]
    )
    issued_on = DateField("Issued on", validators=[DataRequired(message="Give the issue date.")])
    expires_on = DateField("Expires on (if it does)", validators=[Optional()])
    hours = FloatField("Hours in all", validators=[Optional(), NumberRange(min=0, max=10000)])
    in_person_hours = FloatField(
        "Of which in person", validators=[Optional(), NumberRange(min=0, max=10000)]
    )
    evidence = FileField("Certificate (PDF, PNG or JPEG, at most 5 MB)")
    submit = SubmitField("Record credential")

    def validate(self, extra_validators=None) -> bool:
        ok = super().validate(extra_validators)
        if self.person.data not in choice_values(self.person):
            self.person.errors.append("Choose a member of this clinic.")
            ok = False
        if (
            self.issued_on.data
            and self.expires_on.data
            and self.expires_on.data <= self.issued_on.data
        ):
            self.expires_on.errors.append("The expiry must be after the issue date.")
            ok = False
        if self.in_person_hours.data is not None and (
            self.hours.data is None or self.in_person_hours.data > self.hours.data
        ):
            self.in_person_hours.errors.append(
                "Give the hours in all too; the in-person hours cannot be more."
            )
            ok = False
        return ok
