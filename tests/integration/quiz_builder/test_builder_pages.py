"""The quiz builder: who may build what, the settings form, fixed items, random slots, publish."""

from __future__ import annotations

from sqlalchemy import select

from tests.integration.quiz_builder.conftest import (
    created_quiz_id,
    finish_attempt,
    settings_form,
)
from trainer.extensions import db as _db
from trainer.models import (
    Question,
    QuestionStatus,
    Quiz,
    QuizAudience,
    QuizKind,
    QuizSlot,
    QuizStatus,
)


def _shared_published(db, n=3):
    return db.session.scalars(
        select(Question)
        .where(Question.clinic_id.is_(None), Question.status == QuestionStatus.PUBLISHED)
        .order_by(Question.id)
        .limit(n)
    ).all()


def test_empty_state_says_what_to_do(bank, instructor_client):
    page = instructor_client.get("/quizzes/build/").get_data(as_text=True)
    assert 'id="no-quizzes"' in page and "/quizzes/build/new" in page


def test_learners_and_staff_may_not_build(bank, learner_client, staff_client):
    assert learner_client.get("/quizzes/build/").status_code == 403
    assert staff_client.get("/quizzes/build/new").status_code == 403


def test_create_exam_with_every_setting(bank, instructor_client):
    response = instructor_client.post(
        "/quizzes/build/new",
        data=settings_form(opens_at="2026-04-01T08:00", closes_at="2026-04-30T18:00"),
    )
    assert response.status_code == 303
    quiz = _db.session.get(Quiz, created_quiz_id(response))
    assert quiz.kind == QuizKind.EXAM and quiz.status == QuizStatus.DRAFT
    assert quiz.time_limit_seconds == 2400 and quiz.attempts_allowed == 2
    assert quiz.pass_fraction == 0.8 and quiz.clinic_id is None
    assert quiz.opens_at.isoformat() == "2026-04-01T08:00:00+00:00"
    assert quiz.shuffle_items and not quiz.shuffle_choices
    assert quiz.review_marks and not quiz.review_keys
    # an exam does not count for spaced repetition unless asked to; a practice quiz does
    assert quiz.counts_for_srs is False
    practice = instructor_client.post(
        "/quizzes/build/new", data=settings_form(kind="practice", title="Warm-up")
    )
    assert _db.session.get(Quiz, created_quiz_id(practice)).counts_for_srs is True
    forced = instructor_client.post("/quizzes/build/new", data=settings_form(counts_for_srs="on"))
    assert _db.session.get(Quiz, created_quiz_id(forced)).counts_for_srs is True


def test_link_quiz_gets_a_secret_token(bank, instructor_client):
    response = instructor_client.post("/quizzes/build/new", data=settings_form(audience="link"))
    quiz = _db.session.get(Quiz, created_quiz_id(response))
    assert quiz.audience == QuizAudience.LINK and len(quiz.link_token) == 43
    # the builder sees the link (or, before the attempt pages exist, its secret) to hand out
    page = instructor_client.get(f"/quizzes/build/{quiz.id}/settings").get_data(as_text=True)
    assert 'id="quiz-link"' in page and quiz.link_token in page
    other = instructor_client.post("/quizzes/build/new", data=settings_form(audience="link"))
    assert _db.session.get(Quiz, created_quiz_id(other)).link_token != quiz.link_token


def test_form_errors_sit_beside_fields_and_keep_the_input(bank, instructor_client):
    response = instructor_client.post(
        "/quizzes/build/new",
        data=settings_form(
            title="",
            time_limit_minutes="0",
            pass_percent="120",
            description="Keep this text",
            opens_at="2026-05-02T10:00",
            closes_at="2026-05-01T10:00",
        ),  # fmt: skip
    )
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert 'id="error-summary"' in page
    for field in ("title", "time_limit_minutes", "pass_percent", "closes_at"):
        assert f'data-error-for="{field}"' in page, field
    assert "Keep this text" in page and 'value="2026-05-02T10:00"' in page
    assert _db.session.scalar(select(Quiz.id)) is None


def test_owner_and_audience_must_agree(bank, client_a, clinic_a):
    # a clinic instructor builds for the clinic only, and a clinic quiz is for the clinic
    shared = client_a.post("/quizzes/build/new", data=settings_form())
    assert shared.status_code == 422 and 'data-error-for="owner"' in shared.get_data(as_text=True)
    wrong = client_a.post("/quizzes/build/new", data=settings_form(owner="alpha"))
    assert wrong.status_code == 422 and 'data-error-for="audience"' in wrong.get_data(as_text=True)
    ok = client_a.post("/quizzes/build/new", data=settings_form(owner="alpha", audience="clinic"))
    assert _db.session.get(Quiz, created_quiz_id(ok)).clinic_id == clinic_a.id


