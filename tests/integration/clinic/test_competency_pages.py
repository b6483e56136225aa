"""Competencies: the recommended defaults, the manager's form, and the matrix with its CSV."""

from __future__ import annotations

import csv
import io
import re

from sqlalchemy import event, select

from tests.conftest import _logged_in
from tests.factories import make_bank
from tests.integration.clinic.helpers import credential, passed_attempt, remember, topic_items
from trainer.models import AuditEvent, ClinicRole, Competency


def _add_defaults(client):
    return client.post("/clinics/alpha/competencies/recommended")


def test_recommended_competencies_are_added_once_and_name_the_safety_exam(
    db, factory, clinic_a, manager_client
):
    quiz = factory.quiz(title="Safety exam", clinic=clinic_a)
    assert _add_defaults(manager_client).status_code == 303
    assert _add_defaults(manager_client).status_code == 303  # a second time adds nothing
    rows = db.session.execute(select(Competency).order_by(Competency.title)).scalars().all()
    assert [c.title for c in rows] == ["Dry-needling safety", "Referral patterns"]
    safety = rows[0]
    kinds = {r["kind"]: r for r in safety.requirements}
    assert kinds["exam"]["quiz"] == quiz.id and kinds["exam"]["min_score"] == 0.8
    assert kinds["mastery"]["min_mean_recall"] == 0.9 and kinds["mastery"]["min_studied"] == 0.8
    assert safety.valid_for_months == 12
    page = manager_client.get("/clinics/alpha/competencies").get_data(as_text=True)
    assert "Safety exam" in page and "recall ≥ 90%" in page


def test_edit_keeps_values_on_error_and_saves_when_valid(db, clinic_a, manager_client):
    _add_defaults(manager_client)
    referral = db.session.execute(
        select(Competency).where(Competency.key == "referral-patterns")
    ).scalar_one()
    url = f"/clinics/alpha/competencies/{referral.id}/edit"
    assert manager_client.get(url).status_code == 200
    bad = manager_client.post(url, data={
        "title": "Referral patterns v2", "due_soon_days": "30", "assign_mode": "roles",
        "mastery": "y", "mastery_by": "topic", "mastery_values": "", "mastery_recall": "85",
    })  # fmt: skip
    assert bad.status_code == 422
    text = bad.get_data(as_text=True)
    assert "Referral patterns v2" in text and "Name at least one topic" in text
    assert "Tick at least one role" in text
    good = manager_client.post(url, data={
        "title": "Referral patterns v2", "due_soon_days": "14", "assign_mode": "roles",
        "assign_roles": "staff", "valid_for_months": "6", "deadline_days": "30",
        "mastery": "y", "mastery_by": "topic", "mastery_values": "referral-patterns, safety",
        "mastery_recall": "85", "mastery_studied": "50",
    })  # fmt: skip
    assert good.status_code == 303
    db.session.expire_all()
    referral = db.session.get(Competency, referral.id)
    assert referral.title == "Referral patterns v2" and referral.assign_roles == ["staff"]
    (mastery,) = referral.requirements
    assert mastery["key"] == "referral-mastery"  # the requirement keeps its key
    assert mastery["select"]["values"] == ["referral-patterns", "safety"]
    assert mastery["min_mean_recall"] == 0.85
    assert (
        db.session.execute(
            select(AuditEvent.action).where(AuditEvent.subject == "Referral patterns v2")
        ).scalar_one()
        == "competency_edited"
    )


def test_new_competency_with_an_exam_needs_a_real_quiz(
    db, factory, clinic_a, clinic_b, manager_client
):
    other = factory.quiz(title="Beta's exam", clinic=clinic_b)
    form = {"title": "Exam only", "due_soon_days": "30", "assign_mode": "everyone",
            "exam": "y", "exam_quiz": str(other.id), "exam_score": "70"}  # fmt: skip
    refused = manager_client.post("/clinics/alpha/competencies/new", data=form)
    assert refused.status_code == 422 and b"Choose one of the clinic" in refused.data
    assert b"Beta&#39;s exam" not in refused.data  # another clinic's quiz is not offered
    ours = factory.quiz(title="Alpha exam", clinic=clinic_a)
    form["exam_quiz"] = str(ours.id)
    assert manager_client.post("/clinics/alpha/competencies/new", data=form).status_code == 303
    created = db.session.execute(select(Competency)).scalar_one()
    assert created.requirements[0]["quiz"] == ours.id and created.key == "exam-only"


