"""The item editor: new items and edits, for every type.

Add/remove/move buttons for choices, pairs and references post the form back (no JavaScript
needed) and show it again with the change and nothing typed lost. Saving runs the bank's rules;
every problem appears beside its field and in a summary at the top.
"""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_login import current_user

from trainer.author import bp
from trainer.author.common import author_required, now, question_or_404, scope
from trainer.author.forms import ItemForm
from trainer.bank.spec import TOPIC_PREFIXES
from trainer.models import Question
from trainer.services.authoring import browser, drafts, workflow
from trainer.services.authoring.options import editor_options
from trainer.services.authoring.permissions import owner_id
from trainer.services.authoring.preview import preview
from trainer.services.authoring.validation import check_item, next_item_id

PLACEHOLDER_ID = "new-item"


@bp.route("/items/new", methods=["GET", "POST"])
@author_required
def new_item():
    type_key = request.values.get("type", "")
    if type_key not in drafts.TYPE_LABELS:
        return render_template("author/choose_type.html", type_labels=drafts.TYPE_LABELS)
    return _editor(None, type_key)


@bp.route("/items/<row_id:question_id>/edit", methods=["GET", "POST"])
@author_required
def edit_item(question_id: int):
    question = question_or_404(question_id)
    return _editor(question, drafts.type_key_of(question.head_version.content))


def _form(options, data=None) -> ItemForm:
    form = ItemForm(formdata=None, data=data) if data is not None else ItemForm()
    form.set_choices(options)
    return form


def _editor(question: Question | None, type_key: str):
    options = editor_options(scope(), browser.facets(scope())["tags"])
    if request.method == "GET":
        if question is not None:
            head = question.head_version
            data = drafts.from_content(head.content, head.rich)
        else:
            data = drafts.blank(type_key)
            data["topic"] = request.args.get("topic", "")
            data["owner"] = request.args.get("owner", "")
        return _render(question, type_key, _form(options, data), {}, options)

    form = _form(options)
    data = form.data
    action = request.form.get("action", "save")
    if drafts.list_action(data, action):
        return _render(question, type_key, _form(options, data), {}, options)

    errors: dict[str, list[str]] = {}
    form.validate()  # parsing only (numbers, CSRF); the rules are the bank's, below
    for name, messages in form.errors.items():
        if name != "csrf_token" and isinstance(messages, list) and messages:
            errors.setdefault(name, []).extend(str(m) for m in messages if isinstance(m, str))

    if question is None:
        topic = data.get("topic") or ""
        clinic_id = None
        try:
            clinic_id = owner_id(scope(), data.get("owner") or "")
        except LookupError:
            errors.setdefault("owner", []).append("choose one of the owners you may edit for")
        if topic not in TOPIC_PREFIXES or topic not in {slug for slug, _ in options.topics}:
            errors.setdefault("topic", []).append("choose a topic")
        item_id = PLACEHOLDER_ID
        if topic in TOPIC_PREFIXES:
            try:
                item_id = next_item_id(topic)
            except LookupError as error:  # all 999 ids of the topic are taken
                errors.setdefault("topic", []).append(str(error))
    else:
        topic, clinic_id, item_id = question.topic.slug, question.clinic_id, question.external_id

    if question is not None:
        before = question.head_version.content.get("regions", ())
        data["regions"] = drafts.keep_order(list(data.get("regions") or []), before)
    raw, rich = drafts.to_raw(data, type_key, item_id)
    checked = check_item(
        raw, topic, question_id=question.id if question else None, clinic_id=clinic_id
    )
    for path, messages in checked.problems.items():
        if item_id == PLACEHOLDER_ID and path in ("", "id"):
            continue  # the id follows from the topic, reported above
        errors.setdefault(drafts.form_path(path, type_key), []).extend(messages)

    if errors:
        return _render(question, type_key, form, errors, options), 422
    if action == "preview":
        view = preview(checked.item.to_content(), rich, seed=0)
        return _render(question, type_key, form, {}, options, preview_view=view)
    if question is None:
        question = workflow.create_item(current_user, checked.item, rich, clinic_id, now())
        flash(f"Draft {question.external_id} saved.", "success")
    elif workflow.save_edit(question, current_user, checked.item, rich, now()) is None:
        flash("Nothing changed: no new version.", "info")
    else:
        flash(
            "Saved as a new draft version; learners see the published one until it is published.",
            "success",
        )
    return redirect(url_for("author.item", question_id=question.id), code=303)


def _render(question, type_key, form, errors, options, preview_view=None):
    return render_template(
        "author/edit.html",
        question=question,
        type_key=type_key,
        type_label=drafts.TYPE_LABELS[type_key],
        form=form,
        errors=errors,
        summary=_summary(errors),
        preview=preview_view,
        form_tags=options.tags,
    )


def _summary(errors: dict[str, list[str]]) -> list[tuple[str, str, str]]:
    """(field label, anchor id, message) for the list at the top of the form."""
    out = []
    for path, messages in errors.items():
        anchor = path.replace("[", "-").replace("]", "").replace(".", "-") or "item-errors"
        label = path.replace("_", " ") or "item"
        out += [(label, anchor, message) for message in messages]
    return out
