"""Case search: by case number, external references, document number, and by name tolerant of
spelling variants. Each kind of match is one lookup on an index (case number, document number,
references, PersonNameKey); the matching case ids are gathered first and the case list then reads
them by primary key, so one search costs a handful of index lookups at any caseload size."""

from __future__ import annotations

import re
import unicodedata

from django.db.models import Exists, OuterRef, Q

from passage.registry.models import Case, CaseMember, IdentityDocument, Person, PersonNameKey
from passage.registry.names import PAIR_SEPARATOR, _keys_of_words, name_words, native_words

_CASE_NUMBER = re.compile(r"^[A-Za-z]{3}-\d{4}-\d{1,6}$")
# Beyond this many matching persons a name is too common to list by id (a long IN list is slow to
# plan on PostgreSQL); the case list then checks each case for a match instead.
MAX_IDS = 2_000


def case_search_filter(q: str) -> Q:
    q = q.strip()
    if _CASE_NUMBER.match(q):
        return Q(number=q.upper())
    case_ids = set(
        Case.objects.filter(Q(unhcr_case_id__in={q, q.upper()}) | Q(government_ref__in={q, q.upper()}))
        .values_list("pk", flat=True)
    )
    person_ids = set(IdentityDocument.objects.filter(number=q.replace(" ", "").upper()).values_list("person_id", flat=True))
    person_ids |= set(Person.objects.filter(unhcr_individual_id__in={q, q.upper()}).values_list("pk", flat=True))
    by_name = _persons_named(q)
    if by_name is not None and not isinstance(by_name, set):
        # A common name: test each case, newest first, for a member among the matches (EXISTS); the
        # page fills after a few cases instead of gathering every namesake first.
        return Q(pk__in=case_ids | _cases_of(person_ids)) | Q(
            Exists(CaseMember.objects.filter(case=OuterRef("pk"), person_id__in=by_name)))
    person_ids |= by_name or set()
    return Q(pk__in=case_ids | _cases_of(person_ids))


def _cases_of(person_ids: set[int]) -> set[int]:
    if not person_ids:
        return set()
    return set(CaseMember.objects.filter(person_id__in=person_ids).values_list("case_id", flat=True))


def _non_latin(word: str) -> bool:
    return any(ch.isalpha() and not unicodedata.name(ch, "").startswith("LATIN") for ch in word)


def _persons_named(q: str):
    """Persons whose names hold every word of `q`: Latin-script words by phonetic key (Muhammad
    finds Mohamed and Maxamed, in any order: two words are looked up by their pair key), other
    scripts exactly as recorded. A set of ids, a subquery for very common names, or None."""
    # Words with digits are references or document numbers, never names.
    words = [w for w in re.split(r"[\s,]+", q) if w and not any(ch.isdigit() for ch in w)]
    keys = sorted(_keys_of_words(tuple(name_words(" ".join(words)))))
    natives = [w for w in words if _non_latin(w) and native_words(w)]
    if not keys and not natives:
        return None
    pairs = [k for k in keys if PAIR_SEPARATOR in k] or keys
    qs = Person.objects.all()
    for key in pairs:
        qs = qs.filter(pk__in=PersonNameKey.objects.filter(key=key).values("person_id"))
    for word in natives:
        qs = qs.filter(Q(native_given_name=word) | Q(native_middle_name=word) | Q(native_family_name=word))
    ids = list(qs.values_list("pk", flat=True)[: MAX_IDS + 1])
    if len(ids) > MAX_IDS:
        return qs.values("pk")
    return set(ids)
