"""The bank format's vocabulary and limits, in one place (see question_bank/README.md)."""

from __future__ import annotations

import re
from enum import StrEnum


class ItemType(StrEnum):
    FLASHCARD = "flashcard"
    TRUE_FALSE = "true_false"
    SINGLE_CHOICE = "single_choice"
    MULTIPLE_RESPONSE = "multiple_response"
    MATCHING = "matching"
    BODY_MAP = "body_map"


class BodyMapMode(StrEnum):
    SELECT_REGIONS = "select_regions"
    IDENTIFY_MUSCLE = "identify_muscle"


class MuscleGroup(StrEnum):
    HEAD_NECK = "head-neck"
    SHOULDER_ARM = "shoulder-arm"
    FOREARM_HAND = "forearm-hand"
    TRUNK = "trunk"
    HIP_THIGH = "hip-thigh"
    LEG_FOOT = "leg-foot"


class ReferralSource(StrEnum):
    """What a muscle's referral zone rests on (``referral_source`` in muscles.yaml)."""

    SECONDARY_ONLY = "secondary-only"  # second-hand copies of Travell & Simons, practitioner texts
    PEER_REVIEWED = "peer-reviewed"  # a cited journal article reports (part of) the zone


class ReferenceKind(StrEnum):
    PRIMARY = "primary"
    REVIEW = "review"
    GUIDELINE = "guideline"
    TEXTBOOK = "textbook"
    SECONDARY = "secondary"


#: Kinds that are journal articles (original studies and reviews): each needs a ``title`` and a
#: ``pmid``, ``doi`` or ``url``, so a reader can find the paper's own record.
JOURNAL_KINDS = (ReferenceKind.PRIMARY, ReferenceKind.REVIEW)

#: Journal articles whose title or identifier could not yet be confirmed against the paper's own
#: record (PubMed, the DOI record, the publisher's page). They are exempt from the journal-article
#: rule until then; never add a key here to silence the validator for a source nobody looked up.
#: Each value says what was tried. Later work empties this list: a key that passes the rule is
#: reported as stale, so it cannot linger.
UNCONFIRMED_REFERENCES: dict[str, str] = {
    "simons2001": (
        "PMID 11212014 and DOI 10.1097/00002060-200102000-00012 confirmed from a PubMed record,"
        " but the excerpt did not show the title; searches by topic and guessed title found none."
    ),
    "iasp-fibularis": (
        "An IASP abstract on fibularis longus trigger points, not located: the fact sheet gives"
        " no title, author or year to search by."
    ),
}


#: Topic id -> item id prefix (the README's topic table). A new topic is added here.
TOPIC_PREFIXES: dict[str, str] = {
    "physiology": "phy",
    "active-latent": "act",
    "local-twitch-response": "ltr",
    "referral-patterns": "ref",
    "safety": "saf",
    "assessment-treatment": "trt",
}

SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")  # tags, muscle, topic and region ids
ITEM_ID_RE = re.compile(r"^([a-z]{3})-(\d{3})$")
REFERENCE_KEY_RE = re.compile(r"^[a-z0-9]+(?:[-_][a-z0-9]+)*$")
PMID_RE = re.compile(r"^\d{1,9}$")
DOI_RE = re.compile(r"^10\.\d{4,9}/\S+$")
URL_RE = re.compile(r"^https?://\S+$")
HTML_TAG_RE = re.compile(r"</?[a-zA-Z][a-zA-Z0-9]*(?:\s[^<>]*)?/?>")

DIFFICULTIES = (1, 2, 3)
#: Inclusive (min, max) number of choices.
CHOICE_LIMITS: dict[str, tuple[int, int]] = {
    ItemType.SINGLE_CHOICE: (3, 6),
    ItemType.MULTIPLE_RESPONSE: (3, 8),
    BodyMapMode.IDENTIFY_MUSCLE: (3, 6),
}
MIN_PAIRS = 3
SELECT_ALL_PHRASE = "select all that apply"

#: Field order of an item, as written (and as in ``Item.to_content()``, which omits ``id``).
ITEM_KEYS = (
    "id",
    "type",
    "mode",
    "difficulty",
    "tags",
    "muscle",
    "prompt",
    "answer",
    "regions",
    "choices",
    "pairs",
    "distractors",
    "explanation",
    "references",
)
COMMON_KEYS = ("id", "type", "difficulty", "tags", "muscle", "prompt", "explanation", "references")
TYPE_KEYS: dict[str, tuple[str, ...]] = {
    ItemType.FLASHCARD: ("answer",),
    ItemType.TRUE_FALSE: ("answer",),
    ItemType.SINGLE_CHOICE: ("choices",),
    ItemType.MULTIPLE_RESPONSE: ("choices",),
    ItemType.MATCHING: ("pairs", "distractors"),
    ItemType.BODY_MAP: ("mode", "regions", "choices"),
}
CHOICE_KEYS = ("text", "correct", "feedback")
MUSCLE_CHOICE_KEYS = ("muscle", "correct", "feedback")
PAIR_KEYS = ("left", "right")
SOURCE_KEYS = ("key", "where")
TOPIC_FILE_KEYS = ("topic", "items")
TOPIC_KEYS = ("id", "title", "description")
MUSCLE_KEYS = (
    "id",
    "name",
    "group",
    "trigger_points",
    "referral_source",
    "mimics",
    "notes",
    "references",
)
TRIGGER_POINT_KEYS = ("name", "location", "referral_regions")
REFERENCE_KEYS = ("title", "citation", "pmid", "doi", "url", "kind")


def normalise(text: str) -> str:
    """Text as compared for duplicates: whitespace collapsed, case folded."""
    return " ".join(text.split()).casefold()
