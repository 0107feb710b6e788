"""Recording health data through the services: the derived clearance, bad input, roles, audit."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from passage.core.errors import DomainError, PermissionDeniedError
from passage.core.models import AuditEvent
from passage.health import services
from passage.health.models import Assessment, LabTest
from passage.health.schemas import AssessmentIn, FitnessIn, VaccinationIn
from passage.health.tests.conftest import record_complete
from passage.registry.models import Clearance

pytestmark = pytest.mark.django_db


def health_clearance(person):
    return Clearance.objects.get(person=person, kind="health")


def test_a_complete_record_grants_the_health_clearance_for_the_assessments_validity(world, medical_a, person_a):
    recorded = record_complete(medical_a, person_a)
    clearance = health_clearance(person_a)
    assessed_on = (timezone.now() - dt.timedelta(days=3)).date()
    assert recorded.clearance.status == clearance.status == "granted"
    assert clearance.valid_from == assessed_on
    assert clearance.valid_until == assessed_on + dt.timedelta(days=180)  # the USA rule
    assert clearance.case == world.case_a


def test_each_record_recomputes_the_clearance_with_a_reason(world, medical_a, person_a):
    recorded = services.record_assessment(actor=medical_a, person=person_a, data=AssessmentIn(
        kind="mha", performed_at=timezone.now(), clinic="Nairobi MHAC", physician="Dr. Otieno"))
    assert health_clearance(person_a).reason == "Chest X-ray missing (required from age 15 for USA)"
    assert recorded.clearance.status == "pending"
    record_complete(medical_a, person_a, fitness=FitnessIn(decision="not_fit", not_fit_until=dt.date(2099, 1, 10)))
    clearance = health_clearance(person_a)
    assert (clearance.status, clearance.reason) == ("refused", "Not fit to travel until 2099-01-10")


def test_clinical_text_is_encrypted_at_rest_and_the_audit_keeps_no_diagnosis(world, medical_a, person_a):
    from django.db import connection

    record_complete(medical_a, person_a)
    with connection.cursor() as cursor:
        cursor.execute("SELECT history, vitals FROM health_assessment")
        history, vitals = cursor.fetchone()
        cursor.execute("SELECT reading FROM health_chestxray")
        (reading,) = cursor.fetchone()
        cursor.execute("SELECT result FROM health_labtest")
        (result,) = cursor.fetchone()
    assert all(v.startswith("enc1:") for v in (history, vitals, reading, result))
    assert Assessment.objects.get().history == "Asthma as a child"
    events = AuditEvent.objects.filter(action__startswith="health.")
    assert {"health.assessment.record", "health.chest_xray.record", "health.lab_test.record",
            "health.vaccination.record", "health.fitness.record"} <= set(events.values_list("action", flat=True))
    assert not any("Asthma" in str(e.after) or "normal" in str(e.after) for e in events)


def test_rotate_field_keys_covers_the_health_fields(world, medical_a, person_a, settings):
    from cryptography.fernet import Fernet
    from django.core.management import call_command

    from passage.core import crypto

    fields = {(model._meta.label_lower, name) for model, name in crypto.encrypted_fields()}
    assert {("health.assessment", "history"), ("health.chestxray", "reading"), ("health.labtest", "result"),
            ("health.tbclassification", "value"), ("health.treatment", "condition"),
            ("health.fitnessdecision", "note")} <= fields
    record_complete(medical_a, person_a)
    settings.PASSAGE_FIELD_KEYS = [Fernet.generate_key().decode(), *crypto.field_keys()]
    call_command("rotate_field_keys")
    settings.PASSAGE_FIELD_KEYS = settings.PASSAGE_FIELD_KEYS[:1]  # only the new key left
    assert Assessment.objects.get().history == "Asthma as a child"
    assert LabTest.objects.get().result == "negative"


@pytest.mark.parametrize(("service", "data", "field"), [
    (services.record_vaccination, VaccinationIn(vaccine="mmr", given_on=dt.date(1985, 1, 1)), "given_on"),
    (services.decide_fitness, FitnessIn(decision="not_fit"), "not_fit_until"),
    (services.decide_fitness, FitnessIn(decision="fit_with_requirements"), "requirements"),
    (services.decide_fitness, FitnessIn(decision="fit", requirements=["wchr"]), "requirements"),
])
def test_bad_input_is_refused_with_the_field_named(world, medical_a, person_a, service, data, field):
    with pytest.raises(DomainError) as refused:
        service(actor=medical_a, person=person_a, data=data)
    assert refused.value.field == field


def test_only_medical_officers_of_the_persons_office_record(world, medical_b, person_a):
    for actor in (world.caseworker_a, medical_b):
        with pytest.raises(PermissionDeniedError):
            services.record_vaccination(actor=actor, person=person_a,
                                        data=VaccinationIn(vaccine="mmr", given_on=dt.date(2020, 1, 1)))


def test_pre_embarkation_check_without_a_booking_is_accepted_with_a_notice(world, medical_a, person_a):
    recorded = services.record_assessment(actor=medical_a, person=person_a, data=AssessmentIn(
        kind="pec", performed_at=timezone.now(), clinic="Airport clinic", physician="Dr. Otieno"))
    assert "No booked departure" in recorded.notice


def test_assistance_codes_come_from_the_current_fitness_decision(world, medical_a, person_a):
    from passage.health.selectors import assistance_codes

    record_complete(medical_a, person_a, fitness=FitnessIn(decision="fit_with_requirements",
                                                           requirements=["wchc", "oxygen", "ambulance_arrival"]))
    other = world.case_a.members.order_by("id")[1].person
    assert assistance_codes([person_a.pk, other.pk]) == {person_a.pk: ["OXYG", "WCHC"], other.pk: []}
    services.decide_fitness(actor=medical_a, person=person_a, data=FitnessIn(decision="fit"))
    assert assistance_codes([person_a.pk]) == {person_a.pk: []}


def test_the_daily_recompute_notices_an_expired_assessment(world, medical_a, person_a):
    from django.core.management import call_command

    record_complete(medical_a, person_a, days_ago=200)  # the USA rule keeps an assessment 180 days
    Clearance.objects.filter(person=person_a, kind="health").update(status="granted")
    call_command("recompute_health_clearances", destination="usa")
    clearance = health_clearance(person_a)
    assert clearance.status == "pending" and clearance.reason.startswith("Migration health assessment expired on")
