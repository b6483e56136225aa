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
    "author.new_reference": Target(  # site authors only: the manager meets the 403 path
        "manager", form=("key", "title", "citation", "kind", "doi", "pmid", "url")
    ),
    "author.restore_version": Target(
        "manager", form=("version",), path={**ITEM_PATH, "number": (1, 2)}
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
    "action": ("save", "preview", "add_choice", "add_tag", "retire"),
    "body": ("Looks right to me.",),
}

#: Keys of the `response` object of an answer (trainer/domain/grading), for JSON bodies.
RESPONSE_KEYS = ("rating", "answer", "choice", "choices", "pairs", "regions")