def _cells(page: str) -> dict[str, list[str]]:
    """Rows of the matrix table: person name -> the words of each cell."""
    table = page.split('<table class="table table-sm table-bordered matrix">')[1].split("</table>")[
        0
    ]
    rows = {}
    for row in re.findall(r"<tr>(.*?)</tr>", table, re.S)[1:]:
        name = re.search(r'<th scope="row"><a [^>]*>([^<]+)</a>', row).group(1)
        cells = re.findall(
            r'<span class="status [^"]+"><span aria-hidden="true">[^<]*</span> ([^<]+)</span>', row
        )
        rows[name] = cells
    return rows


def test_matrix_tells_met_in_progress_and_csv_says_the_same(
    app, db, factory, clinic_a, manager_a, manager_client
):
    make_bank(db, per_topic=4)
    quiz = factory.quiz(title="Safety exam", clinic=clinic_a)
    _add_defaults(manager_client)
    ready = factory.user(email="ready@alpha.example", name="Ada Ready", clinic=clinic_a)
    fresh = factory.user(email="fresh@alpha.example", name="Bo Fresh", clinic=clinic_a)
    gone = factory.user(email="gone@alpha.example", name="Cy Gone", clinic=clinic_a)
    remember(db, ready, topic_items(db, "safety") + topic_items(db, "referral-patterns"))
    passed_attempt(db, ready, quiz, score=0.9)
    credential(db, clinic_a, ready, signer=manager_a)
    remember(db, fresh, topic_items(db, "referral-patterns")[:2])
    manager_client.post(f"/clinics/alpha/staff/{gone.id}/active", data={"active": "0"})

    page = manager_client.get("/clinics/alpha/matrix").get_data(as_text=True)
    cells = _cells(page)
    assert cells["Ada Ready"] == ["met", "met"]
    assert cells["Bo Fresh"][0] == "in progress 0%"
    assert cells["Bo Fresh"][1].startswith("in progress ")
    assert "Cy Gone" not in cells  # deactivated: out of the matrix
    rows = list(csv.reader(io.StringIO(manager_client.get("/clinics/alpha/matrix.csv").text)))
    assert rows[0] == ["name", "email", "role", "Dry-needling safety", "Referral patterns"]
    by_name = {row[0]: row[3:] for row in rows[1:]}
    assert by_name == cells  # the CSV says what the page shows
    filtered = manager_client.get("/clinics/alpha/matrix?status=met&competency=referral-patterns")
    assert set(_cells(filtered.get_data(as_text=True))) == {"Ada Ready"}


def test_matrix_reads_in_a_fixed_number_of_queries(app, db, factory, clinic_a, manager_client):
    make_bank(db, per_topic=2)
    _add_defaults(manager_client)

    def count_for(staff: int) -> int:
        for n in range(staff):
            user = factory.user(email=f"s{staff}-{n}@alpha.example", clinic=clinic_a)
            remember(db, user, topic_items(db, "safety"))
        statements = []
        listener = lambda *args: statements.append(args[2])  # noqa: E731
        event.listen(db.engine, "before_cursor_execute", listener)
        try:
            assert manager_client.get("/clinics/alpha/matrix").status_code == 200
        finally:
            event.remove(db.engine, "before_cursor_execute", listener)
        return len(statements)

    assert count_for(2) == count_for(6)  # four more people, not one query more


def test_staff_see_their_own_page_and_next_step_not_others(
    app, db, factory, clinic_a, staff_a, manager_client
):
    make_bank(db, per_topic=2)
    _add_defaults(manager_client)
    other = factory.user(email="other@alpha.example", clinic=clinic_a)
    client = _logged_in(app, staff_a)
    mine = client.get("/clinics/alpha/me").get_data(as_text=True)
    assert "My competencies" in mine and "Next step: Study" in mine
    assert "Mean recall of the safety topic, by week" in mine  # the trend chart
    assert client.get(f"/clinics/alpha/people/{other.id}").status_code == 404
    assert client.get("/clinics/alpha/matrix").status_code == 403
    assert client.get(f"/clinics/alpha/people/{staff_a.id}").status_code == 200
    instructor = factory.user(
        email="teach@alpha.example", clinic=clinic_a, clinic_role=ClinicRole.INSTRUCTOR
    )
    teacher = _logged_in(app, instructor)
    assert teacher.get(f"/clinics/alpha/people/{other.id}").status_code == 200
    assert teacher.get("/clinics/alpha/matrix").status_code == 200


