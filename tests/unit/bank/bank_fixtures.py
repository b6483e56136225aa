"""A small, valid fixture bank with every item type, as file texts, and a tiny body-map SVG."""

from __future__ import annotations

from pathlib import Path

SVG = """\
<?xml version="1.0" encoding="UTF-8"?>
<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 100 100">
  <g id="front">
    <path data-region="forehead" aria-label="Forehead" d="M0 0h1v1z"/>
    <path data-region="temple" aria-label="Temple" d="M0 0h1v1z"/>
    <path data-region="eye" aria-label="Eyebrow and eye" d="M0 0h1v1z"/>
    <path data-region="teeth" aria-label="Teeth and gums" d="M0 0h1v1z"/>
    <path data-region="jaw-angle" aria-label="Angle of the jaw" d="M0 0h1v1z"/>
  </g>
  <g id="back">
    <path data-region="posterior-neck" aria-label="Posterior neck" d="M0 0h1v1z"/>
    <path data-region="mastoid" aria-label="Behind the ear (mastoid)" d="M0 0h1v1z"/>
    <g data-region="top-of-shoulder" aria-label="Top of the shoulder">
      <path d="M0 0h1v1z"/><path d="M2 0h1v1z"/>
    </g>
    <path data-region="scapula" aria-label="Over the shoulder blade" d="M0 0h1v1z"/>
    <path data-region="heel" aria-label="Heel" d="M0 0h1v1z"/>
  </g>
</svg>
"""

REFERENCES = """\
references:
  namtpt:
    citation: >-
      Donnelly JM, et al. Travell, Simons & Simons' Myofascial Pain and Dysfunction: The Trigger
      Point Manual. 3rd ed. Wolters Kluwer; 2019.
    kind: textbook
  brady2014:
    title: >-
      Adverse events following trigger point dry needling: a prospective survey of chartered
      physiotherapists
    citation: >-
      Brady S, McEvoy J, Dommerholt J, Doody C. J Man Manip Ther. 2014;22(3):134-140.
    pmid: "25125935"
    doi: 10.1179/2042618613Y.0000000044
    url: null
    kind: primary
  unused2020:
    title: A review nobody cites yet
    citation: A source nobody cites yet.
    url: https://example.org/unused
    kind: review
"""

MUSCLES = """\
muscles:
  - id: upper-trapezius
    name: Upper trapezius
    group: head-neck
    trigger_points:
      - name: Upper trapezius trigger point
        location: null
        referral_regions: [posterior-neck, mastoid, temple, eye, jaw-angle]
    referral_source: secondary-only
    mimics: [Tension-type headache]
    notes: Where sources disagree, say so here.
    references:
      - key: namtpt
        where: Upper trapezius
  - id: temporalis
    name: Temporalis
    group: head-neck
    trigger_points:
      - name: Anterior temporalis
        location: Anterior fibres, above the zygomatic arch
        referral_regions: [temple, eye]
      - name: Middle temporalis
        location: null
        referral_regions: [temple, teeth]
    referral_source: secondary-only
    references:
      - key: namtpt
  - id: masseter
    name: Masseter
    group: head-neck
    trigger_points:
      - name: Masseter trigger point
        location: null
        referral_regions: [jaw-angle, teeth]
    referral_source: secondary-only
    references:
      - key: namtpt
  - id: levator-scapulae
    name: Levator scapulae
    group: head-neck
    trigger_points:
      - name: Levator scapulae trigger point
        location: null
        referral_regions: [posterior-neck, top-of-shoulder, scapula]
    referral_source: secondary-only
    references:
      - key: namtpt
  - id: soleus
    name: Soleus
    group: leg-foot
    trigger_points:
      - name: Soleus trigger point
        location: null
        referral_regions: [heel]
    referral_source: secondary-only
    references:
      - key: namtpt
"""

