"""Writes of the health module: each record a medical officer makes, consent, the rules per
destination, and the health clearance derived from them. Every write checks the role in the
person's office, runs in one transaction with its audit row, recomputes the person's health
clearance, and refuses bad input with a DomainError naming the field.

Audit rows say what was recorded, never the clinical content (that stays encrypted in its table)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from passage.core import audit
from passage.core.errors import DomainError, PermissionDeniedError
from passage.core.models import Role, User
from passage.core.scoping import can_act_in, scope_for
from passage.health import clearance
from passage.health.departures import booked_departure
from passage.health.models import (
    FALLBACK,
    Assessment,
    ChestXray,
    Consent,
    FitnessDecision,
    HealthRule,
    LabTest,
    TbClassification,
    Treatment,
    Vaccination,
)
from passage.health.schemas import (
    AssessmentIn,
    ChestXrayIn,
    ConsentIn,
    ConsentWithdrawIn,
    FitnessIn,
    LabTestIn,
    RuleIn,
    TbClassificationIn,
    TreatmentIn,
    VaccinationIn,
)
from passage.registry.models import CaseMember, Person
from passage.registry.records import set_derived_clearance

MEDICAL = (Role.MEDICAL_OFFICER,)
# A rule change recomputes up to this many clearances in the request; more go to the task worker
# (about 10 ms a person with the audited write, see docs/benchmarks.md).
INLINE_RECOMPUTE = 500
CONSENT_RECORDERS = (Role.MEDICAL_OFFICER, Role.CASEWORKER)
UNKNOWN = object()  # a destination the caller has not looked up (recompute_clearance looks it up)


@dataclass
class Recorded:
    """A record written, the person's health clearance after it, and a notice for the recorder."""

    obj: object
    kind: str
    clearance: clearance.Outcome
    notice: str = ""


def _require(actor: User, person: Person, roles: tuple[str, ...], refusal: str) -> None:
    """`refusal` is the whole translated sentence: word order differs too much between languages to
    slot an action into a fixed one."""
    if not can_act_in(actor, person.office_id, roles):
        raise PermissionDeniedError(refusal)


def _not_before_birth(person: Person, day: dt.date | None, field: str) -> None:
    if day is not None and day < person.date_of_birth:
        raise DomainError(_("This date is before the person's date of birth (%(dob)s).")
                          % {"dob": person.date_of_birth}, field=field)


def _not_future(day: dt.date | None, field: str) -> None:
    if day is not None and day > timezone.now().date():
        raise DomainError(_("This date is in the future."), field=field)


def _destination_of(person: Person) -> str | None:
    return (CaseMember.objects.filter(person=person, left_on__isnull=True).order_by("id")
            .values_list("case__destination_country", flat=True).first())


def current_destination(person: Person) -> str | None:
    """The destination of the person's current case as a record service reads it before its
    transaction: read with the person when the selector did (`person_for(with_destination=True)`,
    the same query a moment earlier), else now."""
    if "case_destination" in person.__dict__:
        return person.case_destination
    return _destination_of(person)


def _written(actor: User, person: Person, obj, kind: str, after: dict, notice: str = "",
             destination: str | None | object = UNKNOWN, counted: bool = False) -> Recorded:
    """The audit row and the derived state after a record: the health clearance, and the morbidity
    summary when the record is one the report counts (`counted`)."""
    audit.record(actor=actor, action=f"health.{kind}.record", obj=obj, office=person.office_id, after=after)
    outcome = recompute_clearance(actor=actor, person=person, destination=destination, morbidity=counted)
    return Recorded(obj=obj, kind=kind, clearance=outcome, notice=notice)


# --- Records -----------------------------------------------------------------------------------