def test_matrix_sorts_a_column_most_urgent_first(db, factory, clinic_a, manager_client):
    make_bank(db, per_topic=2)
    _add_defaults(manager_client)
    for name, studied in (("Ann Done", 2), ("Ben None", 0), ("Cat Half", 1)):
        user = factory.user(email=f"{name[:3].lower()}@alpha.example", name=name, clinic=clinic_a)
        remember(db, user, topic_items(db, "referral-patterns")[:studied])
    page = manager_client.get("/clinics/alpha/matrix?sort=referral-patterns&role=staff").text
    assert list(_cells(page)) == ["Ben None", "Cat Half", "Ann Done"]
    csv_text = manager_client.get("/clinics/alpha/matrix.csv?sort=referral-patterns&role=staff")
    assert [row[0] for row in csv.reader(io.StringIO(csv_text.text))][1:] == [
        "Ben None",
        "Cat Half",
        "Ann Done",
    ]


def test_evidence_csv_lists_requirements_and_credentials(
    app, db, factory, clinic_a, manager_a, manager_client
):
    from tests.integration.clinic.helpers import credential

    make_bank(db, per_topic=2)
    quiz = factory.quiz(title="Safety exam", clinic=clinic_a)
    _add_defaults(manager_client)
    person = factory.user(email="p@alpha.example", name="Pat", clinic=clinic_a)
    passed_attempt(db, person, quiz, score=0.85)
    credential(db, clinic_a, person, signer=manager_a, title="DN course", hours=24)
    rows = list(csv.reader(io.StringIO(
        manager_client.get(f"/clinics/alpha/people/{person.id}/evidence.csv").text
    )))  # fmt: skip
    exam = next(r for r in rows if r[3] == "the safety exam")
    assert exam[:5] == [
        "competency",
        "Dry-needling safety",
        "in progress 66%",
        "the safety exam",
        "met",
    ]
    assert exam[5] == "best score 0.850"
    course = next(r for r in rows if r[0] == "credential")
    assert course[1:4] == ["needling-course", "signed", "DN course"]
    assert course[5] == "24 hours" and course[8].startswith(manager_a.email)
    assert (
        _logged_in(app, factory.user(email="q@alpha.example", clinic=clinic_a))
        .get(f"/clinics/alpha/people/{person.id}/evidence.csv")
        .status_code
        == 404
    )


def test_changing_who_it_is_assigned_to_restarts_the_deadline(db, clinic_a, manager_client):
    _add_defaults(manager_client)
    referral = db.session.execute(
        select(Competency).where(Competency.key == "referral-patterns")
    ).scalar_one()
    url = f"/clinics/alpha/competencies/{referral.id}/edit"
    first = referral.assigned_at
    same = {"title": "Referral patterns", "due_soon_days": "30", "deadline_days": "90",
            "assign_mode": "everyone", "mastery": "y", "mastery_by": "topic",
            "mastery_values": "referral-patterns", "mastery_recall": "80"}  # fmt: skip
    assert manager_client.post(url, data=same).status_code == 303
    db.session.expire_all()
    assert db.session.get(Competency, referral.id).assigned_at == first  # same people
    moved = {**same, "assign_mode": "roles", "assign_roles": "instructor"}
    assert manager_client.post(url, data=moved).status_code == 303
    db.session.expire_all()
    assert db.session.get(Competency, referral.id).assigned_at > first


def test_the_next_step_of_a_missing_exam_opens_that_quiz(
    app, db, factory, clinic_a, staff_a, manager_client
):
    exam = factory.quiz(title="Alpha exam", clinic=clinic_a)
    form = {"title": "Exam only", "due_soon_days": "30", "assign_mode": "everyone",
            "exam": "y", "exam_quiz": str(exam.id), "exam_score": "70"}  # fmt: skip
    assert manager_client.post("/clinics/alpha/competencies/new", data=form).status_code == 303
    client = _logged_in(app, staff_a)
    mine = client.get("/clinics/alpha/me").get_data(as_text=True)
    assert f'href="/quizzes/{exam.id}"' in mine
    assert client.get(f"/quizzes/{exam.id}").status_code == 200  # the learner can start it
