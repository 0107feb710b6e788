"""Reads of health data, scoped to the acting user, with the confidentiality rule in one place:

- a medical officer of the person's office (or an office above) reads the clinical record;
- other staff who can see the person read the fitness decision and travel requirements only;
- a partner reads a person bound for their country only while the person's consent to share with
  the receiving health authority is active (and then the clinical record if the consent covers it).

Every read of clinical content writes an audit row ("health.read")."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from django.db import transaction
from django.db.models import OuterRef, Q, QuerySet, Subquery
from django.http import Http404
from django.utils import timezone

from passage.core import audit
from passage.core.models import Role, User
from passage.core.scoping import can_act_in, scoped
from passage.health import morbidity as summary
from passage.health.models import (
    Assessment,
    ChestXray,
    Consent,
    FitnessDecision,
    HealthRule,
    LabTest,
    MorbidityCell,
    TbClassification,
    Treatment,
    Vaccination,
)
from passage.health.morbidity import COLUMNS
from passage.registry.models import CaseMember, Clearance, Person

MORBIDITY_READERS = (Role.MEDICAL_OFFICER, Role.INFORMATION_MANAGEMENT)
SUPPRESS_BELOW = 5


def active_consent(purpose: str = Consent.Purpose.HEALTH_AUTHORITY, *, on: dt.date | None = None) -> Q:
    on = on or timezone.now().date()
    return Q(purpose=purpose, given_on__lte=on) & (Q(withdrawn_on__isnull=True) | Q(withdrawn_on__gt=on))


def persons_for(*, user: User) -> QuerySet[Person]:
    """Persons whose health page the user may open: staff in scope; partners only with consent."""
    qs = scoped(Person.objects.select_related("office"), user)
    if user.is_partner:
        consenting = Consent.objects.filter(active_consent()).values("person_id")
        qs = qs.filter(pk__in=consenting)
    return qs.distinct()


def person_for(*, user: User, person_id: int, with_destination: bool = False) -> Person:
    """The person, if the user may open their health page; `with_destination` reads the destination
    of their current case in the same query, for a record service that looks it up first thing
    (`services.current_destination`)."""
    queryset = persons_for(user=user).filter(pk=person_id)
    if with_destination:
        queryset = queryset.annotate(case_destination=Subquery(
            CaseMember.objects.filter(person=OuterRef("pk"), left_on__isnull=True).order_by("id")
            .values("case__destination_country")[:1]))
    person = queryset.first()
    if person is None:
        raise Http404
    return person


def reads_clinical(user: User, person: Person) -> bool:
    if user.is_partner:
        return Consent.objects.filter(active_consent(), person=person, scope=Consent.Scope.FULL_RECORD).exists()
    return can_act_in(user, person.office_id, (Role.MEDICAL_OFFICER,))


def has_active_consent(person: Person) -> bool:
    return Consent.objects.filter(active_consent(), person=person).exists()


def current_fitness(person: Person) -> FitnessDecision | None:
    return FitnessDecision.objects.filter(person=person).order_by("-decided_at", "-id").first()


def health_clearance(person: Person) -> Clearance | None:
    return Clearance.objects.filter(person=person, kind="health").order_by("-recorded_at").first()


@dataclass
class Clinical:
    assessments: list[Assessment]
    chest_xrays: list[ChestXray]
    lab_tests: list[LabTest]
    tb_classifications: list[TbClassification]
    vaccinations: list[Vaccination]
    treatments: list[Treatment]
    consents: list[Consent]


@dataclass
class Summary:
    person: Person
    fitness: FitnessDecision | None
    clearance: Clearance | None
    clinical: Clinical | None


def clinical_record(*, user: User, person: Person, purpose: str = "summary") -> Clinical:
    """The clinical record of a person the user may read clinically; audited as a read."""
    record = Clinical(
        assessments=list(person.health_assessments.all()),
        chest_xrays=list(person.chest_xrays.all()),
        lab_tests=list(person.lab_tests.all()),
        tb_classifications=list(person.tb_classifications.all()),
        vaccinations=list(person.vaccinations.all()),
        treatments=list(person.treatments.all()),
        consents=list(person.health_consents.all()),
    )
    with transaction.atomic():
        audit.record(actor=user, action="health.read", obj=person, office=person.office_id,
                     after={"purpose": purpose})
    return record


def summary_for(*, user: User, person: Person) -> Summary:
    """What the user may see of the person's health: always the fitness decision and clearance;
    the clinical record only for medical officers and consenting partners."""
    clinical = clinical_record(user=user, person=person) if reads_clinical(user, person) else None
    return Summary(person=person, fitness=current_fitness(person), clearance=health_clearance(person),
                   clinical=clinical)


def assistance_codes(person_ids: Iterable[int]) -> dict[int, list[str]]:
    """IATA SSR codes from each person's current fitness-to-travel requirements (for manifests);
    persons without a decision, or without requirements, map to an empty list."""
    ids = list(person_ids)
    out: dict[int, list[str]] = {pk: [] for pk in ids}
    seen: set[int] = set()
    for decision in FitnessDecision.objects.filter(person_id__in=ids).order_by("person_id", "-decided_at", "-id").only(
            "person_id", "requirements", "decided_at"):
        if decision.person_id in seen:
            continue
        seen.add(decision.person_id)
        out[decision.person_id] = decision.assistance_codes
    return out


def clinic_queue(*, user: User, q: str, limit: int = 25) -> list[Person]:
    """Persons a medical officer may examine, found by case number or name."""
    from passage.registry.search import case_search_filter
    from passage.registry.selectors import cases_for

    qs = scoped(Person.objects.select_related("office"), user, roles=(Role.MEDICAL_OFFICER,))
    q = q.strip()
    if not q:
        return []
    case_ids = cases_for(user=user).filter(case_search_filter(q)).values("pk")
    words = q.split()
    by_name = Q()
    for word in words:
        by_name &= Q(given_name__icontains=word) | Q(family_name__icontains=word) | Q(middle_name__icontains=word)
    qs = qs.filter(Q(memberships__case__in=case_ids, memberships__left_on__isnull=True) | by_name)
    return list(qs.distinct().order_by("family_name", "given_name", "pk")[:limit])


def fitness_board(*, user: User, office_id: int | None = None) -> QuerySet[FitnessDecision]:
    """Current fitness decisions that need attention (with requirements, not fit, deferred) of the
    persons in the user's offices, for the fitness board; one query whatever the length."""
    latest = FitnessDecision.objects.filter(person=OuterRef("person")).order_by("-decided_at", "-id").values("id")[:1]
    qs = (scoped(FitnessDecision.objects.select_related("person", "person__office"), user)
          .filter(id=Subquery(latest)).exclude(decision=FitnessDecision.Decision.FIT))
    if office_id:
        qs = qs.filter(person__office_id=office_id)
    return qs.order_by("decision", "not_fit_until", "person__family_name", "person__given_name", "id")


