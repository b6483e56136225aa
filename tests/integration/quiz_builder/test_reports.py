"""Results and item analysis from attempts in the database: the same figures as the pure module
(and `quiz analyse`) on the same marks, the hand-worked matrix of the unit tests, CSVs,
`quiz stats --json`, flags in the bank browser, and clinic isolation."""

from __future__ import annotations

import csv
import io
import json
from datetime import UTC, datetime

import pytest
from sqlalchemy import select

from tests.integration.quiz_builder.conftest import finish_attempt
from tests.unit.domain.item_analysis_matrices import MATRIX_A, MATRIX_A_MAX, attempts_from
from trainer.domain.item_analysis import analyse, analysis_to_dict
from trainer.extensions import db as _db
from trainer.models import GradingMethod, Question, QuestionStatus, QuestionVersion
from trainer.services.quizzes import statistics


def _graded_questions(n, kinds=("single_choice", "true_false", "multiple_response")):
    rows = _db.session.scalars(
        select(Question)
        .join(QuestionVersion, QuestionVersion.id == Question.current_version_id)
        .where(
            Question.clinic_id.is_(None),
            Question.status == QuestionStatus.PUBLISHED,
            QuestionVersion.type.in_(kinds),
        )
        .order_by(Question.id)
        .limit(n)
    ).all()
    assert len(rows) == n
    return rows


FIGURES = (
    "facility", "sd", "discrimination_index", "discriminative_efficiency", "intended_weight",
    "effective_weight", "negative_covariance", "attempts",
)  # fmt: skip


@pytest.fixture
def matrix_quiz(bank, factory):
    """Matrix A (tests/unit/domain/item_analysis_matrices.py) as attempts of five learners."""
    questions = _graded_questions(4)
    quiz = factory.quiz(questions)
    slots = sorted(quiz.slots, key=lambda s: s.position)
    slots[2].mark = 2.0
    _db.session.commit()
    learners = [factory.user(email=f"{a}@example.com", name=f"Learner {a}") for a in MATRIX_A]
    for user, marks in zip(learners, MATRIX_A.values(), strict=True):
        finish_attempt(_db, quiz, user, 1, [float(m) for m in marks])
    return quiz, questions


def test_db_analysis_equals_the_pure_module_on_the_same_marks(matrix_quiz):
    quiz, questions = matrix_quiz
    result = statistics.item_analysis(quiz)
    assert result.problems == ()
    from_db = analysis_to_dict(result.analysis)
    # the same marks straight into the pure function, items renamed to the bank ids
    names = dict(zip(MATRIX_A_MAX, [q.external_id for q in questions], strict=True))
    pure = analysis_to_dict(analyse(attempts_from(MATRIX_A, MATRIX_A_MAX)))
    pure["items"] = {names[k]: v for k, v in pure["items"].items()}
    for item, figures in pure["items"].items():
        for key in FIGURES:
            assert from_db["items"][item][key] == pytest.approx(figures[key]), (item, key)
    assert from_db["quiz"] == pytest.approx(pure["quiz"])
    # and the hand-worked numbers of the unit tests
    q1, q4 = from_db["items"][names["q1"]], from_db["items"][names["q4"]]
    assert q1["facility"] == pytest.approx(0.6)
    assert q1["discrimination_index"] == pytest.approx(87.287156, abs=1e-6)
    assert from_db["quiz"]["mean"] == pytest.approx(2.4)
    assert from_db["quiz"]["cic"] == pytest.approx(800 / 27)
    assert {f["flag"] for f in q4["flags"]} >= {"dubious", "negative_discrimination"}


def test_quiz_stats_json_has_the_shape_and_figures_of_quiz_analyse(matrix_quiz, runner, tmp_path):
    quiz, questions = matrix_quiz
    stats = runner.invoke(args=["quiz", "stats", str(quiz.id), "--json"])
    assert stats.exit_code == 0, stats.output
    from_db = json.loads(stats.output)
    lines = ["attempt,item,mark,max_mark"]
    for attempt, marks in MATRIX_A.items():
        for question, max_mark, mark in zip(questions, MATRIX_A_MAX.values(), marks, strict=True):
            lines.append(f"{attempt},{question.external_id},{mark},{max_mark:g}")
    path = tmp_path / "marks.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    analysed = runner.invoke(args=["quiz", "analyse", "--marks", str(path), "--json"])
    from_csv = json.loads(analysed.output)
    assert set(from_db) == set(from_csv) and from_db["quiz"] == pytest.approx(from_csv["quiz"])
    for item, figures in from_csv["items"].items():
        assert set(figures) <= set(from_db["items"][item])
        for key in ("facility", "sd", "discrimination_index", "discriminative_efficiency"):
            assert from_db["items"][item][key] == pytest.approx(figures[key])
    assert runner.invoke(args=["quiz", "stats", "999999", "--json"]).exit_code != 0