def record_assessment(*, actor: User, person: Person, data: AssessmentIn) -> Recorded:
    _require(actor, person, MEDICAL, _("Your role does not allow you to record health assessments in this office."))
    _not_before_birth(person, data.performed_at.date(), "performed_at")
    case_destination = current_destination(person)
    destination = data.destination_country or case_destination or FALLBACK
    notice = ""
    if data.kind == Assessment.Kind.PRE_EMBARKATION:
        departure = booked_departure(person)
        rule = rule_for(destination)
        refusal = clearance.pre_embarkation_refusal(data.performed_at, departure, rule.pre_embarkation_window_hours)
        if refusal:
            raise DomainError(refusal, field="performed_at")
        if departure is None:
            notice = _("No booked departure: the pre-embarkation window was not checked.")
    elif data.performed_at > timezone.now() + dt.timedelta(hours=1):
        raise DomainError(_("This date is in the future."), field="performed_at")
    with transaction.atomic():
        assessment = Assessment.objects.create(
            person=person, kind=data.kind, performed_at=data.performed_at, clinic=data.clinic,
            physician=data.physician, destination_country=destination, history=data.history, exam=data.exam,
            vitals=data.vitals, mental_health=data.mental_health, recorded_by=actor)
        return _written(actor, person, assessment, "assessment",
                        {"kind": data.kind, "performed_at": data.performed_at.isoformat(), "destination": destination},
                        notice, destination=case_destination, counted=data.kind == Assessment.Kind.MIGRATION_HEALTH)


def record_chest_xray(*, actor: User, person: Person, data: ChestXrayIn) -> Recorded:
    _require(actor, person, MEDICAL, _("Your role does not allow you to record chest X-rays in this office."))
    _not_before_birth(person, data.taken_on, "taken_on")
    _not_future(data.taken_on, "taken_on")
    with transaction.atomic():
        xray = ChestXray.objects.create(person=person, taken_on=data.taken_on, reading=data.reading,
                                        radiologist=data.radiologist, recorded_by=actor)
        return _written(actor, person, xray, "chest_xray", {"taken_on": data.taken_on.isoformat()})


def record_lab_test(*, actor: User, person: Person, data: LabTestIn) -> Recorded:
    _require(actor, person, MEDICAL, _("Your role does not allow you to record laboratory tests in this office."))
    _not_before_birth(person, data.taken_on, "taken_on")
    _not_future(data.taken_on, "taken_on")
    if data.result_on is not None and data.taken_on is not None and data.result_on < data.taken_on:
        raise DomainError(_("The result cannot come before the specimen was taken."), field="result_on")
    if data.result != LabTest.Result.PENDING and data.result_on is None:
        raise DomainError(_("A result needs the date it was reported."), field="result_on")
    if data.result in (LabTest.Result.SUSCEPTIBLE, LabTest.Result.RESISTANT) and data.test != LabTest.Test.DST:
        raise DomainError(_("Susceptible and resistant are results of drug susceptibility testing only."),
                          field="result")
    with transaction.atomic():
        lab = LabTest.objects.create(person=person, test=data.test, taken_on=data.taken_on, result=data.result,
                                     result_on=data.result_on, detail=data.detail, recorded_by=actor)
        return _written(actor, person, lab, "lab_test", {"test": data.test, "taken_on": data.taken_on.isoformat()},
                        counted=data.test in LabTest.TB_TESTS)


def record_tb_classification(*, actor: User, person: Person, data: TbClassificationIn) -> Recorded:
    _require(actor, person, MEDICAL, _("Your role does not allow you to record TB classifications in this office."))
    _not_before_birth(person, data.classified_on, "classified_on")
    _not_future(data.classified_on, "classified_on")
    case_destination = current_destination(person)
    destination = data.destination_country or case_destination or FALLBACK
    with transaction.atomic():
        tb = TbClassification.objects.create(person=person, classified_on=data.classified_on, value=data.value,
                                             destination_country=destination, recorded_by=actor)
        return _written(actor, person, tb, "tb_classification", {"classified_on": data.classified_on.isoformat()},
                        destination=case_destination, counted=True)


