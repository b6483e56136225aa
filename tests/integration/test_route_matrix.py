"""Every route x method x identity x object (of clinic / learner A and B) answers as the table says.

The table is the single statement of who may do what. A route added to the app without a row here
fails `test_every_route_has_a_row`, so access rules are decided, not inherited by accident.

Columns (identities), in this order:
  anon  not logged in            la  learner A (no clinic)     lb  learner B (no clinic)
  sa    staff of clinic A        ia  instructor of clinic A    ma  manager of clinic A
  mb    manager of clinic B      si  site instructor           ad  site admin
Objects: {A}/{B} are clinic slugs, {card_A}/{card_B} a suspended leech card of learner A/B,
{item_S} a shared-bank item, {item_A}/{item_B} an item owned by clinic A/B.
Requests carry no body (or an empty JSON object where the route reads JSON): the table is about
access, so "400/409 for an empty request" means "allowed in"; a refusal is 302 (to the login page),
401 (JSON), 403 (below the role) or 404 (outside the clinic or not yours).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

import pytest
from sqlalchemy import select

from tests.factories import Factory, make_bank
from tests.integration.route_matrix_clinic import clinic_objects, clinic_rows
from tests.integration.route_matrix_quiz_take import quiz_take_rows, quiz_take_values
from trainer.models import CardState, ClinicRole, Question, SiteRole

IDENTITIES = ("anon", "la", "lb", "sa", "ia", "ma", "mb", "si", "ad")


@dataclass(frozen=True)
class Row:
    endpoint: str
    method: str
    path: str
    expect: str  # one status per identity, in IDENTITIES order
    json: bool = False  # send `{}` as JSON with Accept: application/json
    ends_session: bool = False  # the identity must log in again after this request


def _row(endpoint, method, path, expect, **kw) -> Row:
    return Row(endpoint, method, path, expect, **kw)


# One item's pages and actions; `pattern` has {ok} where the identity may act on the item, and
# every {ok} becomes the status that route answers an allowed, bodiless request.
_ITEM_ROUTES = [
    ("author.item", "GET", "", 200),
    ("author.edit_item", "GET", "/edit", 200),
    ("author.edit_item", "POST", "/edit", 422),
    ("author.check_answer", "POST", "/check", 200),
    ("author.comment", "POST", "/comments", 422),
    ("author.item_history", "GET", "/history", 200),
    ("author.item_diff", "GET", "/diff", 200),
    ("author.submit", "POST", "/submit", 303),
    ("author.publish", "POST", "/publish", 303),
    ("author.send_back", "POST", "/send-back", 303),
    ("author.retire", "POST", "/retire", 303),
    ("author.reinstate", "POST", "/reinstate", 303),
    ("author.restore_version", "POST", "/versions/1/restore", 303),
]


def _item_rows(item: str, pattern: str) -> list[Row]:
    return [
        _row(endpoint, method, f"/author/items/{item}{suffix}", pattern.format(ok=ok))
        for endpoint, method, suffix, ok in _ITEM_ROUTES
    ]


# One quiz's builder and report pages, as _ITEM_ROUTES (quizzes are built by the same authors
# as items, in the same scope: a site quiz by the shared bank's, a clinic's by the clinic's).
_QUIZ_ROUTES = [
    ("quiz.build_quiz", "GET", "", 200),
    ("quiz.build_settings", "GET", "/settings", 200),
    ("quiz.build_settings", "POST", "/settings", 422),
    ("quiz.build_pick", "GET", "/pick", 200),
    ("quiz.build_add_items", "POST", "/items", 422),
    ("quiz.build_add_draw", "POST", "/draws", 422),
    ("quiz.build_slot", "POST", "/slots/{slot}", 400),
    ("quiz.build_publish", "POST", "/publish", 303),
    ("quiz.build_archive", "POST", "/archive", 303),
    ("quiz.report_results", "GET", "/results", 200),
    ("quiz.report_results_csv", "GET", "/results.csv", 200),
    ("quiz.report_analysis", "GET", "/analysis", 200),
    ("quiz.report_analysis_csv", "GET", "/analysis/items.csv", 200),
]


def _quiz_rows(owner: str, pattern: str) -> list[Row]:
    return [
        _row(
            endpoint,
            method,
            f"/quizzes/build/{{built_{owner}}}" + suffix.replace("{slot}", f"{{slot_{owner}}}"),
            pattern.format(ok=ok),
        )
        for endpoint, method, suffix, ok in _QUIZ_ROUTES
    ]


# endpoint, method, path, then the status for: anon la lb sa ia ma mb si ad
MATRIX = [
    _row("main.index", "GET", "/", "200 200 200 200 200 200 200 200 200"),
    _row("main.healthz", "GET", "/healthz", "200 200 200 200 200 200 200 200 200"),
    _row("main.favicon", "GET", "/favicon.ico", "301 301 301 301 301 301 301 301 301"),
    _row("static", "GET", "/static/css/app.css", "200 200 200 200 200 200 200 200 200"),
    _row("bootstrap.static", "GET", "/bootstrap/static/css/bootstrap.min.css",
         "200 200 200 200 200 200 200 200 200"),
    # accounts
    _row("auth.login", "GET", "/auth/login", "200 302 302 302 302 302 302 302 302"),
    _row("auth.login", "POST", "/auth/login", "200 302 302 302 302 302 302 302 302"),
    _row("auth.register", "GET", "/auth/register", "200 302 302 302 302 302 302 302 302"),
    _row("auth.register", "POST", "/auth/register", "200 302 302 302 302 302 302 302 302"),
    _row("auth.register_confirm", "GET", "/auth/register/not-a-token",
         "302 302 302 302 302 302 302 302 302"),
    _row("auth.register_confirm", "POST", "/auth/register/not-a-token",
         "302 302 302 302 302 302 302 302 302"),
    _row("auth.reset_request", "GET", "/auth/reset", "200 200 200 200 200 200 200 200 200"),
    _row("auth.reset_request", "POST", "/auth/reset", "200 200 200 200 200 200 200 200 200"),
    _row("auth.reset_password", "GET", "/auth/reset/not-a-token",
         "302 302 302 302 302 302 302 302 302"),
    _row("auth.reset_password", "POST", "/auth/reset/not-a-token",
         "302 302 302 302 302 302 302 302 302"),
    _row("auth.profile", "GET", "/auth/profile", "302 200 200 200 200 200 200 200 200"),
    _row("auth.profile", "POST", "/auth/profile", "302 200 200 200 200 200 200 200 200"),
    _row("auth.change_password", "POST", "/auth/password", "302 400 400 400 400 400 400 400 400"),
    _row("auth.logout", "POST", "/auth/logout", "302 302 302 302 302 302 302 302 302",
         ends_session=True),
    # the shared bank's muscle pages: any logged-in user
    _row("bank.muscles", "GET", "/bank/muscles", "302 200 200 200 200 200 200 200 200"),
    _row("bank.muscles_csv", "GET", "/bank/muscles.csv", "302 200 200 200 200 200 200 200 200"),
    _row("bank.muscle", "GET", "/bank/muscles/{muscle}", "302 200 200 200 200 200 200 200 200"),
    # study: everyone studies their own cards; another learner's card is 404
    _row("study.index", "GET", "/study/", "302 200 200 200 200 200 200 200 200"),
    _row("study.card", "GET", "/study/card", "401 200 200 200 200 200 200 200 200", json=True),
    _row("study.answer", "POST", "/study/answer", "401 400 400 400 400 400 400 400 400",
         json=True),
    _row("study.rating", "POST", "/study/rating", "401 400 400 400 400 400 400 400 400",
         json=True),
    _row("study.undo", "POST", "/study/undo", "401 409 409 409 409 409 409 409 409", json=True),
    _row("study.settings", "GET", "/study/settings", "302 200 200 200 200 200 200 200 200"),
    _row("study.settings", "POST", "/study/settings", "302 400 400 400 400 400 400 400 400"),
    _row("study.optimise", "POST", "/study/settings/optimise",
         "302 302 302 302 302 302 302 302 302"),
    _row("study.stats", "GET", "/study/stats", "302 200 200 200 200 200 200 200 200"),
    _row("study.mastery_csv", "GET", "/study/stats/mastery.csv",
         "302 200 200 200 200 200 200 200 200"),
    _row("study.reviews_csv", "GET", "/study/stats/reviews.csv",
         "302 200 200 200 200 200 200 200 200"),
    _row("study.unsuspend", "POST", "/study/leeches/{card_A}/unsuspend",
         "302 302 404 404 404 404 404 404 404"),
    _row("study.unsuspend", "POST", "/study/leeches/{card_B}/unsuspend",
         "302 404 302 404 404 404 404 404 404"),
    # API (JSON only)
    _row("api.next_card", "GET", "/api/v1/study/next", "401 200 200 200 200 200 200 200 200",
         json=True),
    _row("api.answer", "POST", "/api/v1/study/answers", "401 400 400 400 400 400 400 400 400",
         json=True),
    _row("api.undo", "POST", "/api/v1/study/undo", "401 409 409 409 409 409 409 409 409",
         json=True),
    # clinics: 404 outside the clinic, 403 below the role; site admins see every clinic
    _row("clinic.overview", "GET", "/clinics/{A}/", "302 404 404 200 200 200 404 404 200"),
    _row("clinic.overview", "GET", "/clinics/{B}/", "302 404 404 404 404 404 200 404 200"),
    _row("clinic.staff", "GET", "/clinics/{A}/staff", "302 404 404 403 200 200 404 404 200"),
    _row("clinic.staff", "GET", "/clinics/{B}/staff", "302 404 404 404 404 404 200 404 200"),
    _row("clinic.staff_csv", "GET", "/clinics/{A}/staff.csv",
         "302 404 404 403 200 200 404 404 200"),
    _row("clinic.staff_csv", "GET", "/clinics/{B}/staff.csv",
         "302 404 404 404 404 404 200 404 200"),
    *clinic_rows(_row),
    # authoring: authors are site instructors/admins and clinic instructors/managers (others 403);
    # an item outside the author's scope is 404: shared items for the site's instructors and
    # admins, a clinic's items for its instructors and managers (admins reach every clinic)
    _row("author.index", "GET", "/author/", "302 403 403 403 200 200 200 200 200"),
    _row("author.items_csv", "GET", "/author/items.csv", "302 403 403 403 200 200 200 200 200"),
    _row("author.lint", "GET", "/author/lint", "302 403 403 403 200 200 200 200 200"),
    # Another clinic's items are not there to lint; the shared bank only for its authors.
    _row("author.lint", "GET", "/author/lint?owner={B}", "302 403 403 403 404 404 200 404 200"),
    _row("author.lint", "GET", "/author/lint?owner=shared",
         "302 403 403 403 404 404 404 200 200"),
    _row("author.lint_csv", "GET", "/author/lint.csv?owner={A}",
         "302 403 403 403 200 200 404 404 200"),
    _row("author.bulk_action", "POST", "/author/bulk", "302 403 403 403 303 303 303 303 303"),
    _row("author.approval_policy", "GET", "/author/policy", "302 403 403 403 403 200 200 403 200"),
    _row("author.approval_policy", "POST", "/author/policy",
         "302 403 403 403 403 400 400 403 400"),
    _row("author.new_item", "GET", "/author/items/new", "302 403 403 403 200 200 200 200 200"),
    _row("author.new_item", "POST", "/author/items/new", "302 403 403 403 200 200 200 200 200"),
    # file exchange: every author, for the owners in their scope (chosen in the form; an owner
    # outside it is a field error, so an empty form is 422)
    _row("author.import_page", "GET", "/author/import", "302 403 403 403 200 200 200 200 200"),
    _row("author.import_page", "POST", "/author/import", "302 403 403 403 422 422 422 422 422"),
    _row("author.csv_template", "GET", "/author/import/template.csv",
         "302 403 403 403 200 200 200 200 200"),
    _row("author.export_page", "GET", "/author/export", "302 403 403 403 200 200 200 200 200"),
    _row("author.export_page", "POST", "/author/export", "302 403 403 403 422 422 422 422 422"),
    # the bibliography is shared by every owner: every author adds to it (never overwrites)
    _row("author.new_reference", "GET", "/author/references/new",
         "302 403 403 403 200 200 200 200 200"),
    _row("author.new_reference", "POST", "/author/references/new",
         "302 403 403 403 422 422 422 422 422"),
    *_item_rows("{item_S}", "302 403 403 403 404 404 404 {ok} {ok}"),
    *_item_rows("{item_A}", "302 403 403 403 {ok} {ok} 404 404 {ok}"),
    *_item_rows("{item_B}", "302 403 403 403 404 404 {ok} 404 {ok}"),
    *quiz_take_rows(_row),
    # quiz builder and reports: the authors' scope again; another owner's quiz is 404
    _row("quiz.build_index", "GET", "/quizzes/build/", "302 403 403 403 200 200 200 200 200"),
    _row("quiz.build_new", "GET", "/quizzes/build/new", "302 403 403 403 200 200 200 200 200"),
    _row("quiz.build_new", "POST", "/quizzes/build/new", "302 403 403 403 422 422 422 422 422"),
    *_quiz_rows("S", "302 403 403 403 404 404 404 {ok} {ok}"),
    *_quiz_rows("A", "302 403 403 403 {ok} {ok} 404 404 {ok}"),
    *_quiz_rows("B", "302 403 403 403 404 404 {ok} 404 {ok}"),
]


def test_every_route_has_a_row(app):
    routes = {
        (rule.endpoint, method)
        for rule in app.url_map.iter_rules()
        for method in rule.methods - {"HEAD", "OPTIONS"}
    }
    covered = {(row.endpoint, row.method) for row in MATRIX}
    assert routes - covered == set(), "routes with no row in the access matrix"
    assert covered - routes == set(), "rows for routes that no longer exist"


def test_every_row_states_one_status_per_identity():
    for row in MATRIX:
        assert len(row.expect.split()) == len(IDENTITIES), row


def _world(db, factory: Factory) -> dict:
    clinic_a = factory.clinic("Alpha Physio", "alpha")
    clinic_b = factory.clinic("Beta Physio", "beta")
    users = {
        "la": factory.user(email="la@example.com"),
        "lb": factory.user(email="lb@example.com"),
        "sa": factory.user(email="sa@alpha.example", clinic=clinic_a),
        "ia": factory.user(
            email="ia@alpha.example", clinic=clinic_a, clinic_role=ClinicRole.INSTRUCTOR
        ),
        "ma": factory.user(
            email="ma@alpha.example", clinic=clinic_a, clinic_role=ClinicRole.MANAGER
        ),
        "mb": factory.user(
            email="mb@beta.example", clinic=clinic_b, clinic_role=ClinicRole.MANAGER
        ),
        "si": factory.user(email="si@example.com", site_role=SiteRole.INSTRUCTOR),
        "ad": factory.user(email="ad@example.com", site_role=SiteRole.ADMIN),
    }
    bank = make_bank(db, per_topic=1)
    question, item_a, item_b = db.session.execute(
        select(Question).order_by(Question.id).limit(3)
    ).scalars()
    item_a.clinic_id, item_b.clinic_id = clinic_a.id, clinic_b.id
    cards = {}
    for key in ("la", "lb"):
        card = CardState(
            user_id=users[key].id,
            question_id=question.id,
            due=datetime.now(UTC),
            suspended=True,
            leech=True,
            lapses=8,
        )
        db.session.add(card)
        db.session.flush()
        cards[key] = card.id
    db.session.commit()
    quizzes = {
        "S": factory.quiz([question]),
        "A": factory.quiz([question], clinic=clinic_a),
        "B": factory.quiz([question], clinic=clinic_b),
    }
    muscle = next(item.muscle for item in bank.items if item.muscle)
    quiz_values = quiz_take_values(factory, users, clinic_a, clinic_b, question)
    return {
        "users": users,
        "values": {
            "A": clinic_a.slug, "B": clinic_b.slug, "muscle": muscle,
            "card_A": cards["la"], "card_B": cards["lb"],
            "item_S": question.id, "item_A": item_a.id, "item_B": item_b.id,
            **quiz_values,
            # the builder's own quizzes (quiz_* are the taking rows' quizzes)
            **{f"built_{k}": quiz.id for k, quiz in quizzes.items()},
            **{f"slot_{k}": quiz.slots[0].id for k, quiz in quizzes.items()},
            **clinic_objects(db, clinic_a, clinic_b, users),
        },
        "cards": cards,
    }


def _client(app, users, identity):
    client = app.test_client()
    if identity != "anon":
        response = client.post(
            "/auth/login", data={"email": users[identity].email, "password": Factory.PASSWORD}
        )
        assert response.status_code == 302, identity
    return client


def _send(client, row: Row, path: str):
    kwargs = {"json": {}, "headers": {"Accept": "application/json"}} if row.json else {}
    response = client.open(path, method=row.method, **kwargs)
    response.close()
    return response.status_code


def test_route_matrix(app, db, factory):
    world = _world(db, factory)
    users = world["users"]
    clients: dict[str, object] = {}
    mismatches = []
    for row in MATRIX:
        path = row.path.format(**world["values"])
        for identity, expected in zip(IDENTITIES, row.expect.split(), strict=True):
            if identity not in clients:
                clients[identity] = _client(app, users, identity)
            status = _send(clients[identity], row, path)
            if status != int(expected):
                mismatches.append(f"{row.method} {path} as {identity}: {status}, table {expected}")
            if row.ends_session:
                clients.pop(identity)
            if row.endpoint == "study.unsuspend" and status == 302:
                _suspend_again(db, world["cards"])
    assert mismatches == [], "\n".join(mismatches)


def _suspend_again(db, cards) -> None:
    for card_id in cards.values():
        card = db.session.get(CardState, card_id)
        db.session.refresh(card)
        card.suspended = card.leech = True
    db.session.commit()


@pytest.mark.parametrize("row", [r for r in MATRIX if r.method == "POST"], ids=lambda r: r.path)
def test_every_post_route_refuses_a_missing_csrf_token(app, db, factory, row):
    world = _world(db, factory)
    client = _client(app, world["users"], "la")  # logs in while CSRF is still off
    app.config["WTF_CSRF_ENABLED"] = True
    kwargs = {"json": {}, "headers": {"Accept": "application/json"}} if row.json else {}
    response = client.open(row.path.format(**world["values"]), method=row.method, **kwargs)
    # 400 alone could be the empty body's fault; the message says it was the missing token
    assert response.status_code == 400 and "CSRF" in response.get_data(as_text=True)