def test_another_clinics_quiz_is_404(bank, factory, client_a, client_b, clinic_b):
    quiz_b = factory.quiz(_shared_published(_db, 1), clinic=clinic_b)
    for path in ("", "/settings", "/pick", "/results", "/results.csv", "/analysis",
                 "/analysis/items.csv"):  # fmt: skip
        assert client_a.get(f"/quizzes/build/{quiz_b.id}{path}").status_code == 404, path
        assert client_b.get(f"/quizzes/build/{quiz_b.id}{path}").status_code == 200, path
    assert client_a.post(f"/quizzes/build/{quiz_b.id}/publish").status_code == 404
    listed = client_a.get("/quizzes/build/").get_data(as_text=True)
    assert f'data-quiz="{quiz_b.id}"' not in listed


def test_site_quiz_picks_only_shared_items_clinic_quiz_also_its_own(
    bank, factory, instructor_client, client_a, clinic_a, clinic_b
):
    shared, own, other = _shared_published(_db, 3)
    own.clinic_id, other.clinic_id = clinic_a.id, clinic_b.id
    _db.session.commit()
    site_quiz = factory.quiz(status=QuizStatus.DRAFT)
    ids = [shared.id, own.id, other.id]
    instructor_client.post(f"/quizzes/build/{site_quiz.id}/items", data={"ids": ids})
    _db.session.expire_all()
    assert [s.question_id for s in site_quiz.slots] == [shared.id]
    clinic_quiz = factory.quiz(clinic=clinic_a, status=QuizStatus.DRAFT)
    response = client_a.post(f"/quizzes/build/{clinic_quiz.id}/items", data={"ids": ids})
    assert response.status_code == 303
    _db.session.expire_all()
    assert [s.question_id for s in clinic_quiz.slots] == [shared.id, own.id]
    picker = client_a.get(f"/quizzes/build/{clinic_quiz.id}/pick").get_data(as_text=True)
    assert f'data-item="{other.external_id}"' not in picker
    assert f'data-item="{own.external_id}"' not in picker or "in quiz" in picker


def test_unpublished_pick_warns_and_is_not_asked(bank, factory, instructor_client):
    question = _shared_published(_db, 1)[0]
    question.status = QuestionStatus.DRAFT
    _db.session.commit()
    quiz = factory.quiz(status=QuizStatus.DRAFT)
    response = instructor_client.post(
        f"/quizzes/build/{quiz.id}/items", data={"ids": [question.id]}, follow_redirects=True
    )
    page = response.get_data(as_text=True)
    assert "Not published, so not asked until they are: " + question.external_id in page
    assert "data-warning" in page
    # a quiz whose only item is unpublished asks nothing: publishing is refused
    refused = instructor_client.post(f"/quizzes/build/{quiz.id}/publish", follow_redirects=True)
    assert "None of this quiz" in refused.get_data(as_text=True)
    assert _db.session.get(Quiz, quiz.id).status == QuizStatus.DRAFT


def test_publish_refused_without_items_then_allowed(bank, factory, instructor_client):
    quiz = factory.quiz(status=QuizStatus.DRAFT)
    response = instructor_client.post(f"/quizzes/build/{quiz.id}/publish", follow_redirects=True)
    assert "This quiz has no items yet" in response.get_data(as_text=True)
    assert _db.session.get(Quiz, quiz.id).status == QuizStatus.DRAFT
    instructor_client.post(
        f"/quizzes/build/{quiz.id}/draws", data={"count": "2", "topic": "safety"}
    )
    instructor_client.post(f"/quizzes/build/{quiz.id}/publish")
    _db.session.expire_all()
    assert _db.session.get(Quiz, quiz.id).status == QuizStatus.PUBLISHED
    instructor_client.post(f"/quizzes/build/{quiz.id}/archive")
    _db.session.expire_all()
    assert _db.session.get(Quiz, quiz.id).status == QuizStatus.ARCHIVED


def test_random_slot_shows_how_many_published_items_match(bank, factory, instructor_client):
    quiz = factory.quiz(status=QuizStatus.DRAFT)
    safety = _db.session.scalars(
        select(Question)
        .join(Question.topic)
        .where(Question.status == QuestionStatus.PUBLISHED, Question.clinic_id.is_(None))
    ).all()
    in_topic = [q for q in safety if q.topic.slug == "safety"]
    # a flashcard is never drawn into a graded quiz, so it is not counted as a match
    flashcard = next(
        q for q in safety if q.current_version.type == "flashcard" and q not in in_topic
    )
    flashcard.topic_id = in_topic[0].topic_id
    _db.session.commit()
    expected = sum(1 for q in in_topic if q.current_version.type != "flashcard")
    response = instructor_client.post(
        f"/quizzes/build/{quiz.id}/draws",
        data={"count": "2", "topic": "safety", "unseen_first": "y", "mark": "2"},
        follow_redirects=True,
    )
    page = response.get_data(as_text=True)
    assert f"{expected} published item{'s' if expected != 1 else ''} match" in page
    slot = _db.session.scalars(select(QuizSlot).where(QuizSlot.quiz_id == quiz.id)).one()
    assert (slot.draw_count, slot.draw_topic, slot.unseen_first, slot.mark) == (
        2, "safety", True, 2.0,
    )  # fmt: skip


