"""What the fuzzer sends to each endpoint: who asks, which fields, which query keys.

Every rule in `app.url_map` needs an entry (test_every_route_is_fuzzed checks), so a new
endpoint cannot be left out silently. Field names are the real ones (forms, study.js bodies) so
the values reach validation and the services, not only the "unknown field" path; a `Valid`
placeholder stands for a value that must be real to get past the first check (a fresh card
token, the learner's latest log id, their password), filled in just before each request.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Valid:
    """A value the World supplies at request time (see world.py)."""

    name: str


@dataclass(frozen=True)
class Target:
    who: str  # "anonymous", "learner" or "manager" (manager of clinic alpha)
    form: tuple[str, ...] = ()
    json: tuple[str, ...] = ()
    query: tuple[str, ...] = ()
    path: dict[str, tuple] = field(default_factory=dict)  # argument -> real values to mix in
    valid: dict[str, Valid] = field(default_factory=dict)  # field -> real value to mix in


SESSION = ("topic", "tag", "muscle")
RESPONSE_FORM = ("rating", "answer", "choice", "choices", "pair-0", "pair-1", "region")
TOKEN = {"token": Valid("token")}
ALPHA_ITEM = Valid("alpha_item")  # a question owned by clinic alpha
ITEM_PATH = {"question_id": (ALPHA_ITEM,)}
QUIZ, ATTEMPT = Valid("quiz_id"), Valid("attempt_id")  # the learner's quiz and open attempt
BROWSER_QUERY = (
    "q", "topic", "type", "status", "tag", "muscle", "difficulty", "owner", "author",
    "min_answers", "max_correct", "leeches", "sort", "desc", "page",
)  # fmt: skip
ITEM_FORM = (
    "owner", "topic", "difficulty", "tags", "muscle", "prompt", "answer_text",
    "answer_bool", "regions", "choices-0-text", "choices-0-correct", "choices-0-feedback",
    "choices-1-text", "pairs-0-left", "pairs-0-right", "muscle_choices-0-muscle",
    "distractors", "explanation", "references-0-key", "references-0-where", "action",
)  # fmt: skip

QUIZ_PATH = {"quiz_id": (Valid("alpha_quiz"),)}
QUIZ_FORM = (
    "title", "description", "kind", "audience", "time_limit_minutes", "opens_at", "closes_at",
    "attempts_allowed", "grading_method", "pass_percent", "shuffle_items", "shuffle_choices",
    "feedback_timing", "review_marks", "review_keys", "review_explanations",
    "review_references", "counts_for_srs",
)  # fmt: skip
DRAW_FORM = ("count", "topic", "tag", "muscle", "unseen_first", "mark")
CLINICS = ("alpha", "beta")
PEOPLE = (1, 2, 3, 4)  # user ids of the World: the learner, alpha's manager and staff, another
COMPETENCY_FORM = (
    "title", "valid_for_months", "due_soon_days", "deadline_days", "assign_mode",
    "assign_roles", "assign_people", "mastery", "mastery_by", "mastery_values",
    "mastery_recall", "mastery_studied", "exam", "exam_quiz", "exam_score", "credential",
    "credential_kind", "credential_hours", "credential_in_person_hours",
)  # fmt: skip
MATRIX_QUERY = ("role", "status", "competency", "sort")

TARGETS: dict[str, Target] = {
    "main.index": Target("learner"),
    "main.favicon": Target("anonymous"),
    "main.healthz": Target("anonymous"),
    "static": Target("anonymous", path={"filename": ("css/app.css", "js/study.js")}),
    "bootstrap.static": Target("anonymous", path={"filename": ("css/bootstrap.min.css",)}),
    "auth.login": Target(
        "anonymous",
        form=("email", "password", "remember"),
        query=("next",),
        valid={"email": Valid("email"), "password": Valid("password")},
    ),
    "auth.logout": Target("learner"),
    "auth.register": Target(
        "anonymous",
        form=("email", "display_name", "invite_code"),
        query=("invite",),
        valid={"invite_code": Valid("invite_code"), "email": Valid("email")},
    ),
    "auth.register_confirm": Target(
        "anonymous",
        form=("new_password", "confirm", "timezone"),
        path={"token": (Valid("signup_token"),)},
        valid={"timezone": Valid("timezone")},
    ),
    "auth.profile": Target("learner", form=("display_name", "submit")),
    "auth.change_password": Target(
        "learner",
        form=("pw-current_password", "pw-new_password", "pw-confirm", "pw-submit"),
        valid={"pw-current_password": Valid("password")},
    ),
    "auth.reset_request": Target("anonymous", form=("email",), valid={"email": Valid("email")}),
    "auth.reset_password": Target(
        "anonymous", form=("new_password", "confirm"), path={"token": (Valid("reset_token"),)}
    ),
    "bank.muscles": Target("learner"),
    "bank.muscles_csv": Target("learner"),
    "bank.muscle": Target("learner", path={"slug": (Valid("muscle_slug"),)}),
    "clinic.overview": Target("manager", path={"slug": ("alpha", "beta")}),
    "clinic.staff": Target("manager", path={"slug": ("alpha", "beta")}),
    "clinic.staff_csv": Target("manager", path={"slug": ("alpha", "beta")}),
    # clinic management and competencies, as the manager of alpha (beta: the 404 path)
    "clinic.set_role": Target("manager", form=("role",), path={"slug": CLINICS, "user_id": PEOPLE}),
    "clinic.set_member_active": Target(
        "manager", form=("active",), path={"slug": CLINICS, "user_id": PEOPLE}
    ),
    "clinic.invite_list": Target("manager", form=("role", "days", "note"), path={"slug": CLINICS}),
    "clinic.revoke_invite": Target("manager", path={"slug": CLINICS, "invite_id": (1, 2)}),
    "clinic.regenerate_code": Target("manager", form=("submit",), path={"slug": CLINICS}),
    "clinic.join": Target(
        "learner", form=("code",), query=("code",), valid={"code": Valid("invite_code")}
    ),  # fmt: skip
    "clinic.audit_log": Target("manager", path={"slug": CLINICS}),
    "clinic.audit_csv": Target("manager", path={"slug": CLINICS}),
    "clinic.competency_list": Target("manager", path={"slug": CLINICS}),
    "clinic.competency_defaults": Target("manager", path={"slug": CLINICS}),
    "clinic.competency_new": Target("manager", form=COMPETENCY_FORM, path={"slug": CLINICS}),
    "clinic.competency_edit": Target(
        "manager", form=COMPETENCY_FORM, path={"slug": CLINICS, "competency_id": (1, 2)}
    ),
    "clinic.matrix": Target("manager", query=MATRIX_QUERY, path={"slug": CLINICS}),
    "clinic.matrix_csv": Target("manager", query=MATRIX_QUERY, path={"slug": CLINICS}),
    "clinic.my_competencies": Target("manager", path={"slug": CLINICS}),
    "clinic.reminder_mutes": Target(
        "manager", form=("mute_due_soon", "mute_digest"), path={"slug": CLINICS}
    ),
    "clinic.person": Target("manager", path={"slug": CLINICS, "user_id": PEOPLE}),
    "clinic.person_csv": Target("manager", path={"slug": CLINICS, "user_id": PEOPLE}),
    "clinic.credential_new": Target(
        "manager",
        form=("person", "kind", "title", "issued_on", "expires_on", "hours", "in_person_hours",
              "evidence"),  # fmt: skip
        query=("person", "kind"),
        path={"slug": CLINICS},
    ),
    "clinic.credential_file": Target("manager", path={"slug": CLINICS, "credential_id": (1, 2)}),
    "clinic.credential_sign": Target("manager", path={"slug": CLINICS, "credential_id": (1, 2)}),
    "study.index": Target("learner", query=(*SESSION, "card"), valid={"card": Valid("card_id")}),
    "study.card": Target(
        "learner", query=(*SESSION, "card", "counts"), valid={"card": Valid("card_id")}
    ),
    "study.answer": Target(
        "learner",
        form=("token", "type_key", *RESPONSE_FORM, "duration_ms", "too_easy", *SESSION),
        json=("token", "response", "duration_ms", "too_easy", *SESSION),
        query=SESSION,
        valid=TOKEN,
    ),
    "study.rating": Target(
        "learner",
        form=("log_id", "rating", *SESSION),
        json=("log_id", "rating", *SESSION),
        query=SESSION,
        valid={"log_id": Valid("log_id")},
    ),
    "study.undo": Target("learner", form=SESSION, json=SESSION, query=SESSION),
    "study.unsuspend": Target("learner", path={"card_id": (Valid("card_id"),)}),
    "study.stats": Target("learner"),
    "study.reviews_csv": Target("learner"),
    "study.mastery_csv": Target("learner"),
    "study.settings": Target(
        "learner",
        form=(
            "desired_retention",
            "new_per_day",
            "max_reviews_per_day",
            "learning_steps",
            "relearning_steps",
            "topics",
            "timezone",
            "day_start_hour",
        ),
        valid={"timezone": Valid("timezone"), "topics": Valid("topic")},
    ),
    "study.optimise": Target("learner", form=("submit",)),
    "api.next_card": Target("learner", query=(*SESSION, "counts")),
    "api.answer": Target(
        "learner", json=("token", "response", "duration_ms", "too_easy"), valid=TOKEN
    ),
    "api.undo": Target("learner", json=SESSION, query=SESSION),
    # authoring, as the manager of clinic alpha (an author of alpha's items)
    "author.index": Target("manager", query=BROWSER_QUERY),
    "author.items_csv": Target("manager", query=BROWSER_QUERY),
    "author.lint": Target("manager", query=("owner",)),
    "author.lint_csv": Target("manager", query=("owner",)),
    "author.bulk_action": Target(
        "manager", form=("ids", "action", "tag", "confirm", "back"), valid={"ids": ALPHA_ITEM}
    ),
    "author.approval_policy": Target("manager", form=("owner", "needs_second_approval")),
    "author.new_item": Target("manager", form=ITEM_FORM, query=("type", "topic", "owner")),
    "author.item": Target("manager", path=ITEM_PATH),
    "author.edit_item": Target("manager", form=ITEM_FORM, path=ITEM_PATH),
    "author.check_answer": Target("manager", form=RESPONSE_FORM, path=ITEM_PATH),
    "author.comment": Target("manager", form=("body",), path=ITEM_PATH),
    "author.item_history": Target("manager", path=ITEM_PATH),
    "author.item_diff": Target("manager", query=("a", "b"), path=ITEM_PATH),
    "author.submit": Target("manager", form=("note",), path=ITEM_PATH),
    "author.publish": Target("manager", form=("note",), path=ITEM_PATH),
    "author.send_back": Target("manager", form=("note",), path=ITEM_PATH),
    "author.retire": Target("manager", form=("note",), path=ITEM_PATH),
    "author.reinstate": Target("manager", form=("note",), path=ITEM_PATH),
    "author.import_page": Target(
        "manager", form=("fmt", "owner", "skip_unsupported", "payload", "filename", "action")
    ),
    "author.export_page": Target("manager", form=("fmt", "topic", "owner", "action")),
    "author.csv_template": Target("manager"),
    "author.new_reference": Target(  # every author adds to the shared bibliography
        "manager", form=("key", "title", "citation", "kind", "doi", "pmid", "url")
    ),
    "author.restore_version": Target(
        "manager", form=("version",), path={**ITEM_PATH, "number": (1, 2)}
    ),
    # taking quizzes, as the learner (who has an open and a finished attempt)
    **{
        endpoint: Target("learner")
        for endpoint in ("quiz.index", "quiz.attempt_history", "quiz.history_csv")
    },
    "quiz.overview": Target("learner", path={"quiz_id": (QUIZ,)}),
    "quiz.link": Target("learner", path={"token": (Valid("quiz_link"),)}),
    "quiz.start": Target(
        "learner", form=("link",), path={"quiz_id": (QUIZ,)}, valid={"link": Valid("quiz_link")}
    ),
    "quiz.attempt": Target("learner", path={"attempt_id": (ATTEMPT,)}),
    "quiz.item": Target(
        "learner",
        form=("revision", "action", *RESPONSE_FORM, "pair-2"),
        path={"attempt_id": (ATTEMPT,), "position": (1, 2, 3, 4, 5, 6)},
        valid={"revision": Valid("quiz_revision")},
    ),
    "quiz.summary": Target("learner", form=("submit",), path={"attempt_id": (ATTEMPT,)}),
    "quiz.result": Target("learner", path={"attempt_id": (Valid("done_attempt_id"), ATTEMPT)}),
    # quiz builder and reports, as the manager of clinic alpha (a builder of alpha's quizzes)
    "quiz.build_index": Target("manager"),
    "quiz.build_new": Target("manager", form=("owner", *QUIZ_FORM), query=("kind",)),
    "quiz.build_quiz": Target("manager", path=QUIZ_PATH),
    "quiz.build_settings": Target("manager", form=QUIZ_FORM, path=QUIZ_PATH),
    "quiz.build_pick": Target("manager", query=BROWSER_QUERY, path=QUIZ_PATH),
    "quiz.build_add_items": Target(
        "manager", form=("ids", "mark"), path=QUIZ_PATH, valid={"ids": ALPHA_ITEM}
    ),
    "quiz.build_add_draw": Target("manager", form=DRAW_FORM, path=QUIZ_PATH),
    "quiz.build_slot": Target(
        "manager",
        form=("action", "mark"),
        path={**QUIZ_PATH, "slot_id": (Valid("alpha_slot"),)},
    ),
    "quiz.build_publish": Target("manager", path=QUIZ_PATH),
    "quiz.build_archive": Target("manager", path=QUIZ_PATH),
    "quiz.report_results": Target("manager", path=QUIZ_PATH),
    "quiz.report_results_csv": Target("manager", path=QUIZ_PATH),
    "quiz.report_analysis": Target("manager", query=("attempts",), path=QUIZ_PATH),
    "quiz.report_analysis_csv": Target(
        "manager",
        query=("attempts",),
        path={**QUIZ_PATH, "table": ("items", "quiz", "choices", "flags")},
    ),
}

#: Ordinary values for fields of any endpoint, mixed in so that one hostile field among
#: otherwise sensible ones reaches the deeper checks (and a refusal must then write nothing).
PLAUSIBLE: dict[str, tuple] = {
    "desired_retention": ("0.9", "0.85"),
    "new_per_day": ("20", "0"),
    "max_reviews_per_day": ("200",),
    "learning_steps": ("1 10", "1m 1h 1d"),
    "relearning_steps": ("10",),
    "day_start_hour": ("4", "0", "23"),
    "rating": ("1", "3", 4),
    "type_key": ("flashcard", "true_false", "single_choice", "matching", "multiple_response"),
    "answer": ("true", "false"),
    "choice": ("0", "1"),
    "duration_ms": ("1200", 1200, None),
    "too_easy": ("on", True),
    "display_name": ("Lee Learner",),
    "password": ("correct horse battery",),
    "pw-new_password": ("another long password",),
    "pw-confirm": ("another long password",),
    "new_password": ("another long password",),
    "confirm": ("another long password",),
    "submit": ("Save", "y"),
    "pw-submit": ("Change password",),
    "counts": ("1",),
    "action": (
        "save", "preview", "add_choice", "add_tag", "retire", "next", "flag", "goto-2", "up",
        "remove", "mark",
    ),  # fmt: skip
    "kind": ("exam", "practice"),
    "audience": ("clinic", "site", "link"),
    "grading_method": ("highest", "average"),
    "feedback_timing": ("immediate", "after_submit"),
    "pass_percent": ("80", "0"),
    "time_limit_minutes": ("40",),
    "opens_at": ("2026-04-01T08:00",),
    "count": ("3", "1"),
    "mark": ("1", "2.5"),
    "body": ("Looks right to me.",),
    "role": ("staff", "instructor", "manager"),
    "active": ("0", "1"),
    "days": ("7", "90"),
    "issued_on": ("2026-01-05",),
    "expires_on": ("2027-01-05", "2025-01-01"),
    "mastery_by": ("topic", "tags", "muscles"),
    "mastery_values": ("safety", "referral-patterns, safety"),
    "mastery_recall": ("90",),
    "assign_mode": ("everyone", "roles", "people"),
    "status": ("met", "in_progress", "overdue"),
}

#: Keys of the `response` object of an answer (trainer/domain/grading), for JSON bodies.
RESPONSE_KEYS = ("rating", "answer", "choice", "choices", "pairs", "regions")