def test_analysis_page_and_csvs(matrix_quiz, instructor_client):
    quiz, questions = matrix_quiz
    page = instructor_client.get(f"/quizzes/build/{quiz.id}/analysis").get_data(as_text=True)
    assert f'data-item="{questions[0].external_id}"' in page and 'data-flag="dubious"' in page
    items = instructor_client.get(f"/quizzes/build/{quiz.id}/analysis/items.csv")
    rows = list(csv.DictReader(io.StringIO(items.get_data(as_text=True))))
    assert [r["item"] for r in rows] == [q.external_id for q in questions]
    assert float(rows[0]["facility"]) == pytest.approx(0.6)
    assert "negative_discrimination" in rows[3]["flags"]
    figures = instructor_client.get(f"/quizzes/build/{quiz.id}/analysis/quiz.csv")
    quiz_rows = dict(csv.reader(io.StringIO(figures.get_data(as_text=True))))
    assert quiz_rows["n"] == "5" and float(quiz_rows["mean"]) == pytest.approx(2.4)
    flags = instructor_client.get(f"/quizzes/build/{quiz.id}/analysis/flags.csv")
    flag_rows = list(csv.DictReader(io.StringIO(flags.get_data(as_text=True))))
    assert {r["flag"] for r in flag_rows if r["item"] == questions[3].external_id} >= {
        "dubious", "negative_discrimination",
    }  # fmt: skip
    assert all(r["reason"] for r in flag_rows)
    assert instructor_client.get(f"/quizzes/build/{quiz.id}/analysis/nope.csv").status_code == 404


def test_choice_frequencies_from_saved_responses(bank, factory, instructor_client):
    (question,) = _graded_questions(1, ("true_false",))
    answer = question.current_version.content["answer"]
    right, wrong = ({"answer": answer}, {"answer": not answer})
    quiz = factory.quiz([question])
    picks = [right, right, wrong, None]
    for n, response in enumerate(picks):
        mark = None if response is None else (1.0 if response is right else 0.0)
        user = factory.user(email=f"tf{n}@example.com")
        finish_attempt(_db, quiz, user, 1, [mark], responses={1: response})
    result = statistics.item_analysis(quiz)
    choices = result.analysis.items[0].choices
    counts = {c.id: (c.count, c.correct) for c in choices.choices}
    key, other = ("true", "false") if answer else ("false", "true")
    assert counts == {key: (2, True), other: (1, False)}
    assert choices.s == 4 and choices.no_response == 1
    body = instructor_client.get(f"/quizzes/build/{quiz.id}/analysis/choices.csv")
    rows = list(csv.DictReader(io.StringIO(body.get_data(as_text=True))))
    by_choice = {r["choice"]: r for r in rows}
    assert by_choice[key]["count"] == "2" and float(by_choice[key]["frequency"]) == 0.5
    assert by_choice[""]["label"] == "[No response]" and by_choice[""]["count"] == "1"


def test_results_count_the_attempt_the_grading_method_says(bank, factory, instructor_client):
    a, b = _graded_questions(2)
    quiz = factory.quiz([a, b], pass_fraction=0.75, grading_method=GradingMethod.HIGHEST)
    pat = factory.user(email="pat@example.com", name="Pat")
    finish_attempt(_db, quiz, pat, 1, [1.0, 0.0], minutes=12)
    finish_attempt(_db, quiz, pat, 2, [1.0, 1.0], minutes=7)
    (row,) = statistics.results(quiz)
    assert (row.finished, row.counted_score, row.passed, row.seconds) == (2, 1.0, True, 420)
    quiz.grading_method = GradingMethod.AVERAGE
    _db.session.commit()
    (row,) = statistics.results(quiz)
    assert (row.counted_score, row.passed) == (0.75, True)
    quiz.grading_method = GradingMethod.FIRST
    _db.session.commit()
    (row,) = statistics.results(quiz)
    assert (row.counted_score, row.passed, row.seconds) == (0.5, False, 720)
    body = instructor_client.get(f"/quizzes/build/{quiz.id}/results.csv").get_data(as_text=True)
    (csv_row,) = list(csv.DictReader(io.StringIO(body)))
    assert (csv_row["learner"], csv_row["counted_score_percent"], csv_row["passed"]) == (
        "Pat", "50.00", "no",
    )  # fmt: skip
    page = instructor_client.get(f"/quizzes/build/{quiz.id}/results").get_data(as_text=True)
    assert "Pat" in page and "fail" in page


