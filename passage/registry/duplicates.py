"""Duplicate registrations: the warning before a person is saved, the full pass that fills the
review queue, and the caseworker's decision on a pair (merge or dismiss).

Who is compared is decided by blocking, so that a check stays fast at millions of persons. The
pre-save check: persons born within two days (or with day and month swapped) sharing a word of the
name (phonetic keys, any order; two words for names of three or more), read from the
(key, date of birth) index of PersonNameKey, or sharing an identity document number or UNHCR id.
The full pass blocks in memory on pairs of words and on a word with the date. How alike they are is
registry/matching.py. Members of one case are never paired, merged persons are left out, and
nothing is merged without a person deciding: a wrong merge mixes two people's records.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from django.db import IntegrityError, models, transaction
from django.db.models import Count, QuerySet
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from passage.core import audit
from passage.core.errors import ConflictError, DomainError
from passage.core.models import User
from passage.core.scoping import scope_for, scoped
from passage.registry.matching import POSSIBLE, WARN, Profile, compare, profile_of
from passage.registry.models import (
    CaseEvent,
    CaseMember,
    DuplicateCandidate,
    IdentityDocument,
    Person,
    PersonMerge,
    PersonNameKey,
    Vulnerability,
)
from passage.registry.names import PAIR_SEPARATOR, index_person_names
from passage.registry.schemas import PersonIn
from passage.registry.services import CASE_EDITORS, _require
from passage.registry.signals import COMPOSITION, inputs_changed

# Only these dates of birth can reach the review band (registry/matching.py dob_similarity): the
# same day, a day or two apart, or day and month swapped. Blocks use them, so the check reads a
# handful of index entries and the full pass compares few pairs, even among thousands of namesakes.
NEAR_DAYS = 2
MAX_CANDIDATES = 2000


@dataclass
class Match:
    person: Person
    score: float
    reasons: list[str]


def _swapped(born: dt.date) -> dt.date | None:
    if born.day <= 12 and born.day != born.month:
        return born.replace(month=born.day, day=born.month)
    return None


def _single_keys(profile: Profile) -> list[str]:
    return list(dict.fromkeys(k for k in profile.keys if k))


def _pair_keys(profile: Profile) -> set[str]:
    singles = sorted(_single_keys(profile))[:5]
    return {f"{a}{PAIR_SEPARATOR}{b}" for i, a in enumerate(singles) for b in singles[i + 1:]}


# --- The pre-save check ------------------------------------------------------------------------

def _dates_near(born: dt.date) -> list[dt.date]:
    dates = [born + dt.timedelta(days=d) for d in range(-NEAR_DAYS, NEAR_DAYS + 1)]
    swapped = _swapped(born)
    return dates + [swapped] if swapped else dates


def _shared_keys_needed(probe_keys: int) -> int:
    """How many word keys a candidate must share with the probe. Below the names gate
    (matching.NAMES_GATE) a pair never reaches the warning, and with three or more words that takes
    at least two alike words; a name of two words may carry a typo that changes one key. On common
    names with a 1 January date this keeps the block to tens of persons instead of hundreds."""
    return 2 if probe_keys >= 3 else 1


def find_duplicates_for(*, user: User, data: PersonIn, exclude_case=None, limit: int = 10,
                        document_numbers: Iterable[str] = ()) -> list[Match]:
    """Persons the user can see who may be the person about to be registered, best first."""
    documents = frozenset(n.replace(" ", "").upper() for n in document_numbers if n.strip())
    probe = profile_of(data.model_dump(), pk=None, documents=documents)
    if not probe.words:
        return []
    # One lookup on the (key, date of birth) index: persons sharing a word of the name and born on a
    # nearby date. (Reading everyone born near the date and then their keys was two large sets at
    # 10^6 persons: p95 400 ms on PostgreSQL.) No merged_into filter here: it is applied below.
    keys = _single_keys(probe)
    ids: set[int] = set(
        PersonNameKey.objects.filter(key__in=keys, date_of_birth__in=_dates_near(probe.date_of_birth))
        .values("person_id").annotate(shared=Count("key", distinct=True))
        .filter(shared__gte=_shared_keys_needed(len(keys))).values_list("person_id", flat=True)
    )
    if documents:
        ids.update(IdentityDocument.objects.filter(number__in=documents).values_list("person_id", flat=True))
    if probe.unhcr_id:
        ids.update(Person.objects.filter(unhcr_individual_id__iexact=probe.unhcr_id).values_list("pk", flat=True))
    if not ids:
        return []
    qs = scoped(Person.objects.all(), user).filter(pk__in=sorted(ids)[:MAX_CANDIDATES], merged_into__isnull=True)
    if exclude_case is not None:
        qs = qs.exclude(pk__in=CaseMember.objects.filter(case=exclude_case).values("person_id"))
    candidates = list(qs.select_related("office").distinct())
    docs = _documents_of([p.pk for p in candidates]) if documents else {}
    matches = []
    for person in candidates:
        result = compare(probe, profile_of(person, documents=docs.get(person.pk, frozenset())))
        if result.score >= WARN:
            matches.append(Match(person=person, score=result.score, reasons=result.reasons))
    matches.sort(key=lambda m: (-m.score, m.person.pk))
    return matches[:limit]


def _documents_of(person_ids: list[int]) -> dict[int, frozenset[str]]:
    found: dict[int, set[str]] = defaultdict(set)
    for start in range(0, len(person_ids), 900):
        for person_id, number in IdentityDocument.objects.filter(
            person_id__in=person_ids[start:start + 900]
        ).values_list("person_id", "number"):
            found[person_id].add(number.replace(" ", "").upper())
    return {k: frozenset(v) for k, v in found.items()}


# --- The full pass -----------------------------------------------------------------------------

def _profiles(office_ids: Iterable[int] | None) -> list[Profile]:
    fields = ("pk", "office_id", "given_name", "middle_name", "family_name", "native_given_name",
              "native_middle_name", "native_family_name", "sex", "date_of_birth", "dob_precision", "nationality",
              "unhcr_individual_id")
    cases: dict[int, set[int]] = defaultdict(set)
    for person_id, case_id in CaseMember.objects.values_list("person_id", "case_id").iterator(chunk_size=20000):
        cases[person_id].add(case_id)
    documents: dict[int, set[str]] = defaultdict(set)
    for person_id, number in IdentityDocument.objects.values_list("person_id", "number").iterator(chunk_size=20000):
        documents[person_id].add(number.replace(" ", "").upper())
    rows = Person.objects.filter(merged_into__isnull=True).values(*fields)
    profiles = [
        profile_of(row, pk=row["pk"], office_id=row["office_id"], documents=frozenset(documents.get(row["pk"], ())),
                   cases=frozenset(cases.get(row["pk"], ())))
        for row in rows.iterator(chunk_size=20000)
    ]
    # Each person's household: the other (unmerged) members of their cases, for matching's context.
    members: dict[int, list[Profile]] = defaultdict(list)
    for profile in profiles:
        for case_id in profile.cases:
            members[case_id].append(profile)
    for profile in profiles:
        if any(len(members[c]) > 1 for c in profile.cases):
            others = {id(m): m for c in sorted(profile.cases) for m in members[c] if m is not profile}
            profile.household = tuple(others.values())
    return profiles


def _blocks(profiles: list[Profile]) -> Iterator[tuple[bool, list[int]]]:
    """(by date order?, members) for each block with more than one person. Name blocks are walked
    in date order (dates a few days apart); the others hold exactly the persons to compare."""
    by_name: dict[str, list[int]] = defaultdict(list)
    exact: dict[object, list[int]] = defaultdict(list)
    for i, p in enumerate(profiles):
        born = p.date_of_birth
        day = (born.year, frozenset((born.month, born.day)))  # the same for a day-month swap
        for key in _pair_keys(p):
            by_name[key].append(i)
            if _swapped(born):
                exact[(key, *day)].append(i)
        for key in _single_keys(p):
            exact[(key, *day)].append(i)
        for number in p.documents:
            exact[("doc", number)].append(i)
        if p.unhcr_id:
            exact[("unhcr", p.unhcr_id)].append(i)
    for members in by_name.values():
        if len(members) > 1:
            yield True, members
    for members in exact.values():
        if len(members) > 1:
            yield False, members


def _pairs_in_block(profiles: list[Profile], members: list[int], by_date: bool) -> Iterator[tuple[int, int]]:
    if not by_date:
        for n, i in enumerate(members):
            for j in members[n + 1:]:
                yield i, j
        return
    members = sorted(members, key=lambda i: profiles[i].date_of_birth)
    near = dt.timedelta(days=NEAR_DAYS)
    for n, i in enumerate(members):
        limit = profiles[i].date_of_birth + near
        for j in members[n + 1:]:
            if profiles[j].date_of_birth > limit:
                break
            yield i, j


def scan_for_duplicates(*, office_ids: Iterable[int] | None = None) -> int:
    """Compare every person with those in the same blocks and queue each pair scoring POSSIBLE or
    more as a DuplicateCandidate. Pairs already queued or decided are left as they are. With
    `office_ids`, only pairs with at least one person in those offices are queued. Returns the
    number of new candidates."""
    offices = set(office_ids) if office_ids is not None else None
    with translation.override("en"):
        profiles = _profiles(offices)
        seen: set[tuple[int, int]] = set()
        found: list[DuplicateCandidate] = []
        for by_date, members in _blocks(profiles):
            for i, j in _pairs_in_block(profiles, members, by_date):
                a, b = profiles[i], profiles[j]
                pair = (a.pk, b.pk) if a.pk < b.pk else (b.pk, a.pk)
                if pair in seen:
                    continue
                seen.add(pair)
                if a.cases & b.cases:
                    continue  # family members, twins: never the same person
                if offices is not None and a.office_id not in offices and b.office_id not in offices:
                    continue
                result = compare(a, b)
                if result.score >= POSSIBLE:
                    found.append(DuplicateCandidate(person_a_id=pair[0], person_b_id=pair[1], score=result.score,
                                                    reasons=result.reasons))
    before = DuplicateCandidate.objects.count()
    DuplicateCandidate.objects.bulk_create(found, batch_size=2000, ignore_conflicts=True)
    return DuplicateCandidate.objects.count() - before


# --- The review queue --------------------------------------------------------------------------

def candidates_for(*, user: User, status: str | None = DuplicateCandidate.Status.OPEN) -> QuerySet[DuplicateCandidate]:
    """Pairs where the user can act on both persons (caseworkers and office administrators),
    neither of them merged since."""
    qs = scoped(DuplicateCandidate.objects.select_related("person_a__office", "person_b__office"), user,
                roles=CASE_EDITORS)
    scope = scope_for(user, CASE_EDITORS)
    if not scope.is_global:
        qs = qs.filter(person_b__office_id__in=scope.office_ids)
    if status:
        qs = qs.filter(status=status)
    if status == DuplicateCandidate.Status.OPEN:
        qs = qs.filter(person_a__merged_into__isnull=True, person_b__merged_into__isnull=True)
    return qs


def candidate_detail(*, user: User, candidate_id: int) -> DuplicateCandidate:
    """One candidate with both persons' cases and documents; DoesNotExist outside the user's scope."""
    return (
        candidates_for(user=user, status=None)
        .prefetch_related("person_a__memberships__case", "person_b__memberships__case",
                          "person_a__documents", "person_b__documents")
        .get(pk=candidate_id)
    )


# --- Decisions ---------------------------------------------------------------------------------

# Relations that describe the person rather than hang from them: not moved by a merge.
_NOT_MOVED = {(PersonNameKey, "person"), (DuplicateCandidate, "person_a"), (DuplicateCandidate, "person_b"),
              (PersonMerge, "survivor"), (PersonMerge, "merged"), (Person, "merged_into")}


def _movable_relations() -> list[models.ManyToOneRel]:
    """Every foreign key to Person (case membership, documents, clearances, vulnerabilities, and
    whatever later modules add: health records too), so a merge leaves no row behind."""
    return [
        rel for rel in Person._meta.related_objects
        if rel.one_to_many and (rel.related_model, rel.field.name) not in _NOT_MOVED
    ]


def _open_candidate(candidate: DuplicateCandidate) -> DuplicateCandidate:
    candidate = DuplicateCandidate.objects.select_for_update().get(pk=candidate.pk)
    if candidate.status != DuplicateCandidate.Status.OPEN:
        raise ConflictError(_("This pair was already decided ('%(decision)s').") % {"decision": candidate.get_status_display()},
                            field="status")
    return candidate


def merge_persons(*, actor: User, candidate: DuplicateCandidate, survivor: Person | int) -> PersonMerge:
    """Merge the other person of the pair into `survivor`: every link and document moves, the
    merged person keeps their row pointing at the survivor, their names become the survivor's
    aliases, and the merge is recorded (PersonMerge, case events, audit) in one transaction."""
    survivor_id = survivor.pk if isinstance(survivor, Person) else survivor
    if survivor_id not in (candidate.person_a_id, candidate.person_b_id):
        raise DomainError(_("The survivor must be one of the two persons of the pair."), field="survivor_id")
    merged_id = candidate.person_b_id if survivor_id == candidate.person_a_id else candidate.person_a_id
    with transaction.atomic():
        candidate = _open_candidate(candidate)
        persons = {p.pk: p for p in Person.objects.select_for_update().filter(pk__in=[survivor_id, merged_id])}
        kept, merged = persons[survivor_id], persons[merged_id]
        for person in (kept, merged):
            _require(actor, person.office_id, CASE_EDITORS, _("Your role does not allow you to merge persons in this office."))
            if person.merged_into_id:
                raise ConflictError(_("One of the two persons was merged into another already."), field="survivor_id")
        shared = set(CaseMember.objects.filter(person=kept).values_list("case_id", flat=True)) & set(
            CaseMember.objects.filter(person=merged).values_list("case_id", flat=True))
        if shared:
            raise DomainError(_("Two members of one case are never the same person; they cannot be merged."),
                              field="survivor_id")
        moved = _move_links(merged, kept)
        aliases = list(kept.aliases or [])
        for name in (merged.full_name, *(merged.aliases or [])):
            if name and name != kept.full_name and name not in aliases:
                aliases.append(name)
        kept.aliases = aliases
        kept.save(update_fields=["aliases"])
        merged.merged_into = kept
        merged.save(update_fields=["merged_into"])
        PersonNameKey.objects.filter(person=merged).delete()
        moved["name_keys"] = index_person_names([kept])
        now = timezone.now()
        candidate.status = DuplicateCandidate.Status.MERGED
        candidate.reviewed_by, candidate.reviewed_at = actor, now
        candidate.save(update_fields=["status", "reviewed_by", "reviewed_at"])
        merge = PersonMerge.objects.create(survivor=kept, merged=merged, candidate=candidate, at=now, actor=actor,
                                           moved=moved)
        cases = CaseMember.objects.filter(person=kept).select_related("case__office").values_list("case", flat=True)
        for case_id in set(cases):
            CaseEvent.objects.create(
                case_id=case_id, at=now, actor=actor, office=kept.office, kind=CaseEvent.Kind.PERSONS_MERGED,
                details={"survivor_id": kept.pk, "merged_id": merged.pk, "merge_id": merge.pk},
            )
        inputs_changed(set(cases), inputs=[COMPOSITION], actor=actor)
        audit.record(actor=actor, action="person.merge", obj=merge, office=kept.office_id,
                     before={"merged_id": merged.pk, "merged": audit.snapshot(merged, exclude=("merged_into",))},
                     after={"survivor_id": kept.pk, "moved": moved, "candidate_id": candidate.pk})
    return merge


def _move_links(merged: Person, kept: Person) -> dict:
    moved: dict[str, list[int] | int] = {}
    # Only one open vulnerability per code: the merged person's copy is closed, not lost.
    open_codes = set(Vulnerability.objects.filter(person=kept, resolved_on__isnull=True).values_list("code", flat=True))
    clashing = Vulnerability.objects.filter(person=merged, resolved_on__isnull=True, code__in=open_codes)
    closed = list(clashing.values_list("pk", flat=True))
    if closed:
        clashing.update(resolved_on=timezone.localdate())
        moved["vulnerabilities_closed_as_duplicate"] = closed
    for rel in _movable_relations():
        rows = rel.related_model._base_manager.filter(**{rel.field.name: merged})
        ids = list(rows.values_list("pk", flat=True))
        if not ids:
            continue
        try:
            with transaction.atomic():
                rows.update(**{rel.field.name: kept})
        except IntegrityError as exc:
            raise ConflictError(_("Cannot move the merged person's %(records)s: the survivor has a record that clashes "
                                  "with it.") % {"records": rel.related_model._meta.verbose_name_plural},
                                field="survivor_id") from exc
        moved[rel.get_accessor_name() or rel.related_model._meta.model_name] = ids
    return moved


def dismiss_candidate(*, actor: User, candidate: DuplicateCandidate) -> DuplicateCandidate:
    """Not the same person: the pair leaves the queue and a later scan will not queue it again."""
    with transaction.atomic():
        candidate = _open_candidate(candidate)
        for office_id in Person.objects.filter(pk__in=[candidate.person_a_id, candidate.person_b_id]).values_list(
                "office_id", flat=True):
            _require(actor, office_id, CASE_EDITORS, _("Your role does not allow you to review duplicates in this office."))
        candidate.status = DuplicateCandidate.Status.DISMISSED
        candidate.reviewed_by, candidate.reviewed_at = actor, timezone.now()
        candidate.save(update_fields=["status", "reviewed_by", "reviewed_at"])
        audit.record(actor=actor, action="duplicate.dismiss", obj=candidate, office=candidate.person_a.office_id,
                     after={"person_a": candidate.person_a_id, "person_b": candidate.person_b_id,
                            "score": candidate.score})
    return candidate