def record_vaccination(*, actor: User, person: Person, data: VaccinationIn) -> Recorded:
    _require(actor, person, MEDICAL, _("Your role does not allow you to record vaccinations in this office."))
    _not_before_birth(person, data.given_on, "given_on")
    _not_future(data.given_on, "given_on")
    with transaction.atomic():
        if Vaccination.objects.filter(person=person, vaccine=data.vaccine, dose=data.dose).exists():
            raise DomainError(_("This dose of this vaccine is already recorded."), field="dose")
        vaccination = Vaccination.objects.create(person=person, vaccine=data.vaccine, dose=data.dose,
                                                 given_on=data.given_on, lot=data.lot, recorded_by=actor)
        return _written(actor, person, vaccination, "vaccination",
                        {"vaccine": data.vaccine, "dose": data.dose, "given_on": data.given_on.isoformat(),
                         "lot": data.lot}, counted=True)


def record_treatment(*, actor: User, person: Person, data: TreatmentIn) -> Recorded:
    _require(actor, person, MEDICAL, _("Your role does not allow you to record treatments in this office."))
    _not_before_birth(person, data.started_on, "started_on")
    if data.ended_on is not None and data.ended_on < data.started_on:
        raise DomainError(_("The treatment ends before it starts."), field="ended_on")
    with transaction.atomic():
        treatment = Treatment.objects.create(person=person, condition=data.condition, started_on=data.started_on,
                                             ended_on=data.ended_on, directly_observed=data.directly_observed,
                                             recorded_by=actor)
        return _written(actor, person, treatment, "treatment", {"started_on": data.started_on.isoformat()})


def decide_fitness(*, actor: User, person: Person, data: FitnessIn) -> Recorded:
    _require(actor, person, MEDICAL, _("Your role does not allow you to decide fitness to travel in this office."))
    decided_at = data.decided_at or timezone.now()
    D = FitnessDecision.Decision
    if data.decision == D.NOT_FIT and data.not_fit_until is None:
        raise DomainError(_("A 'not fit' decision gives the date to check again."), field="not_fit_until")
    if data.decision != D.NOT_FIT and data.not_fit_until is not None:
        raise DomainError(_("Only a 'not fit' decision has a date to check again."), field="not_fit_until")
    if data.decision == D.FIT_WITH_REQUIREMENTS and not data.requirements:
        raise DomainError(_("'Fit with requirements' lists at least one requirement."), field="requirements")
    if data.decision != D.FIT_WITH_REQUIREMENTS and data.requirements:
        raise DomainError(_("Only 'fit with requirements' lists travel requirements."), field="requirements")
    if data.not_fit_until is not None and data.not_fit_until <= decided_at.date():
        raise DomainError(_("The date to check again must be after the decision."), field="not_fit_until")
    assessment = None
    if data.assessment_id is not None:
        assessment = Assessment.objects.filter(person=person, pk=data.assessment_id).first()
        if assessment is None:
            raise DomainError(_("No such assessment of this person."), field="assessment_id")
    with transaction.atomic():
        fitness = FitnessDecision.objects.create(
            person=person, assessment=assessment, decided_at=decided_at, decision=data.decision,
            not_fit_until=data.not_fit_until, requirements=sorted({str(r) for r in data.requirements}),
            note=data.note, decided_by=actor)
        # The decision and requirements are what logistics reads; they are not clinical content.
        return _written(actor, person, fitness, "fitness",
                        {"decision": data.decision, "not_fit_until": data.not_fit_until and data.not_fit_until.isoformat(),
                         "requirements": fitness.requirements}, counted=True)


# --- Consent -------------------------------------------------------------------------------------

def record_consent(*, actor: User, person: Person, data: ConsentIn) -> Consent:
    _require(actor, person, CONSENT_RECORDERS, _("Your role does not allow you to record consent in this office."))
    _not_before_birth(person, data.given_on, "given_on")
    _not_future(data.given_on, "given_on")
    with transaction.atomic():
        if Consent.objects.filter(person=person, purpose=data.purpose, withdrawn_on__isnull=True).exists():
            raise DomainError(_("Consent for this purpose is already recorded and active."), field="purpose")
        consent = Consent.objects.create(person=person, purpose=data.purpose, scope=data.scope,
                                         given_on=data.given_on, recorded_by=actor)
        audit.record(actor=actor, action="health.consent.give", obj=consent, office=person.office_id,
                     after=audit.snapshot(consent))
    return consent


