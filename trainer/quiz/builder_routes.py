"""Quiz views: builder (see trainer/quiz/__init__.py).

Instructors list their quizzes, create and edit one (every setting), add fixed items picked in
the bank browser and random slots, reorder and remove slots, publish and archive. A quiz outside
the builder's scope answers 404, like an item outside it.
"""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user
from werkzeug.routing import BuildError as UrlBuildError

from trainer.author.common import author_required, scope
from trainer.author.routes import browse_filter as browser_filter
from trainer.models import FeedbackTiming, GradingMethod, Quiz, QuizAudience, QuizKind
from trainer.quiz import bp
from trainer.quiz.builder_forms import (
    AUDIENCE_LABELS,
    ActionForm,
    DrawForm,
    PickForm,
    QuizForm,
    SlotForm,
)
from trainer.request_ids import row_id
from trainer.services.authoring import browser
from trainer.services.authoring.drafts import TYPE_LABELS
from trainer.services.authoring.options import editor_options
from trainer.services.authoring.permissions import owner_choices, owner_id
from trainer.services.quizzes import builder, slots
from trainer.services.quizzes.builder import BuildError


def quiz_or_404(quiz_id: int) -> Quiz:
    quiz = builder.quiz_in_scope(scope(), quiz_id)
    if quiz is None:
        abort(404)
    return quiz


def link_url(quiz: Quiz) -> str | None:
    """The learner's URL of a link quiz, once the attempt pages provide one."""
    if not quiz.link_token:
        return None
    try:
        return url_for("quiz.link", token=quiz.link_token, _external=True)
    except UrlBuildError:
        return None


def _errors(form) -> dict[str, list[str]]:
    return {name: list(messages) for name, messages in form.errors.items()}


def _summary(form, errors: dict[str, list[str]]) -> list[tuple[str, str, str]]:
    out = []
    for name, messages in errors.items():
        field = getattr(form, name, None)
        label = field.label.text if field is not None else {"ids": "Items"}.get(name, name)
        out.extend((label, name, message) for message in messages)
    return out


def _settings(form: QuizForm) -> builder.Settings:
    srs = form.counts_for_srs.data
    return builder.Settings(
        title=form.title.data.strip(),
        description=(form.description.data or "").strip(),
        kind=QuizKind(form.kind.data),
        audience=QuizAudience(form.audience.data),
        time_limit_minutes=form.time_limit_minutes.data,
        opens_at=_utc(form.opens_at.data),
        closes_at=_utc(form.closes_at.data),
        attempts_allowed=form.attempts_allowed.data,
        grading_method=GradingMethod(form.grading_method.data),
        pass_percent=float(form.pass_percent.data),
        shuffle_items=form.shuffle_items.data,
        shuffle_choices=form.shuffle_choices.data,
        feedback_timing=FeedbackTiming(form.feedback_timing.data),
        review_marks=form.review_marks.data,
        review_keys=form.review_keys.data,
        review_explanations=form.review_explanations.data,
        review_references=form.review_references.data,
        counts_for_srs=None if srs == "default" else srs == "on",
    )


def _utc(value):
    from datetime import UTC

    return value.replace(tzinfo=UTC) if value is not None else None


def _settings_page(form, quiz: Quiz | None, errors=None, status: int = 200):
    errors = errors or {}
    return (
        render_template(
            "quiz/build_settings.html",
            form=form,
            quiz=quiz,
            errors=errors,
            summary=_summary(form, errors),
            link_url=link_url(quiz) if quiz else None,
        ),
        status,
    )


@bp.route("/build/")
@author_required
def build_index():
    return render_template(
        "quiz/build_index.html",
        rows=builder.quizzes_for(scope()),
        audience_labels=AUDIENCE_LABELS,
    )


@bp.route("/build/new", methods=["GET", "POST"])
@author_required
def build_new():
    form = QuizForm()
    form.owner.choices = owner_choices(scope())
    if request.method == "GET":
        if form.owner.choices and form.owner.choices[0][0] != "shared":
            form.audience.data = "clinic"
        if request.args.get("kind") == "exam":
            form.kind.data = "exam"
        return _settings_page(form, None)
    if not form.validate():
        return _settings_page(form, None, _errors(form), 422)
    errors: dict[str, list[str]] = {}
    try:
        clinic_id = owner_id(scope(), form.owner.data or "")
    except LookupError:
        errors["owner"] = ["Choose one of the listed owners."]
        return _settings_page(form, None, errors, 422)
    try:
        quiz = builder.create_quiz(current_user, clinic_id, _settings(form))
    except BuildError as error:
        errors["audience"] = [str(error)]
        return _settings_page(form, None, errors, 422)
    flash("Quiz created as a draft: now add its items.", "success")
    return redirect(url_for("quiz.build_quiz", quiz_id=quiz.id), code=303)


