"""A new bibliography entry, for the editor's reference menus.

Any author may add one: a site instructor or admin for the shared bank, a clinic's instructor
or manager for their clinic's items. The bibliography stays one shared catalogue of published
sources (``BankReference`` has no owner): an entry a clinic adds is citable by every author, and
records nothing of the clinic that added it. No one alters an entry from the browser: a key
already in the bibliography (retired ones too) is refused, so a clinic cannot rewrite what the
shared bank's items cite; entries change only through the question bank's files (``bank
import``), which the site's maintainers own.
"""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for

from trainer.author import bp
from trainer.author.common import author_required
from trainer.author.exchange_forms import ReferenceForm
from trainer.services.authoring.references import NewReference, add_reference


@bp.route("/references/new", methods=["GET", "POST"])
@author_required
def new_reference():
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