def withdraw_consent(*, actor: User, person: Person, data: ConsentWithdrawIn) -> Consent:
    _require(actor, person, CONSENT_RECORDERS, _("Your role does not allow you to record consent in this office."))
    withdrawn_on = data.withdrawn_on or timezone.now().date()
    with transaction.atomic():
        consent = (Consent.objects.select_for_update()
                   .filter(person=person, purpose=data.purpose, withdrawn_on__isnull=True).first())
        if consent is None:
            raise DomainError(_("There is no active consent for this purpose."), field="purpose")
        if withdrawn_on < consent.given_on:
            raise DomainError(_("Consent cannot be withdrawn before it was given."), field="withdrawn_on")
        before = audit.snapshot(consent)
        consent.withdrawn_on = withdrawn_on
        consent.save(update_fields=["withdrawn_on"])
        audit.record(actor=actor, action="health.consent.withdraw", obj=consent, office=person.office_id,
                     before=before, after=audit.snapshot(consent))
    return consent


# --- Rules ---------------------------------------------------------------------------------------

def rule_for(destination: str | None) -> clearance.Rule:
    rules = {r.destination_country: r for r in HealthRule.objects.filter(destination_country__in=[destination or "",
                                                                                                  FALLBACK])}
    row = rules.get(destination or "") or rules.get(FALLBACK)
    if row is None:  # no fallback row (deleted by hand): the defaults of the model
        row = HealthRule(destination_country=FALLBACK)
    return _rule(row, destination)


def _rule(row: HealthRule, destination: str | None) -> clearance.Rule:
    return clearance.Rule(
        destination=destination or row.destination_country, chest_xray_min_age=row.chest_xray_min_age,
        required_labs=tuple(row.required_labs), required_vaccines=tuple(row.required_vaccines),
        assessment_validity_days=row.assessment_validity_days,
        pre_embarkation_window_hours=row.pre_embarkation_window_hours)


def save_rule(*, actor: User, destination: str, data: RuleIn) -> HealthRule:
    """Create or change the rule of one destination (system administrators); the health clearances
    of persons bound there are recomputed in the same transaction, or by the task worker after it
    commits when there are more than INLINE_RECOMPUTE of them."""
    if not scope_for(actor, (Role.SYSTEM_ADMIN,)).is_global:
        raise PermissionDeniedError(_("Only system administrators change the health rules."))
    from passage.core import reference

    destination = destination.strip().upper()
    if destination != FALLBACK and not reference.is_country(destination):
        raise DomainError(_("Not an ISO 3166-1 alpha-3 country code."), field="destination_country")
    with transaction.atomic():
        rule = HealthRule.objects.select_for_update().filter(destination_country=destination).first()
        before = audit.snapshot(rule) if rule else None
        rule = rule or HealthRule(destination_country=destination)
        for name, value in data.model_dump().items():
            setattr(rule, name, [str(v) for v in value] if isinstance(value, list) else value)
        rule.updated_by = actor
        rule.save()
        audit.record(actor=actor, action="health.rule.save", obj=rule, before=before,
                     after=audit.snapshot(rule, exclude=("updated_at",)))
        persons = Person.objects.filter(memberships__left_on__isnull=True)
        if destination != FALLBACK:
            persons = persons.filter(memberships__case__destination_country=destination)
        person_ids = list(persons.filter(health_assessments__isnull=False).values_list("pk", flat=True).distinct())
        if len(person_ids) <= INLINE_RECOMPUTE:
            recompute_clearances(actor=actor, person_ids=person_ids)
        else:
            from passage.health.tasks import recompute_health_clearances

            transaction.on_commit(lambda: recompute_health_clearances.enqueue(person_ids))
    return rule


# --- The derived clearance -----------------------------------------------------------------------

