"""The bank browser: search on both databases, filters, statistics, sorting, CSV, bulk."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import select

from trainer.models import CardState, Question, QuestionVersion, ReviewLog
from trainer.services.authoring import browser
from trainer.services.authoring.permissions import author_scope

NOW = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)


def _ids(rows):
    return [r.external_id for r in rows]


def test_full_text_search_finds_words_and_prefixes(db, bank, site_instructor):
    scope = author_scope(site_instructor)
    target = bank.items[0]
    word = max(target.prompt.split(), key=len).strip("?.,;:()'\"")
    found = browser.matching_rows(scope, browser.BrowseFilter(q=word))
    assert target.id in _ids(found)
    prefix = browser.matching_rows(scope, browser.BrowseFilter(q=word[: max(3, len(word) - 2)]))
    assert target.id in _ids(prefix)
    assert browser.matching_rows(scope, browser.BrowseFilter(q="zzzznotaword")) == []
    # FTS syntax in a query is only text, never an error.
    assert isinstance(browser.matching_rows(scope, browser.BrowseFilter(q='" OR * NEAR(')), list)


def test_filters(db, bank, site_instructor):
    scope = author_scope(site_instructor)
    everything = browser.matching_rows(scope, browser.BrowseFilter())
    assert len(everything) == len(bank.items)
    flash = browser.matching_rows(scope, browser.BrowseFilter(type="flashcard"))
    assert flash and all(r.type_key == "flashcard" for r in flash)
    tagged = browser.matching_rows(scope, browser.BrowseFilter(tag="headache"))
    assert tagged and all("headache" in r.tags for r in tagged)
    topic = browser.matching_rows(scope, browser.BrowseFilter(topic="safety"))
    assert {r.topic for r in topic} == {"safety"}
    hard = browser.matching_rows(scope, browser.BrowseFilter(difficulty=3))
    assert all(r.difficulty == 3 for r in hard)
    assert browser.matching_rows(scope, browser.BrowseFilter(status="draft")) == []


def test_statistics_from_learners_answers(db, bank, site_instructor, learner):
    scope = author_scope(site_instructor)
    question = db.session.execute(select(Question).order_by(Question.id)).scalars().first()
    card = CardState(user_id=learner.id, question_id=question.id, due=NOW, leech=True)
    db.session.add(card)
    db.session.flush()
    for n, correct in enumerate([True, False, False, True]):
        db.session.add(
            ReviewLog(
                user_id=learner.id,
                card_id=card.id,
                question_version_id=question.current_version_id,
                rating=3,
                reviewed_at=NOW,
                state_before={},
                correct=correct,
                presentation_token=f"t{n}",
            )
        )
    db.session.commit()
    rows = {r.external_id: r for r in browser.matching_rows(scope, browser.BrowseFilter())}
    row = rows[question.external_id]
    assert (row.answers, row.percent_correct, row.leeches) == (4, 50.0, 1)
    by_answers = browser.matching_rows(scope, browser.BrowseFilter(sort="answers", descending=True))
    assert by_answers[0].external_id == question.external_id
    assert _ids(browser.matching_rows(scope, browser.BrowseFilter(leeches_only=True))) == [
        question.external_id
    ]
    assert _ids(
        browser.matching_rows(scope, browser.BrowseFilter(min_answers=1, max_correct=60))
    ) == [question.external_id]


def test_browser_page_sorts_paginates_and_exports(db, bank, instructor_client):
    page = instructor_client.get("/author/?sort=id&desc=1")
    assert page.status_code == 200
    ids = sorted(i.id for i in bank.items)
    html = page.get_data(as_text=True)
    assert html.index(f'data-item="{ids[-1]}"') < html.index(f'data-item="{ids[-2]}"')
    csv = instructor_client.get("/author/items.csv?type=flashcard").get_data(as_text=True)
    lines = csv.strip().splitlines()
    assert lines[0].startswith("id,topic,type,status")
    assert all(",flashcard," in line for line in lines[1:])
    for bad in ("?page=-3", "?page=abc", "?difficulty=9", "?sort=nope", "?min_answers=x"):
        assert instructor_client.get(f"/author/{bad}").status_code == 200


def test_bulk_retag_confirms_the_count_then_applies(db, bank, instructor_client):
    questions = db.session.execute(select(Question).order_by(Question.id).limit(3)).scalars().all()
    ids = [str(q.id) for q in questions]
    confirm = instructor_client.post(
        "/author/bulk", data={"ids": ids, "action": "add_tag", "tag": "bulk-test"}
    )
    assert confirm.status_code == 200
    assert b"3 items will change." in confirm.data
    db.session.expire_all()
    assert all(
        "bulk-test" not in db.session.get(Question, q.id).current_version.content.get("tags", [])
        for q in questions
    )
    done = instructor_client.post(
        "/author/bulk", data={"ids": ids, "action": "add_tag", "tag": "bulk-test", "confirm": "yes"}
    )
    assert done.status_code == 303
    db.session.expire_all()
    for q in questions:
        question = db.session.get(Question, q.id)
        assert "bulk-test" in question.current_version.content["tags"]
        assert question.current_version.number == 2
    again = instructor_client.post(
        "/author/bulk", data={"ids": ids, "action": "add_tag", "tag": "bulk-test"}
    )
    assert b"0 items will change." in again.data and b"has the tag already" in again.data
    bad = instructor_client.post(
        "/author/bulk", data={"ids": ids, "action": "add_tag", "tag": "Not A Tag"}
    )
    assert bad.status_code == 303


def test_bulk_retire(db, bank, instructor_client):
    question = db.session.execute(select(Question).limit(1)).scalar_one()
    instructor_client.post(
        "/author/bulk", data={"ids": [str(question.id)], "action": "retire", "confirm": "yes"}
    )
    db.session.expire_all()
    assert db.session.get(Question, question.id).status.value == "retired"
    assert (
        db.session.execute(
            select(QuestionVersion).where(QuestionVersion.question_id == question.id)
        )
        .scalars()
        .all()
    )
