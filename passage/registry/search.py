"""Case search: by case number, external references, document number, and by name tolerant of
spelling variants. Name matching uses a phonetic key of each name part, computed in Python and
stored on the person, so the database looks it up by index (see registry/names.py)."""

from __future__ import annotations

import re

from django.db.models import Q

from passage.registry.models import CaseMember, IdentityDocument, Person, PersonNameKey
from passage.registry.names import name_words, part_keys

_CASE_NUMBER = re.compile(r"^[A-Za-z]{3}-\d{4}-\d{1,6}$")


def case_search_filter(q: str) -> Q:
    q = q.strip()
    if _CASE_NUMBER.match(q):
        return Q(number__iexact=q)
    token = q.replace(" ", "").upper()
    by_document = IdentityDocument.objects.filter(number=token).values("person_id")
    by_reference = Person.objects.filter(unhcr_individual_id__iexact=q).values("pk")
    by_name = Person.objects.filter(_name_filter(q)).values("pk")
    persons = CaseMember.objects.filter(
        Q(person_id__in=by_document) | Q(person_id__in=by_reference) | Q(person_id__in=by_name)
    ).values("case_id")
    return (
        Q(number__iexact=q) | Q(unhcr_case_id__iexact=q) | Q(government_ref__iexact=q) | Q(pk__in=persons)
    )


def _name_filter(q: str) -> Q:
    """All words of the query must match: a Latin-script word by its phonetic key (so Muhammad finds
    Mohamed and Maxamed, in any order), a word in another script exactly as recorded."""
    parts = [p for p in re.split(r"[\s,]+", q) if p]
    condition = Q()
    for key in dict.fromkeys(part_keys(q)):
        condition &= Q(pk__in=PersonNameKey.objects.filter(key=key).values("person_id"))
    for part in parts:
        if name_words(part):
            continue
        condition &= (
            Q(given_name__iexact=part) | Q(middle_name__iexact=part) | Q(family_name__iexact=part)
            | Q(native_given_name=part) | Q(native_middle_name=part) | Q(native_family_name=part)
        )
    return condition