def records_for(person_ids: Iterable[int], *, persons: Iterable[Person] = ()) -> dict[int, clearance.Records]:
    """The derivation's inputs for many persons in a fixed number of queries (`persons` already
    loaded are not read again)."""
    ids = list(person_ids)
    out = {p.pk: clearance.Records(date_of_birth=p.date_of_birth) for p in persons if p.pk in ids}
    missing = [pk for pk in ids if pk not in out]
    if missing:
        out.update({pk: clearance.Records(date_of_birth=dob)
                    for pk, dob in Person.objects.filter(pk__in=missing).values_list("pk", "date_of_birth")})
    for pk, kind, at, destination in Assessment.objects.filter(person_id__in=ids).order_by(
            "-performed_at", "-id").values_list("person_id", "kind", "performed_at", "destination_country"):
        out[pk].assessments.append((kind, at))
        if kind == Assessment.Kind.MIGRATION_HEALTH and out[pk].latest_mha is None:
            out[pk].latest_mha = (at, destination)
    for pk, on, reading in ChestXray.objects.filter(person_id__in=ids).order_by("-taken_on", "-id").values_list(
            "person_id", "taken_on", "reading"):
        out[pk].xrays.append((on, reading))
    for pk, test, on, result in LabTest.objects.filter(person_id__in=ids).order_by("-taken_on", "-id").values_list(
            "person_id", "test", "taken_on", "result"):
        out[pk].labs.append((test, on, result))
    for pk, on, value in TbClassification.objects.filter(person_id__in=ids).order_by(
            "-classified_on", "-id").values_list("person_id", "classified_on", "value"):
        out[pk].tb_classifications.append((on, value))
    for pk, vaccine in Vaccination.objects.filter(person_id__in=ids).values_list("person_id", "vaccine"):
        out[pk].vaccines.add(vaccine)
    for pk in Treatment.objects.filter(person_id__in=ids, ended_on__isnull=True).values_list("person_id", flat=True):
        out[pk].treatments_open += 1
    for pk, decision, until in FitnessDecision.objects.filter(person_id__in=ids).order_by(
            "person_id", "-decided_at", "-id").values_list("person_id", "decision", "not_fit_until"):
        if out[pk].fitness is None:
            out[pk].fitness = (decision, until)
    return out


_ONE_PERSON_SQL = " UNION ALL ".join(  # fixed table and column names; the person id is a parameter
    f"SELECT '{tag}', {code}, {day}, {value}, id FROM {table} WHERE person_id = %s{extra}"  # nosec B608
    for tag, code, day, value, table, extra in (
        ("a", "kind", "CAST(performed_at AS text)", "destination_country", "health_assessment", ""),
        ("x", "''", "CAST(taken_on AS text)", "reading", "health_chestxray", ""),
        ("l", "test", "CAST(taken_on AS text)", "result", "health_labtest", ""),
        ("t", "''", "CAST(classified_on AS text)", "value", "health_tbclassification", ""),
        ("v", "vaccine", "''", "''", "health_vaccination", ""),
        ("r", "''", "''", "''", "health_treatment", " AND ended_on IS NULL"),
        ("f", "decision", "CAST(decided_at AS text)", "CAST(not_fit_until AS text)", "health_fitnessdecision", ""),
    ))


def _moment(text: str) -> dt.datetime:
    value = dt.datetime.fromisoformat(text)  # "2026-11-26 14:00:00+00" (PostgreSQL), naive UTC (SQLite)
    return value if value.tzinfo else value.replace(tzinfo=dt.UTC)


def _newest_first(rows: list[tuple]) -> list[tuple]:
    return sorted(rows, key=lambda r: (r[1], r[3]), reverse=True)  # (day, id): the text of an ISO date sorts