def rules() -> QuerySet[HealthRule]:
    return HealthRule.objects.all()


# --- Morbidity ----------------------------------------------------------------------------------

GROUPINGS = ("nationality", "departure_country", "destination", "sex", "age_group")


def suppress(count: int) -> str:
    """A cell of a published table: counts under five are shown as "<5", never the number."""
    return f"<{SUPPRESS_BELOW}" if 0 < count < SUPPRESS_BELOW else str(count)


def morbidity(*, user: User, by: str) -> list[dict[str, str]]:
    """Persons assessed in the user's offices grouped `by` one of GROUPINGS, with TB results,
    vaccination coverage and fitness outcomes; small cells suppressed. Read from the summary
    (passage/health/morbidity.py), so it costs the same for a thousand assessments or a million."""
    if by not in GROUPINGS:
        raise ValueError(by)
    cells = summary.cells_for(scoped(MorbidityCell.objects.all(), user, roles=MORBIDITY_READERS), by)
    return [{"group": key, **{c: suppress(cells[key][c]) for c in COLUMNS}} for key in sorted(cells)]


def morbidity_from_records(*, user: User, by: str) -> list[dict[str, str]]:
    """The same report counted from the records themselves (decrypting every TB result): the
    reference the summary is checked against (`manage.py rebuild_morbidity --check`, the tests)."""
    if by not in GROUPINGS:
        raise ValueError(by)
    assessments = scoped(Assessment.objects.filter(kind=Assessment.Kind.MIGRATION_HEALTH), user,
                         roles=MORBIDITY_READERS)
    latest: dict[int, tuple] = {}
    for row in assessments.order_by("person_id", "performed_at", "id").values_list(
            "person_id", "performed_at", "destination_country", "person__nationality", "person__sex",
            "person__date_of_birth", "person__office__country").iterator(chunk_size=10_000):
        latest[row[0]] = row
    # Each table is read once through the same scope (no long id lists to send to the database);
    # rows of persons without a migration health assessment are skipped here.
    tb_positive = set()
    for pk, result in scoped(LabTest.objects.filter(test__in=LabTest.TB_TESTS), user, roles=MORBIDITY_READERS) \
            .values_list("person_id", "result").iterator(chunk_size=10_000):
        if result == LabTest.Result.POSITIVE:
            tb_positive.add(pk)
    for pk, value in scoped(TbClassification.objects.all(), user, roles=MORBIDITY_READERS) \
            .values_list("person_id", "value").iterator(chunk_size=10_000):
        if value == TbClassification.Value.ACTIVE:
            tb_positive.add(pk)
    vaccinated = set(scoped(Vaccination.objects.all(), user, roles=MORBIDITY_READERS)
                     .values_list("person_id", flat=True).iterator(chunk_size=10_000))
    fitness: dict[int, str] = {}
    for pk, decision in scoped(FitnessDecision.objects.all(), user, roles=MORBIDITY_READERS).order_by(
            "person_id", "decided_at", "id").values_list("person_id", "decision").iterator(chunk_size=10_000):
        fitness[pk] = decision
    cells: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for pk, (_, at, destination, nationality, sex, born, departure) in latest.items():
        key = {"nationality": nationality, "departure_country": departure, "destination": destination, "sex": sex,
               "age_group": summary.age_group(born, at.date())}[by]
        cell = cells[key]
        cell["persons"] += 1
        cell["tb_positive"] += pk in tb_positive
        cell["vaccinated"] += pk in vaccinated
        if pk in fitness:
            cell[fitness[pk]] += 1
    return [{"group": key, **{c: suppress(cells[key][c]) for c in COLUMNS}} for key in sorted(cells)]
