"""The journal-article rule of references.yaml: a title and a pmid, doi or url, checked on the
hand-made fixture bank; and the allow-list of references not yet confirmed."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.unit.bank.bank_fixtures import VALID_FILES
from trainer import bank as bankfmt
from trainer.bank import catalogue
from trainer.bank.spec import JOURNAL_KINDS, UNCONFIRMED_REFERENCES

REFS = "references.yaml"
UNUSED_TITLE = "    title: A review nobody cites yet\n"
UNUSED_URL = "    url: https://example.org/unused\n"
BANK = Path(__file__).resolve().parents[3] / "question_bank"


def refs_without(*lines: str) -> str:
    text = VALID_FILES[REFS]
    for line in lines:
        assert text.count(line) == 1
        text = text.replace(line, "")
    return text


def messages(problems) -> list[tuple[str, str]]:
    return [(p.field, p.message) for p in problems]


def test_journal_article_without_title_is_reported(check) -> None:
    problems = check({REFS: refs_without(UNUSED_TITLE)})
    assert messages(problems) == [
        ("unused2020", "a journal article (kind primary or review) needs a title: its exact title")
    ]


def test_journal_article_without_any_identifier_is_reported(check) -> None:
    problems = check({REFS: refs_without(UNUSED_URL)})
    assert messages(problems) == [
        ("unused2020", "a journal article (kind primary or review) needs a pmid, doi or url")
    ]


def test_primary_study_needs_title_and_identifier_too(check) -> None:
    text = refs_without('    pmid: "25125935"\n', "    doi: 10.1179/2042618613Y.0000000044\n")
    text = text.replace(
        "    title: >-\n      Adverse events following trigger point dry needling: a prospective"
        " survey of chartered\n      physiotherapists\n",
        "",
    )
    problems = check({REFS: text})
    assert sorted(m for _, m in messages(problems)) == [
        "a journal article (kind primary or review) needs a pmid, doi or url",
        "a journal article (kind primary or review) needs a title: its exact title",
    ]
    assert {p.field for p in problems} == {"brady2014"}


def test_textbook_needs_neither_title_nor_identifier(check) -> None:
    # namtpt (kind textbook) in the fixture has neither: the rule is for journal articles only.
    assert "title:" not in VALID_FILES[REFS].split("brady2014:")[0]
    assert check() == []


def test_title_is_read_and_written_back(bank_dir: Path, svg_path: Path) -> None:
    bank = bankfmt.load_bank(bank_dir, svg_path)
    assert bank.references["unused2020"].title == "A review nobody cites yet"
    assert bank.references["namtpt"].title is None
    dumped = bankfmt.dump_references(bank)
    assert "title: A review nobody cites yet" in dumped
    assert list(bank.references["unused2020"].to_content()) == ["title", "citation", "url", "kind"]


def test_allow_listed_key_is_exempt(check, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(catalogue, "UNCONFIRMED_REFERENCES", {"unused2020": "not found yet"})
    assert check({REFS: refs_without(UNUSED_TITLE, UNUSED_URL)}) == []


def test_allow_listed_key_that_passes_is_reported_as_stale(
    check, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(catalogue, "UNCONFIRMED_REFERENCES", {"unused2020": "not found yet"})
    [problem] = check()
    assert problem.field == "unused2020"
    assert "remove it from UNCONFIRMED_REFERENCES" in problem.message


def test_allow_list_names_only_incomplete_journal_articles_of_the_shipped_bank() -> None:
    """Every exemption is a real journal article of the shipped bank that still lacks something."""
    bank = bankfmt.load_bank(BANK)
    for key, reason in UNCONFIRMED_REFERENCES.items():
        ref = bank.references[key]
        assert ref.kind in JOURNAL_KINDS, key
        assert not (ref.title and (ref.pmid or ref.doi or ref.url)), key
        assert reason.strip(), key


# --- muscles.yaml: referral_source says what a referral zone rests on

MUS = "muscles.yaml"
SOLEUS = "  - id: soleus\n"


def soleus_with(old: str, new: str) -> str:
    text = VALID_FILES[MUS]
    at = text.index(old, text.index(SOLEUS))
    return text[:at] + new + text[at + len(old) :]


def test_referral_source_is_required(check) -> None:
    [problem] = check({MUS: soleus_with("    referral_source: secondary-only\n", "")})
    assert (problem.field, problem.message) == ("soleus.referral_source", "missing required field")


def test_unknown_referral_source_is_reported(check) -> None:
    text = soleus_with("referral_source: secondary-only", "referral_source: primary")
    [problem] = check({MUS: text})
    assert problem.field == "soleus.referral_source"
    assert "unknown referral_source 'primary'" in problem.message


def test_peer_reviewed_needs_a_cited_journal_article(check) -> None:
    text = soleus_with("referral_source: secondary-only", "referral_source: peer-reviewed")
    [problem] = check({MUS: text})
    assert problem.field == "soleus.referral_source"
    assert "peer-reviewed needs a cited journal article" in problem.message


def test_peer_reviewed_with_a_journal_article_passes(check) -> None:
    text = soleus_with("      - key: namtpt\n", "      - key: namtpt\n      - key: brady2014\n")
    at = text.index("referral_source: secondary-only", text.index(SOLEUS))
    text = text[:at] + "referral_source: peer-reviewed" + text[at + 31 :]
    assert check({MUS: text}) == []


def test_secondary_only_may_not_cite_a_confirmed_journal_article(check) -> None:
    text = soleus_with("      - key: namtpt\n", "      - key: namtpt\n      - key: brady2014\n")
    [problem] = check({MUS: text})
    assert problem.field == "soleus.referral_source"
    assert "secondary-only, but the muscle cites journal article 'brady2014'" in problem.message


def test_secondary_only_may_cite_an_unconfirmed_journal_article(
    check, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(catalogue, "UNCONFIRMED_REFERENCES", {"unused2020": "not found yet"})
    refs = refs_without(UNUSED_TITLE)
    text = soleus_with("      - key: namtpt\n", "      - key: namtpt\n      - key: unused2020\n")
    assert check({REFS: refs, MUS: text}) == []


def test_referral_source_round_trips(bank_dir: Path, svg_path: Path) -> None:
    bank = bankfmt.load_bank(bank_dir, svg_path)
    soleus = bank.muscle("soleus")
    assert soleus.referral_source is bankfmt.ReferralSource.SECONDARY_ONLY
    assert bankfmt.Muscle.from_content(soleus.to_content(), id="soleus") == soleus
    assert "referral_source: secondary-only" in bankfmt.dump_muscles(bank)


def test_shipped_bank_marks_every_zone() -> None:
    bank = bankfmt.load_bank(BANK)
    marks = {m.id: m.referral_source for m in bank.muscles}
    assert None not in marks.values()
    assert marks["upper-trapezius"] is bankfmt.ReferralSource.PEER_REVIEWED
