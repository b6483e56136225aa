"""Full-text search over items' current text: one function, whichever database.

SQLite: an FTS5 table keyed by question-version id. Versions are immutable, so the index only
ever grows: each search first adds the versions made since the last one (one indexed
``INSERT ... SELECT``), and needs no triggers or migration (the table is created on first use).
PostgreSQL: ``to_tsvector`` over the prompt and content, evaluated in the query (a bank has
hundreds to thousands of items).
"""

from __future__ import annotations

import re

from sqlalchemy import Select, String, cast, func, select, text

from trainer.extensions import db
from trainer.models import QuestionVersion

_WORD = re.compile(r"\w+", re.UNICODE)
#: Made at run time, not by a migration; migrations/env.py tells autogenerate to leave it be.
FTS_TABLE = "question_search"


def _words(query: str) -> list[str]:
    return _WORD.findall(query)[:12]


def matching_versions(query: str) -> Select | None:
    """A ``SELECT`` of the ids of versions whose text matches every word of ``query`` (the last
    one as a prefix); None when the query has no words."""
    words = _words(query)
    if not words:
        return None
    if db.engine.dialect.name == "sqlite":
        return _sqlite(words)
    document = func.to_tsvector(
        "simple", QuestionVersion.prompt + " " + cast(QuestionVersion.content, String)
    )
    terms = " & ".join(w.replace("'", "") for w in words[:-1])
    last = words[-1].replace("'", "") + ":*"
    tsquery = func.to_tsquery("simple", f"{terms} & {last}" if terms else last)
    return select(QuestionVersion.id).where(document.op("@@")(tsquery))


def _sqlite(words: list[str]) -> Select:
    session = db.session
    session.execute(
        text("CREATE VIRTUAL TABLE IF NOT EXISTS question_search USING fts5(prompt, body)")
    )
    session.execute(
        text(
            "INSERT INTO question_search(rowid, prompt, body) "
            "SELECT id, prompt, CAST(content AS TEXT) FROM question_versions "
            "WHERE id > (SELECT coalesce(max(rowid), 0) FROM question_search) ORDER BY id"
        )
    )
    # Each word quoted (so FTS syntax in the query is only text); the last one as a prefix.
    phrase = " ".join('"' + w.replace('"', '""') + '"' for w in words) + "*"
    return (
        select(text("rowid"))
        .select_from(text("question_search"))
        .where(text("question_search MATCH :phrase").bindparams(phrase=phrase))
    )