def test_empty_reports_say_what_comes_next(bank, factory, instructor_client):
    quiz = factory.quiz(_graded_questions(1))
    results = instructor_client.get(f"/quizzes/build/{quiz.id}/results").get_data(as_text=True)
    assert 'id="no-results"' in results
    analysis = instructor_client.get(f"/quizzes/build/{quiz.id}/analysis").get_data(as_text=True)
    assert 'id="no-analysis"' in analysis and "No finished attempts yet." in analysis
    body = instructor_client.get(f"/quizzes/build/{quiz.id}/analysis/items.csv")
    assert body.get_data(as_text=True).strip().startswith("item,prompt,attempts")


def test_flags_show_in_the_bank_browser_and_on_the_item_page(matrix_quiz, instructor_client):
    quiz, questions = matrix_quiz
    weak = questions[3]
    page = instructor_client.get("/author/?q=&sort=id").get_data(as_text=True)
    row = page[page.index(f'data-item="{weak.external_id}"') :]
    row = row[: row.index("</tr>")]
    assert 'data-quiz-flag="negative_discrimination"' in row
    item = instructor_client.get(f"/author/items/{weak.id}").get_data(as_text=True)
    assert 'id="quiz-flags"' in item and "check the key" in item
    clean = instructor_client.get(f"/author/items/{questions[0].id}").get_data(as_text=True)
    # q1 discriminates well: no figure flags it (its distractors are unpicked: no responses)
    assert 'data-quiz-flag="negative_discrimination"' not in clean
    assert 'data-quiz-flag="dubious"' not in clean and 'id="quiz-flags"' in clean


def test_another_clinics_attempts_flag_nothing_for_the_site(
    bank, factory, clinic_b, instructor_client, instructor_b
):
    questions = _graded_questions(4)
    quiz = factory.quiz(questions, clinic=clinic_b)
    sorted(quiz.slots, key=lambda s: s.position)[2].mark = 2.0
    _db.session.commit()
    for n, marks in enumerate(MATRIX_A.values()):
        finish_attempt(_db, quiz, factory.user(email=f"b{n}@example.com"), 1, marks)
    from trainer.services.authoring.permissions import author_scope

    assert statistics.latest_flags(author_scope(instructor_b), [questions[3].id])
    item = instructor_client.get(f"/author/items/{questions[3].id}").get_data(as_text=True)
    assert 'id="quiz-flags"' not in item


def _attempt_with(quiz, user, items):
    """A finished attempt asking ``items``: (slot, question, mark) in position order."""
    from trainer.models import AttemptItem, AttemptState, QuizAttempt

    attempt = QuizAttempt(quiz_id=quiz.id, user_id=user.id, number=1, state=AttemptState.FINISHED)
    attempt.finished_at = attempt.started_at = datetime(2026, 3, 2, tzinfo=UTC)
    for position, (slot, question, mark) in enumerate(items, start=1):
        attempt.items.append(
            AttemptItem(
                position=position,
                question_id=question.id,
                slot_id=slot.id,
                seed=1,
                question_version_id=question.current_version_id,
                max_mark=1.0,
                mark=mark,
            )  # fmt: skip
        )
    attempt.marks = sum(m for _, _, m in items)
    attempt.max_marks = float(len(items))
    attempt.score = attempt.marks / attempt.max_marks
    _db.session.add(attempt)
    _db.session.commit()


def test_random_slots_are_analysed_per_position(bank, factory, instructor_client):
    fixed, *pool = _graded_questions(5)
    quiz = factory.quiz([fixed], draws=[{"draw_count": 2}])
    first, drawn = sorted(quiz.slots, key=lambda s: s.position)
    draws = [(pool[0], pool[1]), (pool[2], pool[3]), (pool[1], pool[2])]
    for n, (x, y) in enumerate(draws):
        user = factory.user(email=f"r{n}@example.com")
        _attempt_with(quiz, user, [(first, fixed, 1.0), (drawn, x, float(n % 2)), (drawn, y, 0.0)])
    result = statistics.item_analysis(quiz)
    assert [r.item for r in result.analysis.items] == [fixed.external_id, "slot 2 #1", "slot 2 #2"]
    assert result.analysis.items[1].facility == pytest.approx(1 / 3)
    assert result.questions == {fixed.external_id: fixed.id}
    # an attempt that drew fewer items leaves the matrix incomplete: said, not a crash
    _attempt_with(quiz, factory.user(email="short@example.com"), [(first, fixed, 0.0)])
    short = statistics.item_analysis(quiz)
    assert short.analysis is None and any("has no mark for item" in p for p in short.problems)
    page = instructor_client.get(f"/quizzes/build/{quiz.id}/analysis")
    assert page.status_code == 200 and "has no mark for item" in page.get_data(as_text=True)


def test_quiz_stats_without_attempts_prints_an_empty_analysis(bank, factory, runner):
    quiz = factory.quiz(_graded_questions(1))
    result = runner.invoke(args=["quiz", "stats", str(quiz.id), "--json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    assert report["items"] == {} and report["quiz"]["n"] == 0
