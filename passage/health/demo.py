"""Health data of the demo world: about two thirds of the persons in the seeded cases have been
through a migration health assessment, most with X-ray, laboratory tests, vaccinations and a
fitness decision, so the demo shows cleared, pending and not-fit persons side by side.

Rows are bulk-created (seed_demo builds 100,000 cases for the benchmarks) and the derived health
clearances are computed with the same pure rule as the services (clearance.derive) and
bulk-created in the same transaction; the demo.seed audit row covers them."""

from __future__ import annotations

import datetime as dt

from passage.demo.extensions import DemoContext
from passage.health import clearance, morbidity
from passage.health.models import (
    Assessment,
    ChestXray,
    Consent,
    FitnessDecision,
    LabTest,
    TbClassification,
    Vaccination,
)
from passage.health.services import records_for, rule_for
from passage.registry.models import CaseMember, Clearance

MAX_CASES = 5_000  # health for the first 5,000 new cases is a realistic demo and keeps seeding fast
CLINICS = ("Nairobi Migration Health Assessment Centre", "Kakuma Health Assessment Clinic",
           "Dadaab Panel Physician Clinic", "Amman Migration Health Assessment Centre")
PHYSICIANS = ("Dr. Achieng Otieno", "Dr. Samuel Mwangi", "Dr. Layla Haddad", "Dr. Omar Nasser")


def _at(as_of: dt.date, days_ago: int, hour: int) -> dt.datetime:
    return dt.datetime.combine(as_of - dt.timedelta(days=days_ago), dt.time(hour, 0), tzinfo=dt.UTC)


def seed_health(ctx: DemoContext) -> dict:
    rng = ctx.rng
    members = list(CaseMember.objects.filter(case_id__in=ctx.case_ids[:MAX_CASES], left_on__isnull=True)
                   .values_list("person_id", "person__date_of_birth", "case_id", "case__destination_country")
                   .order_by("case_id", "id"))
    rules: dict[str, clearance.Rule] = {}
    rows: dict[type, list] = {m: [] for m in (Assessment, ChestXray, LabTest, TbClassification, Vaccination,
                                              FitnessDecision, Consent)}
    assessed: list[tuple[int, int, str]] = []
    seen: set[int] = set()
    # A family goes to the clinic together: three cases in four are assessed, all members the same day.
    visits: dict[int, int | None] = {}
    for person_id, born, case_id, destination in members:
        if case_id not in visits:
            visits[case_id] = rng.randint(5, 200) if rng.random() < 0.75 else None
        days_ago = visits[case_id]
        if person_id in seen or days_ago is None:
            continue
        seen.add(person_id)
        if destination not in rules:
            rules[destination] = rule_for(destination)
        rule = rules[destination]
        at = _at(ctx.as_of, days_ago, rng.randint(8, 15))
        clinic_index = rng.randrange(len(CLINICS))
        rows[Assessment].append(Assessment(
            person_id=person_id, kind="mha", performed_at=at, clinic=CLINICS[clinic_index],
            physician=PHYSICIANS[clinic_index], destination_country=destination,
            vitals=f"BP {rng.randint(105, 135)}/{rng.randint(65, 88)}, pulse {rng.randint(60, 95)}"))
        assessed.append((person_id, case_id, destination))
        age = clearance.age_on(born, at.date())
        complete = rng.random() < 0.95  # the rest still wait for an X-ray, a test or a vaccine
        if age >= rule.chest_xray_min_age and (complete or rng.random() < 0.5):
            reading = rng.choices(("normal", "suggestive_tb", "other_abnormality"), (92, 3, 5))[0]
            rows[ChestXray].append(ChestXray(person_id=person_id, taken_on=at.date(), reading=reading,
                                             radiologist="Dr. Peter Kamau"))
            if reading == "suggestive_tb":
                positive = rng.random() < 0.3
                for test in ("sputum_smear", "sputum_culture"):
                    rows[LabTest].append(LabTest(person_id=person_id, test=test, taken_on=at.date(),
                                                 result="positive" if positive else "negative",
                                                 result_on=at.date() + dt.timedelta(days=3)))
                rows[TbClassification].append(TbClassification(
                    person_id=person_id, classified_on=at.date() + dt.timedelta(days=3),
                    value="active" if positive else "class_b", destination_country=destination))
        for test in rule.required_labs:
            if complete or rng.random() < 0.5:
                rows[LabTest].append(LabTest(person_id=person_id, test=test, taken_on=at.date(), result="negative",
                                             result_on=at.date() + dt.timedelta(days=2)))
        for vaccine in rule.required_vaccines:
            if (complete or rng.random() < 0.5) and born <= at.date():
                rows[Vaccination].append(Vaccination(person_id=person_id, vaccine=vaccine, dose=1,
                                                     given_on=at.date(), lot=f"L{rng.randint(10000, 99999)}"))
        if rng.random() < 0.97:
            decision = rng.choices(("fit", "fit_with_requirements", "not_fit", "deferred"), (90, 6, 2, 2))[0]
            requirements = []
            if decision == "fit_with_requirements":
                requirements = [rng.choice(("wchr", "wchs", "wchc", "oxygen", "stcr", "medical_escort"))]
            until = ctx.as_of + dt.timedelta(days=rng.randint(14, 90)) if decision == "not_fit" else None
            rows[FitnessDecision].append(FitnessDecision(
                person_id=person_id, decided_at=at + dt.timedelta(hours=2), decision=decision, not_fit_until=until,
                requirements=requirements))
        if rng.random() < 0.7:
            rows[Consent].append(Consent(person_id=person_id, purpose="health_authority", given_on=at.date()))
    for model, objs in rows.items():
        model.objects.bulk_create(objs, batch_size=2000)
    clearances = _clearances(assessed, rules, ctx.as_of)
    morbidity.rebuild()  # the rows were bulk-created, past the services that keep the summary current
    return {"health_assessments": len(rows[Assessment]), "vaccinations": len(rows[Vaccination]),
            "health_cleared": sum(1 for c in clearances if c.status == "granted"),
            "health_not_fit": sum(1 for c in clearances if c.status == "refused")}


def _clearances(assessed: list[tuple[int, int, str]], rules: dict[str, clearance.Rule], as_of: dt.date) -> list:
    objs = []
    for start in range(0, len(assessed), 2000):
        chunk = assessed[start:start + 2000]
        records = records_for([pk for pk, _case, _dest in chunk])
        for person_id, case_id, destination in chunk:
            outcome = clearance.derive(rules[destination], records[person_id], today=as_of)
            objs.append(Clearance(case_id=case_id, person_id=person_id, kind="health", status=outcome.status,
                                  valid_from=outcome.valid_from, valid_until=outcome.valid_until,
                                  reason=outcome.reason[:300]))
    Clearance.objects.bulk_create(objs, batch_size=2000)
    return objs
