"""The health clearance follows the registry: a corrected date of birth, a new destination or a
change of case recomputes it in the same transaction, audited as the user who made the change."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import transaction
from django.utils import timezone

from passage.core.models import AuditEvent
from passage.health import services
from passage.health.schemas import AssessmentIn, ChestXrayIn, FitnessIn, LabTestIn, VaccinationIn
from passage.health.tests.conftest import record_complete
from passage.readiness.models import ReadinessState
from passage.registry import services as registry
from passage.registry.models import Clearance, Person
from passage.registry.schemas import CasePatch

pytestmark = pytest.mark.django_db


def years_ago(years: int, days: int = 0) -> dt.date:
    today = timezone.now().date()
    return today.replace(year=today.year - years) - dt.timedelta(days=days)


def members(world):
    """The principal applicant and the two children of case A, with believable dates of birth."""
    principal, first, second = [m.person for m in world.case_a.members.select_related("person").order_by("id")]
    Person.objects.filter(pk=principal.pk).update(date_of_birth=dt.date(1980, 5, 1))
    for child in (first, second):
        Person.objects.filter(pk=child.pk).update(date_of_birth=years_ago(10))
        child.refresh_from_db()
    principal.refresh_from_db()
    return principal, first, second


def record_without_xray(actor, person) -> None:
    """What the USA asks of a child under 15: assessment, syphilis test, vaccines, fitness."""
    at = timezone.now() - dt.timedelta(days=2)
    services.record_assessment(actor=actor, person=person, data=AssessmentIn(
        kind="mha", performed_at=at, clinic="Nairobi MHAC", physician="Dr. Otieno"))
    services.record_lab_test(actor=actor, person=person, data=LabTestIn(
        test="syphilis", taken_on=at.date(), result="negative", result_on=at.date()))
    for vaccine in ("mmr", "ipv", "dtp", "hepb"):
        services.record_vaccination(actor=actor, person=person, data=VaccinationIn(vaccine=vaccine, given_on=at.date()))
    services.decide_fitness(actor=actor, person=person, data=FitnessIn(decision="fit"))


def health(person, case=None) -> Clearance:
    return Clearance.objects.get(person=person, kind="health", **({"case": case} if case else {}))


def test_a_corrected_date_of_birth_above_the_xray_age_makes_the_xray_required(world, medical_a):
    _principal, child, _ = members(world)
    registry.update_person(actor=world.caseworker_a, person=child, changes={"date_of_birth": years_ago(14)})
    record_without_xray(medical_a, child)
    assert health(child).status == "granted"  # 14 at the assessment: no chest X-ray for the USA
    readiness = ReadinessState.objects.get(case=world.case_a)
    assert not any(b["kind"] == "health" and b["person_id"] == child.pk for b in readiness.blockers)

    registry.update_person(actor=world.caseworker_a, person=child, changes={"date_of_birth": years_ago(16)})
    clearance = health(child)
    assert (clearance.status, clearance.reason) == ("pending", "Chest X-ray missing (required from age 15 for USA)")
    derived = AuditEvent.objects.filter(action="clearance.derive", object_id=str(clearance.pk)).latest("id")
    assert derived.actor == world.caseworker_a, "the clearance change is the caseworker's, like the correction"

    readiness = ReadinessState.objects.get(case=world.case_a)
    assert any(b["kind"] == "health" and b["person_id"] == child.pk for b in readiness.blockers), \
        "the readiness engine already reads the new health clearance"

    services.record_chest_xray(actor=medical_a, person=child, data=ChestXrayIn(
        taken_on=timezone.now().date(), reading="normal"))
    registry.update_person(actor=world.caseworker_a, person=child, changes={"date_of_birth": years_ago(13)})
    assert health(child).status == "granted"


def test_a_date_of_birth_corrected_at_the_xray_age_edge(world, medical_a):
    _principal, child, _ = members(world)
    record_without_xray(medical_a, child)
    assessed_on = (timezone.now() - dt.timedelta(days=2)).date()
    fifteen_on_assessment_day = assessed_on.replace(year=assessed_on.year - 15)
    registry.update_person(actor=world.caseworker_a, person=child,
                           changes={"date_of_birth": fifteen_on_assessment_day + dt.timedelta(days=1)})
    assert health(child).status == "granted", "a day short of 15 at the assessment"
    registry.update_person(actor=world.caseworker_a, person=child, changes={"date_of_birth": fifteen_on_assessment_day})
    assert health(child).reason == "Chest X-ray missing (required from age 15 for USA)"


def test_a_destination_change_switches_the_rule(world, medical_a, person_a):
    record_complete(medical_a, person_a)
    assert health(person_a).status == "granted"
    registry.update_case(actor=world.caseworker_a, case=world.case_a, data=CasePatch(destination_country="CAN"))
    clearance = health(person_a)
    assert (clearance.status, clearance.reason) == ("pending", "Laboratory test missing: HIV (required for CAN)")
    registry.update_case(actor=world.caseworker_a, case=world.case_a, data=CasePatch(destination_country="USA"))
    clearance = health(person_a)
    assert clearance.status == "granted"
    assert clearance.valid_until == clearance.valid_from + dt.timedelta(days=180)  # the USA validity again


def test_joining_another_case_derives_the_clearance_there_by_its_destination(world, medical_a):
    _principal, _first, child = members(world)
    record_without_xray(medical_a, child)
    assert health(child, world.case_a).status == "granted"
    registry.remove_member(actor=world.caseworker_a, case=world.case_a, person=child, reason="Moves to an uncle")
    assert not Clearance.objects.filter(person=child, kind="health", case=world.case_sub).exists()
    Person.objects.filter(pk=world.case_sub.members.get().person_id).update(date_of_birth=dt.date(1975, 1, 1))
    registry.add_member(actor=world.caseworker_a, case=world.case_sub, relationship="child", reason="Joins uncle",
                        person=child)
    joined = health(child, world.case_sub)
    assert (joined.status, joined.reason) == ("pending", "Laboratory test missing: HIV (required for CAN)")


def test_a_person_the_clinic_has_not_seen_gets_no_health_clearance_from_a_registry_change(world):
    _principal, child, _ = members(world)
    registry.update_person(actor=world.caseworker_a, person=child, changes={"date_of_birth": years_ago(16)})
    registry.update_case(actor=world.caseworker_a, case=world.case_a, data=CasePatch(destination_country="CAN"))
    assert not Clearance.objects.filter(kind="health").exists()


def test_the_recompute_is_part_of_the_registry_write(world, medical_a, person_a):
    """A registry write that fails after the signal leaves the health clearance as it was."""
    record_complete(medical_a, person_a)
    with pytest.raises(RuntimeError), transaction.atomic():
        registry.update_case(actor=world.caseworker_a, case=world.case_a, data=CasePatch(destination_country="CAN"))
        assert health(person_a).status == "pending"
        raise RuntimeError("the write fails later")
    assert health(person_a).status == "granted"
