"""A clinic's items stay inside the clinic on every learner page, not only in study."""

from __future__ import annotations

from sqlalchemy import select

from tests.factories import Factory, make_bank
from trainer.models import Question


def _login(app, user):
    client = app.test_client()
    client.post("/auth/login", data={"email": user.email, "password": Factory.PASSWORD})
    return client


def test_clinic_item_prompts_and_counts_reach_only_its_members(app, db, factory, clinic_a):
    make_bank(db, per_topic=4)
    question = db.session.execute(
        select(Question).where(Question.muscle_slug.is_not(None)).order_by(Question.id)
    ).scalars().first()
    muscle, prompt = question.muscle_slug, question.current_version.prompt
    member = _login(app, factory.user(email="m@alpha.example", clinic=clinic_a))
    outsider = _login(app, factory.user(email="solo@example.com"))

    def muscle_count(client) -> str:
        rows = client.get("/bank/muscles.csv").text.splitlines()
        return next(row for row in rows if f",{muscle}," in row).rsplit(",", 1)[1]

    shared_count = int(muscle_count(outsider))
    question.clinic_id = clinic_a.id
    db.session.commit()

    assert prompt[:40] in member.get(f"/bank/muscles/{muscle}").text
    assert prompt[:40] not in outsider.get(f"/bank/muscles/{muscle}").text
    assert int(muscle_count(member)) == shared_count
    assert int(muscle_count(outsider)) == shared_count - 1
    topic = question.topic.title
    member_csv = member.get("/study/stats/mastery.csv").text
    outsider_csv = outsider.get("/study/stats/mastery.csv").text
    assert _items_in(member_csv, topic) == _items_in(outsider_csv, topic) + 1


def _items_in(mastery_csv: str, topic: str) -> int:
    import csv
    import io

    rows = list(csv.DictReader(io.StringIO(mastery_csv)))
    return int(next(r["items"] for r in rows if r["topic"] == topic))
