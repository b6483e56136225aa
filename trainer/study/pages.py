"""Statistics and settings pages of the study area."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from trainer.charts import bar_chart_svg, calendar_heatmap_svg
from trainer.csv_export import csv_response
from trainer.domain.scheduling import MIN_REVIEWS_FOR_VALIDATED_FIT
from trainer.models import utcnow
from trainer.services.learning import learner_dashboard, optimisation, study_queue
from trainer.services.learning.study_preferences import save_preferences
from trainer.services.learning.study_settings import load_settings
from trainer.study import bp
from trainer.study.forms import OptimiseForm, StudySettingsForm, format_steps

#: On a phone the calendar shows about four months (17 weeks fit at a readable size).
PHONE_CALENDAR_DAYS = 17 * 7 - 6


@bp.route("/stats")
@login_required
def stats():
    board = learner_dashboard.dashboard(current_user.id, utcnow())
    # Day 0 is the learner's today (overdue cards count there), named as Anki names it.
    forecast = [
        ("Today" if n == 0 else d.date.strftime("%d %b"), d.due_count)
        for n, d in enumerate(board.forecast)
    ]
    days = [(d.date, d.reviews) for d in board.heatmap]
    # Each chart twice: drawn for a wide screen and for a phone, where the wide drawing would
    # shrink its labels to ~5 px; CSS shows the one that fits (stats.html).
    charts = {
        "forecast": (
            bar_chart_svg(forecast, title="Reviews due in the next 30 days", y_label="cards"),
            bar_chart_svg(
                forecast,
                title="Reviews due in the next 30 days",
                y_label="cards",
                width=400,
                height=260,
            ),
        ),
        "heatmap": (
            calendar_heatmap_svg(days, title="Reviews per day, last 12 months"),
            calendar_heatmap_svg(days[-PHONE_CALENDAR_DAYS:], title="Reviews, last 4 months"),
        ),
    }
    return render_template("study/stats.html", board=board, charts=charts)


@bp.route("/stats/reviews.csv")
@login_required
def reviews_csv():
    return csv_response(
        "my-reviews.csv",
        ["reviewed_at_utc", "item", "version", "rating", "duration_ms", "correct"],
        learner_dashboard.review_history_rows(current_user.id),
    )


@bp.route("/stats/mastery.csv")
@login_required
def mastery_csv():
    board = learner_dashboard.dashboard(current_user.id, utcnow())
    return csv_response(
        "my-topic-mastery.csv",
        ["topic", "items", "studied", "studied_share", "mean_predicted_recall"],
        [
            [m.title, m.total, m.studied, f"{m.studied_share:.3f}", f"{m.mean_recall:.3f}"]
            for m in board.mastery
        ],
    )


@bp.route("/leeches/<row_id:card_id>/unsuspend", methods=["POST"])
@login_required
def unsuspend(card_id: int):
    outcome = learner_dashboard.unsuspend_leech(current_user.id, card_id)
    if outcome is None:
        abort(404)  # someone else's card looks the same as no card
    if outcome:
        flash("Unsuspended: the item is back in your reviews.", "success")
    else:
        flash("That item is not one of your leeches.", "warning")
    return redirect(url_for("study.stats"))


@bp.route("/settings", methods=["GET", "POST"])
@login_required
def settings():
    current = load_settings(current_user.id)
    form = StudySettingsForm(
        topic_choices=study_queue.topic_choices(),
        data=None
        if request.method == "POST"
        else {
            "desired_retention": current.desired_retention,
            "new_per_day": current.new_per_day,
            "max_reviews_per_day": current.max_reviews_per_day,
            "learning_steps": format_steps(current.learning_steps_minutes),
            "relearning_steps": format_steps(current.relearning_steps_minutes),
            "topics": list(current.topics),
            "timezone": current.timezone,
            "day_start_hour": current.day_start_hour,
        },
    )
    if form.validate_on_submit():
        save_preferences(
            current_user.id,
            desired_retention=float(form.desired_retention.data),
            new_per_day=form.new_per_day.data,
            max_reviews_per_day=form.max_reviews_per_day.data,
            learning_steps=form.learning_steps.steps,
            relearning_steps=form.relearning_steps.steps,
            topics=form.topics.data or [],
            timezone=form.timezone.data,
            day_start_hour=form.day_start_hour.data,
        )
        flash("Settings saved. They apply from your next answer on.", "success")
        return redirect(url_for("study.settings"))
    return _settings_page(form, current), (400 if form.errors else 200)


def _settings_page(form: StudySettingsForm, current, optimise_result=None):
    return render_template(
        "study/settings.html",
        form=form,
        current=current,
        optimise_form=OptimiseForm(),
        optimise_url=url_for("study.optimise"),
        optimise_result=optimise_result,
        usable_reviews=optimisation.usable_review_count(current_user.id, utcnow()),
        threshold=MIN_REVIEWS_FOR_VALIDATED_FIT,
    )


@bp.route("/settings/optimise", methods=["POST"])
@login_required
def optimise():
    form = OptimiseForm()
    if not form.validate_on_submit():
        flash("The form expired; please try again.", "warning")
        return redirect(url_for("study.settings"))
    result = optimisation.optimise(current_user, utcnow())
    flash(result.message, "success" if result.applied else "info")
    return redirect(url_for("study.settings"))
