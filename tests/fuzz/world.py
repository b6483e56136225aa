"""The data the fuzz tests run against, and the real values (`Valid`) they mix in."""

from __future__ import annotations

from flask import Flask
from sqlalchemy import func, select, text, update

from tests.factories import Factory, make_bank
from tests.fuzz import quiz_take_world
from tests.fuzz.targets import Valid
from trainer.domain import grading
from trainer.models import CardState, ClinicRole, Question, QuizSlot, ReviewLog, User
from trainer.services import accounts


class World:
    """A learner with some reviews, a manager of clinic alpha, a clinic beta, a user whose
    password can be reset, and the bank slice of tests.factories."""

    def __init__(self, app: Flask, db, factory: Factory):
        self.app, self.db = app, db
        self.bank = make_bank(db)
        alpha = factory.clinic("Alpha Physio", "alpha")
        factory.clinic("Beta Physio", "beta")
        self.learner = factory.user(email="learner@example.com", name="Lee Learner")
        self.manager = factory.user(
            email="manager@alpha.example", clinic=alpha, clinic_role=ClinicRole.MANAGER
        )
        factory.user(email="staff@alpha.example", clinic=alpha)
        # one item of clinic alpha, for the authoring routes (the learner studies shared ones)
        alpha_item = db.session.execute(
            select(Question).order_by(Question.id.desc()).limit(1)
        ).scalar_one()
        alpha_item.clinic_id = alpha.id
        db.session.commit()
        self.alpha_item_id = alpha_item.id
        self.quiz_ids = quiz_take_world.build(db, factory, self.learner)
        # a quiz of clinic alpha asking that item, for the quiz builder's and reports' routes
        self.alpha_quiz_id = factory.quiz([alpha_item], clinic=alpha).id
        self.resettable = factory.user(email="forgetful@example.com")
        self._clients: dict = {}
        self.emails = {"learner": self.learner.email, "manager": self.manager.email}
        self.password_hashes = {
            user.id: user.password_hash for user in (self.learner, self.manager)
        }
        client = self.client("learner")
        for _ in range(3):  # a few answers, so rating changes, undo and stats have rows
            card = client.get("/api/v1/study/next").get_json()["card"]
            right = grading.correct_response(self.bank.item(card["item"]).to_content())
            answered = client.post(
                "/api/v1/study/answers", json={"token": card["token"], "response": right}
            )
            assert answered.status_code == 201, answered.get_json()

    # --- clients ------------------------------------------------------------------------------

    def client(self, who: str, *, fresh: bool = False):
        """A client logged in as `who`; the same one again unless `fresh` (after an example that
        may have logged it out), since logging in costs a request."""
        if not fresh and who in self._clients:
            return self._clients[who]
        client = self._clients[who] = self.app.test_client()
        if who != "anonymous":
            response = client.post(
                "/auth/login", data={"email": self.emails[who], "password": Factory.PASSWORD}
            )
            assert response.status_code == 302, "fuzz login failed"
        return client

    def restore_passwords(self) -> None:
        """Undo a password change an example made, so the next example can log in."""
        for user_id, password_hash in self.password_hashes.items():
            self.db.session.execute(
                update(User)
                .where(User.id == user_id, User.password_hash != password_hash)
                .values(password_hash=password_hash)
            )
        self.db.session.commit()

    # --- real values --------------------------------------------------------------------------

    def resolve(self, value, client):
        if isinstance(value, Valid):
            return getattr(self, f"_valid_{value.name}")(client)
        if isinstance(value, list):
            return [self.resolve(v, client) for v in value]
        if isinstance(value, dict):
            return {k: self.resolve(v, client) for k, v in value.items()}
        return value

    def _valid_token(self, client) -> str:
        card = client.get("/api/v1/study/next").get_json(silent=True) or {}
        return (card.get("card") or {}).get("token", "no-card-left")

    def _scalar(self, statement):
        value = self.db.session.execute(statement).scalar()
        self.db.session.rollback()  # end the read, so no snapshot or lock outlives it
        return value

    def _valid_log_id(self, client) -> int:
        latest = select(ReviewLog.id).where(ReviewLog.user_id == self.learner.id)
        return self._scalar(latest.order_by(ReviewLog.id.desc()).limit(1)) or 1

    def _valid_card_id(self, client) -> int:
        return self._scalar(select(CardState.id).where(CardState.user_id == self.learner.id)) or 1

    def _valid_muscle_slug(self, client) -> str:
        return self._scalar(text("SELECT slug FROM muscles ORDER BY id LIMIT 1")) or "x"

    def _valid_topic(self, client) -> str:
        return self._scalar(text("SELECT slug FROM topics ORDER BY id LIMIT 1")) or "x"

    def _valid_reset_token(self, client) -> str:
        user = self.db.session.get(User, self.resettable.id)
        self.db.session.refresh(user)  # an example may have reset its password
        token = accounts.make_reset_token(user, self.app.config["SECRET_KEY"])
        self.db.session.rollback()
        return token

    def _valid_signup_token(self, client) -> str:
        request = accounts.SignupRequest("newcomer@example.com", "New Comer", "")
        return accounts.make_signup_token(request, self.app.config["SECRET_KEY"])

    def _valid_email(self, client) -> str:
        return self.learner.email

    def _valid_password(self, client) -> str:
        return Factory.PASSWORD

    def _valid_alpha_item(self, client) -> int:
        return self.alpha_item_id

    def _valid_alpha_quiz(self, client) -> int:
        return self.alpha_quiz_id

    def _valid_alpha_slot(self, client) -> int:
        slot = select(QuizSlot.id).where(QuizSlot.quiz_id == self.alpha_quiz_id)
        return self._scalar(slot.order_by(QuizSlot.position).limit(1)) or 1

    def _valid_invite_code(self, client) -> str:
        return "INV-ALPHA"

    def _valid_timezone(self, client) -> str:
        return "Europe/Berlin"

    def _valid_quiz_id(self, client) -> int:
        return self.quiz_ids["quiz"]

    def _valid_quiz_link(self, client) -> str:
        return quiz_take_world.LINK_TOKEN

    def _valid_attempt_id(self, client) -> int:
        return self.quiz_ids["attempt"]

    def _valid_done_attempt_id(self, client) -> int:
        return self.quiz_ids["done"]

    def _valid_quiz_revision(self, client) -> int:
        return quiz_take_world.next_revision(self.db, self.quiz_ids["attempt"])


#: The imported question bank: no request writes these, and their rows are large, so a snapshot
#: counts them instead of copying them.
BANK_TABLES = {"bank_references", "muscles", "topics", "questions", "question_versions"}


def snapshot(db) -> dict[str, object]:
    """Every row of every table a request can write (and the size of the others), to show that a
    refused request changed nothing."""
    rows: dict[str, object] = {}
    for table in db.metadata.sorted_tables:
        if table.name in BANK_TABLES:
            rows[table.name] = db.session.execute(select(func.count()).select_from(table)).scalar()
        else:
            ordered = table.select().order_by(*table.primary_key.columns)
            rows[table.name] = [tuple(row) for row in db.session.execute(ordered).all()]
    db.session.rollback()
    return rows
