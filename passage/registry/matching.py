"""How alike two person records are: a score from 0 to 1 with the reasons a caseworker reads.

Names are compared word by word in any order (swapped given and family names), a spelling variant
(same phonetic key) counting almost as much as the same spelling and a typo by its edit distance
(rapidfuzz). The date of birth weighs less when it is a 1 January placeholder, because thousands
share it; a day-month swap or a day off by one or two still counts. Sex, nationality, native-script
names, document numbers and UNHCR ids add or remove evidence. Common names and twins are why the
date matters as much as the name: see shared/DOMAIN.md, "Names, dates and families". In the full
pass the rest of the two households counts too, as it does for a caseworker: a member alike on
both sides is evidence for (a re-registration usually brings some of the family), two families of
all different people is evidence against (a namesake's family); a person alone says nothing.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from itertools import permutations
from typing import Any

from django.utils.translation import gettext as _
from rapidfuzz.distance import OSA, Indel

from passage.registry.models import Person
from passage.registry.names import NATIVE_FIELDS, native_words, person_words, word_key

# Score bands. Nothing is merged automatically: LIKELY and POSSIBLE both go to a person, LIKELY first.
LIKELY = 0.9
POSSIBLE = 0.78
# The pre-save warning shows a little more than the review queue holds.
WARN = 0.72

NAMES_GATE = 0.78
MISSING_WORD_COST = 0.4
NAMES_GATE_CAP = 0.7
NAME_WEIGHT = 0.6
DOB_WEIGHT = 0.4
VARIANT_SIMILARITY = 0.93
TYPO_SIMILARITY = 0.88
# Household context (the full pass): looked at only for pairs that could reach the review band.
HOUSEHOLD_ALIKE = 0.08
HOUSEHOLD_DIFFERENT = -0.06
HOUSEHOLD_FROM = POSSIBLE - HOUSEHOLD_ALIKE
PLACEHOLDER_PRECISIONS = {Person.DatePrecision.YEAR, Person.DatePrecision.ESTIMATED}


@dataclass
class Profile:
    """What matching needs of a person, computed once: canonical words, keys, dates, documents."""

    pk: int | None
    words: list[str]
    native: list[str]
    date_of_birth: dt.date
    dob_precision: str
    sex: str
    nationality: str
    office_id: int | None = None
    unhcr_id: str = ""
    documents: frozenset[str] = frozenset()
    cases: frozenset[int] = frozenset()
    # The other members of this person's cases, when known (the full pass): a caseworker's context.
    household: tuple[Profile, ...] = field(default=(), compare=False, repr=False)
    keys: list[str] = field(init=False)

    def __post_init__(self) -> None:
        self.keys = [word_key(w) for w in self.words]

    @property
    def placeholder_dob(self) -> bool:
        born = self.date_of_birth
        return (born.month, born.day) == (1, 1) or self.dob_precision in PLACEHOLDER_PRECISIONS


def profile_of(person_like: Any, *, pk: int | None = None, office_id: int | None = None,
               documents: frozenset[str] = frozenset(), cases: frozenset[int] = frozenset()) -> Profile:
    get = (lambda n: person_like.get(n, "")) if isinstance(person_like, dict) else (lambda n: getattr(person_like, n, ""))
    native: list[str] = []
    for name in NATIVE_FIELDS:
        native.extend(native_words(get(name) or ""))
    return Profile(
        pk=pk if pk is not None else getattr(person_like, "pk", None), words=person_words(person_like), native=native,
        date_of_birth=get("date_of_birth"), dob_precision=str(get("dob_precision") or Person.DatePrecision.EXACT),
        sex=str(get("sex") or ""), nationality=str(get("nationality") or ""),
        office_id=office_id if office_id is not None else getattr(person_like, "office_id", None),
        unhcr_id=(get("unhcr_individual_id") or "").strip().upper(), documents=documents, cases=cases,
    )


@dataclass
class Comparison:
    score: float
    reasons: list[str]


def _word_similarity(a: str, key_a: str, b: str, key_b: str) -> float:
    """1 for the same word, VARIANT_SIMILARITY for another spelling of it, about 0.85 for a typo
    (one letter wrong, missing or swapped with its neighbour), 0 for another name."""
    if a == b:
        return 1.0
    if key_a == key_b:
        return VARIANT_SIMILARITY
    if OSA.distance(a, b) <= 1 and min(len(a), len(b)) >= 3:
        return min(TYPO_SIMILARITY, Indel.normalized_similarity(a, b) + 0.1)
    # Two slips in one word still count when the word starts the same; else it is another name.
    similarity = Indel.normalized_similarity(a, b)
    return similarity if similarity >= 0.7 and a[0] == b[0] else 0.0


def name_similarity(a: Profile, b: Profile) -> tuple[float, bool, bool]:
    """(similarity, whether the words were found in a different order, whether only variants or
    typos separate them). Each word of the shorter name takes its best partner in the longer one;
    a word missing from one record (a grandfather's name left out) costs MISSING_WORD_COST."""
    if not a.words or not b.words:
        return 0.0, False, False
    short, long_ = (a, b) if len(a.words) <= len(b.words) else (b, a)
    sims = [[_word_similarity(w, short.keys[i], v, long_.keys[j]) for j, v in enumerate(long_.words)]
            for i, w in enumerate(short.words)]
    # The best one-to-one pairing of words (names have at most a handful, so trying all is cheap).
    best, order = -1.0, ()
    for perm in permutations(range(len(long_.words)), len(short.words)):
        total = sum(sims[i][j] for i, j in enumerate(perm))
        if total > best:
            best, order = total, perm
    missing = len(long_.words) - len(short.words)
    similarity = best / (len(short.words) + MISSING_WORD_COST * missing)
    exact = all(sims[i][j] == 1.0 for i, j in enumerate(order))
    return similarity, list(order) != sorted(order), not exact


def dob_similarity(a: Profile, b: Profile) -> tuple[float, str]:
    x, y = a.date_of_birth, b.date_of_birth
    placeholder = a.placeholder_dob or b.placeholder_dob
    if x == y:
        return (0.55, _("Same date of birth, but 1 January or estimated: often a placeholder")) if placeholder \
            else (1.0, _("Same date of birth"))
    if x.year == y.year and (x.day, x.month) == (y.month, y.day):
        return 0.85, _("Date of birth with day and month swapped")
    days = abs((x - y).days)
    if days <= 2:
        return 0.55, _("Date of birth one or two days apart")
    if placeholder and abs(x.year - y.year) <= 1:
        return 0.2, _("Estimated birth years a year apart at most")
    if days <= 31:
        return 0.2, _("Dates of birth less than a month apart")
    if x.year == y.year:
        return 0.1, _("Same year of birth")
    return 0.0, ""


def _same_member(x: Profile, y: Profile) -> bool:
    """Whether two household members look like one person: same sex, alike names, a birth date that
    could be the same (the same day, a day-month swap, a day or two apart)."""
    if x.sex and y.sex and x.sex != y.sex:
        return False
    if dob_similarity(x, y)[0] < 0.55:
        return False
    return name_similarity(x, y)[0] >= NAMES_GATE


def household_evidence(a: Profile, b: Profile) -> tuple[float, str]:
    """What the rest of the two households says. A re-registration usually brings some of the same
    family: one of them alike on both sides is evidence for; two families whose other members are
    all different people are evidence against (a namesake's family). A person registered alone says
    nothing either way."""
    if not a.household or not b.household:
        return 0.0, ""
    if any(_same_member(x, y) for x in a.household for y in b.household):
        return HOUSEHOLD_ALIKE, _("Another member of the two cases looks like one person too")
    return HOUSEHOLD_DIFFERENT, _("The other members of the two cases are all different people")


def compare(a: Profile, b: Profile) -> Comparison:
    """The evidence that `a` and `b` are one person."""
    reasons: list[str] = []
    names, swapped, variants = name_similarity(a, b)
    if names >= 0.999:
        reasons.append(_("Same names"))
    elif names >= NAMES_GATE:
        reasons.append(_("Names alike: spelling variants, typos or a name left out") if variants
                       else _("Same names, one left out"))
    if swapped and names >= NAMES_GATE:
        reasons.append(_("Names recorded in a different order"))
    dob, dob_reason = dob_similarity(a, b)
    if dob_reason:
        reasons.append(dob_reason)
    score = NAME_WEIGHT * names + DOB_WEIGHT * dob
    if a.native and b.native:
        native = Indel.normalized_similarity(" ".join(sorted(a.native)), " ".join(sorted(b.native)))
        if native >= 0.999:
            score += 0.04
            reasons.append(_("Same name in native script"))
        elif native < 0.5:
            score -= 0.1
            reasons.append(_("Different names in native script"))
    if a.sex and b.sex and a.sex != b.sex:
        score *= 0.6
        reasons.append(_("Different sex"))
    if a.nationality and b.nationality and a.nationality != b.nationality:
        score -= 0.15
        reasons.append(_("Different nationality"))
    if score >= HOUSEHOLD_FROM:
        delta, reason = household_evidence(a, b)
        if reason:
            score += delta
            reasons.append(reason)
    if names < NAMES_GATE:
        # Namesakes' children and twins share birth dates: without alike names a date proves nothing.
        score = min(score, NAMES_GATE_CAP)
    # One document or UNHCR id on two records is always for a person to look at, whatever the names.
    if a.documents & b.documents:
        score = max(score + 0.25, POSSIBLE)
        reasons.append(_("Same identity document number"))
    if a.unhcr_id and a.unhcr_id == b.unhcr_id:
        score = max(score + 0.25, POSSIBLE)
        reasons.append(_("Same UNHCR individual id"))
    return Comparison(score=round(max(0.0, min(1.0, score)), 3), reasons=reasons)
