"""Browse the muscle catalogue: referral zones on the body map, trigger points, items."""

from __future__ import annotations

from flask import abort, render_template
from flask_login import current_user, login_required

from trainer.bodymap import render_bodymap
from trainer.csv_export import csv_response
from trainer.muscles import bp
from trainer.services.learning.muscles import list_muscles, muscle_detail, muscle_table


@bp.route("/muscles")
@login_required
def muscles():
    return render_template("bank/muscles.html", groups=list_muscles(current_user.id))


@bp.route("/muscles.csv")
@login_required
def muscles_csv():
    header, rows = muscle_table(current_user.id)
    return csv_response("muscles-referral-zones.csv", header, rows)


@bp.route("/muscles/<slug>")
@login_required
def muscle(slug: str):
    detail = muscle_detail(slug, current_user.id)
    if detail is None:
        abort(404)
    figure = render_bodymap(detail.zone_ids, label=f"Referral zone of {detail.muscle.name}")
    return render_template("bank/muscle.html", detail=detail, figure=figure)