def _form_for(quiz: Quiz) -> QuizForm:
    data = {
        "title": quiz.title,
        "description": quiz.description,
        "kind": quiz.kind.value,
        "audience": quiz.audience.value,
        "time_limit_minutes": quiz.time_limit_seconds // 60 if quiz.time_limit_seconds else None,
        "opens_at": quiz.opens_at.replace(tzinfo=None) if quiz.opens_at else None,
        "closes_at": quiz.closes_at.replace(tzinfo=None) if quiz.closes_at else None,
        "attempts_allowed": quiz.attempts_allowed,
        "grading_method": quiz.grading_method.value,
        "pass_percent": round(quiz.pass_fraction * 100, 4),
        "shuffle_items": quiz.shuffle_items,
        "shuffle_choices": quiz.shuffle_choices,
        "feedback_timing": quiz.feedback_timing.value,
        "review_marks": quiz.review_marks,
        "review_keys": quiz.review_keys,
        "review_explanations": quiz.review_explanations,
        "review_references": quiz.review_references,
        "counts_for_srs": "on" if quiz.counts_for_srs else "off",
    }
    return QuizForm(formdata=None, data=data)


@bp.route("/build/<row_id:quiz_id>/settings", methods=["GET", "POST"])
@author_required
def build_settings(quiz_id: int):
    quiz = quiz_or_404(quiz_id)
    if request.method == "GET":
        return _settings_page(_form_for(quiz), quiz)
    form = QuizForm()
    del form.owner  # fixed once created
    if not form.validate():
        return _settings_page(form, quiz, _errors(form), 422)
    try:
        builder.update_settings(quiz, _settings(form))
    except BuildError as error:
        return _settings_page(form, quiz, {"audience": [str(error)]}, 422)
    flash("Settings saved.", "success")
    return redirect(url_for("quiz.build_quiz", quiz_id=quiz.id), code=303)


def _draw_form(quiz: Quiz, form: DrawForm | None = None) -> DrawForm:
    form = form or DrawForm(formdata=None)
    options = editor_options(scope())
    form.topic.choices = [("", "Any topic"), *options.topics]
    form.muscle.choices = [("", "Any muscle"), *options.muscles]
    return form


def _quiz_page(quiz: Quiz, draw_form: DrawForm | None = None, errors=None, status: int = 200):
    errors = errors or {}
    return (
        render_template(
            "quiz/build_quiz.html",
            quiz=quiz,
            slots=slots.slot_views(quiz),
            locked=builder.has_attempts(quiz),
            locked_message=builder.SLOTS_LOCKED,
            draw_form=_draw_form(quiz, draw_form),
            errors=errors,
            summary=_summary(draw_form, errors) if draw_form else [],
            slot_form=SlotForm(formdata=None),
            action_form=ActionForm(formdata=None),
            link_url=link_url(quiz),
        ),
        status,
    )


@bp.route("/build/<row_id:quiz_id>")
@author_required
def build_quiz(quiz_id: int):
    return _quiz_page(quiz_or_404(quiz_id))


@bp.route("/build/<row_id:quiz_id>/pick")
@author_required
def build_pick(quiz_id: int):
    """The bank browser's filters and search over the items this quiz may ask."""
    return _pick_page(quiz_or_404(quiz_id), PickForm(formdata=None))


