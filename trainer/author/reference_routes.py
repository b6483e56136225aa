"""A new bibliography entry, for the editor's reference menus.

The bibliography is shared by every owner's items, so (like the shared bank) only its authors,
site instructors and admins, add to it: an entry written by one clinic would otherwise be shown
to every other clinic's authors.
"""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for

from trainer.author import bp
from trainer.author.common import author_required, scope
from trainer.author.exchange_forms import ReferenceForm
from trainer.services.authoring.references import NewReference, add_reference


@bp.route("/references/new", methods=["GET", "POST"])
@author_required
def new_reference():
    if not scope().shared:
        abort(403)
    form = ReferenceForm()
    problems: dict[str, list[str]] = {}
    if request.method == "POST":
        if form.validate():
            result = add_reference(
                NewReference(**{name: (getattr(form, name).data or "") for name in _FIELDS})
            )
            if result.reference is not None:
                flash(
                    f"Reference {result.reference.key} added: the editor's reference menus "
                    "list it now.",
                    "success",
                )
                return redirect(url_for("author.new_reference"), code=303)
            problems = result.problems
        for name, messages in form.errors.items():
            problems.setdefault("" if name == "csrf_token" else name, []).extend(messages)
    page = render_template("author/reference_new.html", form=form, problems=problems)
    return (page, 422) if problems else page


_FIELDS = ("key", "title", "citation", "kind", "doi", "pmid", "url")