def test_draw_form_errors_keep_input(bank, factory, instructor_client):
    quiz = factory.quiz(status=QuizStatus.DRAFT)
    response = instructor_client.post(
        f"/quizzes/build/{quiz.id}/draws",
        data={"count": "0", "topic": "no-such-topic", "tag": "headache"},
    )
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert 'data-error-for="count"' in page and 'data-error-for="topic"' in page
    assert 'value="headache"' in page


def test_reorder_remove_and_mark(bank, factory, instructor_client):
    a, b, c = _shared_published(_db, 3)
    quiz = factory.quiz([a, b, c], status=QuizStatus.DRAFT)
    first, second, third = sorted(quiz.slots, key=lambda s: s.position)
    base = f"/quizzes/build/{quiz.id}/slots"
    assert instructor_client.post(f"{base}/{third.id}", data={"action": "up"}).status_code == 303
    instructor_client.post(f"{base}/{first.id}", data={"action": "remove"})
    instructor_client.post(f"{base}/{second.id}", data={"action": "mark", "mark": "2.5"})
    _db.session.expire_all()
    slots = sorted(_db.session.get(Quiz, quiz.id).slots, key=lambda s: s.position)
    assert [(s.position, s.question_id) for s in slots] == [(1, c.id), (2, b.id)]
    assert slots[1].mark == 2.5
    assert (
        instructor_client.post(f"{base}/{third.id}", data={"action": "sideways"}).status_code == 400
    )


def test_slots_are_locked_once_a_quiz_has_attempts(bank, factory, instructor_client, learner):
    a, b, c = _shared_published(_db, 3)
    quiz = factory.quiz([a, b])
    finish_attempt(_db, quiz, learner, 1, [1.0, 0.0])
    slot = sorted(quiz.slots, key=lambda s: s.position)[0]
    page = instructor_client.get(f"/quizzes/build/{quiz.id}").get_data(as_text=True)
    assert 'id="slots-locked"' in page and 'id="draw-form"' not in page
    for action in ("remove", "down"):
        response = instructor_client.post(
            f"/quizzes/build/{quiz.id}/slots/{slot.id}", data={"action": action},
            follow_redirects=True,
        )  # fmt: skip
        assert "its items are locked" in response.get_data(as_text=True)
    instructor_client.post(f"/quizzes/build/{quiz.id}/items", data={"ids": [c.id]})
    instructor_client.post(f"/quizzes/build/{quiz.id}/draws", data={"count": "1"})
    _db.session.expire_all()
    assert [s.question_id for s in sorted(_db.session.get(Quiz, quiz.id).slots,
                                          key=lambda s: s.position)] == [a.id, b.id]  # fmt: skip


def test_settings_edit_round_trips(bank, factory, instructor_client):
    quiz = factory.quiz(_shared_published(_db, 1), status=QuizStatus.DRAFT, title="Old")
    page = instructor_client.get(f"/quizzes/build/{quiz.id}/settings").get_data(as_text=True)
    assert 'value="Old"' in page
    data = settings_form(title="New", kind="practice", counts_for_srs="off", grading_method="last")
    data.pop("owner")
    assert (
        instructor_client.post(f"/quizzes/build/{quiz.id}/settings", data=data).status_code == 303
    )
    _db.session.expire_all()
    quiz = _db.session.get(Quiz, quiz.id)
    assert (quiz.title, quiz.kind, quiz.counts_for_srs, quiz.grading_method.value) == (
        "New", QuizKind.PRACTICE, False, "last",
    )  # fmt: skip


def test_picker_refusal_keeps_filters_and_ticks(bank, factory, instructor_client):
    question = _shared_published(_db, 1)[0]
    quiz = factory.quiz(status=QuizStatus.DRAFT)
    topic = question.topic.slug
    response = instructor_client.post(
        f"/quizzes/build/{quiz.id}/items?topic={topic}", data={"ids": [question.id], "mark": "-3"}
    )
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert 'id="error-summary"' in page and 'data-error-for="mark"' in page
    assert f'value="{question.id}" id="pick-{question.id}" aria-label="Add' in page
    tick = page[page.index(f'id="pick-{question.id}"') :][:200]
    assert "checked" in tick and f'<option value="{topic}" selected' in page
    nothing = instructor_client.post(f"/quizzes/build/{quiz.id}/items", data={})
    assert nothing.status_code == 422 and 'data-error-for="ids"' in nothing.get_data(as_text=True)
    assert _db.session.get(Quiz, quiz.id).slots == []