def records_of(person: Person) -> clearance.Records:
    """records_for one person in one query (the record services' path, after every record): the
    seven tables read by one UNION ALL, encrypted values decrypted here. Gives what records_for
    gives (a test compares them)."""
    from django.db import connection

    from passage.core.crypto import decrypt

    rows: dict[str, list[tuple]] = defaultdict(list)
    with connection.cursor() as cursor:
        cursor.execute(_ONE_PERSON_SQL, [person.pk] * 7)
        for tag, code, day, value, pk in cursor.fetchall():
            rows[tag].append((code, day, value, pk))
    out = clearance.Records(date_of_birth=person.date_of_birth)
    for kind, at, destination, _pk in sorted(((k, _moment(d), v, pk) for k, d, v, pk in rows["a"]),
                                             key=lambda r: (r[1], r[3]), reverse=True):
        out.assessments.append((kind, at))
        if kind == Assessment.Kind.MIGRATION_HEALTH and out.latest_mha is None:
            out.latest_mha = (at, destination)
    for _code, day, reading, _pk in _newest_first(rows["x"]):
        out.xrays.append((dt.date.fromisoformat(day), decrypt(reading)))
    for test, day, result, _pk in _newest_first(rows["l"]):
        out.labs.append((test, dt.date.fromisoformat(day), decrypt(result)))
    for _code, day, value, _pk in _newest_first(rows["t"]):
        out.tb_classifications.append((dt.date.fromisoformat(day), decrypt(value)))
    out.vaccines = {code for code, _d, _v, _pk in rows["v"]}
    out.treatments_open = len(rows["r"])
    if rows["f"]:
        decision, _at, until, _pk = max(((c, _moment(d), u, pk) for c, d, u, pk in rows["f"]),
                                        key=lambda r: (r[1], r[3]))
        out.fitness = (decision, dt.date.fromisoformat(until) if until else None)
    return out


def recompute_clearances(*, actor: User | None, person_ids: list[int], today: dt.date | None = None,
                         batch: int = 500) -> dict[str, int]:
    """Derive and write the health clearance of each person (for a rule change, the nightly run and
    the benchmark); returns how many ended in each status."""
    today = today or timezone.now().date()
    rules: dict[str | None, clearance.Rule] = {}
    counts: dict[str, int] = defaultdict(int)
    for start in range(0, len(person_ids), batch):
        chunk = person_ids[start:start + batch]
        records = records_for(chunk)
        destinations = dict(CaseMember.objects.filter(person_id__in=chunk, left_on__isnull=True)
                            .order_by("-id").values_list("person_id", "case__destination_country"))
        persons = Person.objects.in_bulk(chunk)
        with transaction.atomic():
            for pk in chunk:
                destination = destinations.get(pk)
                if destination not in rules:
                    rules[destination] = rule_for(destination)
                outcome = clearance.derive(rules[destination], records[pk], today=today)
                set_derived_clearance(actor=actor, person=persons[pk], kind="health", status=outcome.status,
                                      valid_from=outcome.valid_from, valid_until=outcome.valid_until,
                                      reason=outcome.reason)
                counts[outcome.status] += 1
    return dict(counts)


def recompute_clearance(*, actor: User | None, person: Person, today: dt.date | None = None,
                        destination: str | None | object = UNKNOWN, morbidity: bool = False) -> clearance.Outcome:
    """Derive the person's health clearance from the rule of their destination (the destination of
    their current case, looked up unless the caller already did) and write it; with `morbidity`,
    bring the morbidity summary in step with the same records too."""
    today = today or timezone.now().date()
    if destination is UNKNOWN:
        destination = _destination_of(person)
    if morbidity:
        # Writers of one person's counted records take turns from here, so each reads the records
        # the one before it committed and the morbidity counts never lose a record.
        Person.objects.select_for_update().filter(pk=person.pk).values_list("pk").first()
    records = {person.pk: records_of(person)}
    outcome = clearance.derive(rule_for(destination), records[person.pk], today=today)
    if morbidity:
        from passage.health import morbidity as summary

        summary.refresh(person, records[person.pk])
    set_derived_clearance(actor=actor, person=person, kind="health", status=outcome.status,
                          valid_from=outcome.valid_from, valid_until=outcome.valid_until, reason=outcome.reason)
    return outcome