def _pick_page(quiz: Quiz, form: PickForm, checked=frozenset(), errors=None, status: int = 200):
    """The picker with the browser's filters from the query string (a refused POST carries
    them too, so the page comes back as it was, ticks included)."""
    flt = browser_filter()
    rows = browser.matching_rows(slots.picker_scope(quiz), flt)
    if not scope().shared:
        rows = [r for r in rows if r.owner != "shared" or r.state == "published"]
    pages = max(1, -(-len(rows) // browser.PAGE_SIZE))
    try:
        page_number = min(max(1, int(request.args.get("page", 1))), pages)
    except ValueError:
        page_number = 1
    start = (page_number - 1) * browser.PAGE_SIZE
    page = browser.Page(
        rows[start : start + browser.PAGE_SIZE],
        len(rows),
        page_number,
        pages,
        browser.facets(slots.picker_scope(quiz)),
    )
    errors = errors or {}
    return (
        render_template(
            "quiz/build_pick.html",
            quiz=quiz,
            page=page,
            flt=flt,
            args=request.args.to_dict(),
            options=editor_options(scope()),
            type_labels=TYPE_LABELS,
            in_quiz={s.question_id for s in quiz.slots if s.question_id},
            checked=set(checked),
            locked=builder.has_attempts(quiz),
            form=form,
            errors=errors,
            summary=_summary(form, errors),
        ),
        status,
    )


def _ids(values: list[str]) -> list[int]:
    ids = []
    for value in values:
        try:
            ids.append(row_id(value))
        except ValueError:
            continue
    return ids


@bp.route("/build/<row_id:quiz_id>/items", methods=["POST"])
@author_required
def build_add_items(quiz_id: int):
    quiz = quiz_or_404(quiz_id)
    form = PickForm()
    ids = _ids(request.form.getlist("ids"))
    if not form.validate():
        return _pick_page(quiz, form, ids, _errors(form), 422)
    if not ids:
        return _pick_page(quiz, form, ids, {"ids": ["Tick the items to add first."]}, 422)
    mark = float(form.mark.data) if form.mark.data is not None else 1.0
    try:
        result = slots.add_fixed(scope(), quiz, ids, mark)
    except BuildError as error:
        flash(str(error), "warning")
        return redirect(url_for("quiz.build_quiz", quiz_id=quiz.id), code=303)
    message = f"{result.added} item{'s' if result.added != 1 else ''} added."
    if result.already:
        message += f" {result.already} already in the quiz."
    if result.refused:
        message += f" {result.refused} not available to this quiz's takers, left out."
    flash(message, "success" if result.added else "warning")
    if result.unpublished:
        flash(
            "Not published, so not asked until they are: " + ", ".join(result.unpublished) + ".",
            "warning",
        )
    return redirect(url_for("quiz.build_quiz", quiz_id=quiz.id), code=303)


@bp.route("/build/<row_id:quiz_id>/draws", methods=["POST"])
@author_required
def build_add_draw(quiz_id: int):
    quiz = quiz_or_404(quiz_id)
    form = _draw_form(quiz, DrawForm())
    errors = _errors(form) if not form.validate() else {}
    topics = {value for value, _ in form.topic.choices}
    muscles = {value for value, _ in form.muscle.choices}
    if (form.topic.data or "") not in topics:
        errors["topic"] = ["Choose one of the listed topics."]
    if (form.muscle.data or "") not in muscles:
        errors["muscle"] = ["Choose one of the listed muscles."]
    if errors:
        return _quiz_page(quiz, form, errors, 422)
    try:
        matches = slots.add_draw(
            quiz,
            count=form.count.data,
            topic=form.topic.data or None,
            tag=(form.tag.data or "").strip() or None,
            muscle=form.muscle.data or None,
            unseen_first=form.unseen_first.data,
            mark=float(form.mark.data) if form.mark.data is not None else 1.0,
        )
    except BuildError as error:
        return _quiz_page(quiz, form, {"count": [str(error)]}, 409)
    flash(
        f"Random slot added; {matches} published item{'s' if matches != 1 else ''} match.",
        "success" if matches >= form.count.data else "warning",
    )
    return redirect(url_for("quiz.build_quiz", quiz_id=quiz.id), code=303)


@bp.route("/build/<row_id:quiz_id>/slots/<row_id:slot_id>", methods=["POST"])
@author_required
def build_slot(quiz_id: int, slot_id: int):
    quiz = quiz_or_404(quiz_id)
    if slot_id not in {s.id for s in quiz.slots}:
        abort(404)
    form = SlotForm()
    back = redirect(url_for("quiz.build_quiz", quiz_id=quiz.id) + f"#slot-{slot_id}", code=303)
    if not form.validate():
        flash("Marks: " + "; ".join(form.mark.errors), "warning")
        return back
    action = form.action.data or request.form.get("do", "")
    try:
        if action == "up":
            slots.move_slot(quiz, slot_id, -1)
        elif action == "down":
            slots.move_slot(quiz, slot_id, 1)
        elif action == "remove":
            slots.remove_slot(quiz, slot_id)
            flash("Slot removed.", "success")
        elif action == "mark" and form.mark.data is not None:
            slots.set_mark(quiz, slot_id, float(form.mark.data))
            flash("Marks saved.", "success")
        else:
            abort(400, description="Choose up, down, remove, or give the marks.")
    except BuildError as error:
        flash(str(error), "warning")
    return back


@bp.route("/build/<row_id:quiz_id>/publish", methods=["POST"])
@author_required
def build_publish(quiz_id: int):
    quiz = quiz_or_404(quiz_id)
    ActionForm().validate()  # CSRF is checked app-wide; nothing else to parse
    try:
        slots.publish(quiz)
    except BuildError as error:
        flash(str(error), "warning")
    else:
        flash("Published: the quiz's takers can now attempt it.", "success")
    return redirect(url_for("quiz.build_quiz", quiz_id=quiz.id), code=303)


@bp.route("/build/<row_id:quiz_id>/archive", methods=["POST"])
@author_required
def build_archive(quiz_id: int):
    quiz = quiz_or_404(quiz_id)
    ActionForm().validate()
    slots.archive(quiz)
    flash("Archived: its results stay; no new attempts.", "success")
    return redirect(url_for("quiz.build_quiz", quiz_id=quiz.id), code=303)