REFERRAL = """\
topic:
  id: referral-patterns
  title: Referral patterns
  description: Where trigger points in each muscle refer, and what the referral mimics.
items:
  - id: ref-001
    type: single_choice
    difficulty: 2
    tags: [headache, upper-trapezius]
    muscle: upper-trapezius
    prompt: Which region does the upper trapezius commonly refer to?
    choices:
      - text: Temple
        correct: true
        feedback: The classic "question mark" pattern ends at the temple.
      - text: Heel
        feedback: That is soleus.
      - text: 'Sole: the whole of it'
    explanation: >-
      The upper trapezius refers up the posterior neck, behind the ear and to the temple; this
      long sentence is long enough to be folded when it is written back out again by the dumper.
    references:
      - key: namtpt
        where: Upper trapezius page
  - id: ref-002
    type: body_map
    mode: select_regions
    difficulty: 1
    muscle: upper-trapezius
    prompt: Select the regions where upper trapezius trigger points refer.
    regions: [temple, mastoid]
    explanation: |-
      Temple and mastoid.
      A second line, kept as written.
    references:
      - key: namtpt
  - id: ref-003
    type: body_map
    mode: identify_muscle
    difficulty: 3
    prompt: Which muscle's trigger points refer to the shaded zone?
    regions: [posterior-neck, mastoid]
    choices:
      - muscle: upper-trapezius
        correct: true
      - muscle: temporalis
        feedback: Temporalis refers to the temple and teeth.
      - muscle: soleus
    explanation: Upper trapezius.
    references:
      - key: namtpt
  - id: ref-004
    type: matching
    difficulty: 2
    tags: [patterns]
    prompt: Match each muscle to a region it refers to.
    pairs:
      - left: Soleus
        right: Heel
      - left: Masseter
        right: Teeth
      - left: Temporalis
        right: Teeth
    distractors: [Big toe]
    explanation: Soleus to the heel; masseter and temporalis both to the teeth.
    references:
      - key: namtpt
  - id: ref-005
    type: body_map
    mode: select_regions
    difficulty: 2
    muscle: levator-scapulae
    prompt: Select where levator scapulae trigger points refer.
    regions: [posterior-neck, top-of-shoulder]
    explanation: The angle of the neck and the top of the shoulder.
    references:
      - key: namtpt
"""

PHYSIOLOGY = """\
topic:
  id: physiology
  title: Physiology and pathophysiology
items:
  - id: phy-001
    type: flashcard
    difficulty: 1
    muscle: levator-scapulae
    prompt: 'What is a trigger point?'
    answer: A hyperirritable spot in a taut band of skeletal muscle.
    explanation: "Definitions vary between sources; #1 is the taut band."
    references:
      - key: namtpt
        where: Chapter 1
      - key: brady2014
  - id: phy-002
    type: true_false
    difficulty: 2
    prompt: 'yes'
    answer: false
    explanation: A statement that is false – with a dash, and ümlauts.
    references:
      - key: namtpt
  - id: phy-003
    type: multiple_response
    difficulty: 3
    prompt: Which are features of an active trigger point? Select all that apply.
    choices:
      - text: Spontaneous pain
        correct: true
      - text: Referred pain on compression
        correct: true
      - text: Always visible on X-ray
        feedback: No imaging shows trigger points reliably.
    explanation: Active trigger points cause spontaneous pain.
    references:
      - key: namtpt
"""

VALID_FILES: dict[str, str] = {
    "references.yaml": REFERENCES,
    "muscles.yaml": MUSCLES,
    "topics/referral-patterns.yaml": REFERRAL,
    "topics/physiology.yaml": PHYSIOLOGY,
}


def write_files(root: Path, files: dict[str, str | None]) -> Path:
    """Write ``files`` (relative path -> text; None leaves the file out) under ``root``."""
    (root / "topics").mkdir(parents=True, exist_ok=True)
    for name, text in files.items():
        if text is not None:
            (root / name).write_text(text, encoding="utf-8")
    return root
