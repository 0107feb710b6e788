"""Health fixtures: medical officers in office A and B, and a way to record a complete assessment."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from passage.core.models import Role
from passage.core.tests.factories import UserFactory
from passage.health import services
from passage.health.schemas import AssessmentIn, ChestXrayIn, FitnessIn, LabTestIn, VaccinationIn


@pytest.fixture
def medical_a(world):
    return UserFactory(username="med_a", roles=[(world.office_a, Role.MEDICAL_OFFICER)])


@pytest.fixture
def medical_b(world):
    return UserFactory(username="med_b", roles=[(world.office_b, Role.MEDICAL_OFFICER)])


@pytest.fixture
def person_a(world):
    return world.case_a.members.order_by("id").first().person


def record_complete(actor, person, *, fitness: FitnessIn | None = None, days_ago: int = 3) -> services.Recorded:
    """Everything the USA rule asks of an adult, then the fitness decision."""
    at = timezone.now() - dt.timedelta(days=days_ago)
    services.record_assessment(actor=actor, person=person, data=AssessmentIn(
        kind="mha", performed_at=at, clinic="Nairobi MHAC", physician="Dr. Otieno", history="Asthma as a child",
        vitals="BP 120/80"))
    services.record_chest_xray(actor=actor, person=person, data=ChestXrayIn(taken_on=at.date(), reading="normal"))
    services.record_lab_test(actor=actor, person=person, data=LabTestIn(
        test="syphilis", taken_on=at.date(), result="negative", result_on=at.date()))
    for vaccine in ("mmr", "ipv", "dtp", "hepb"):
        services.record_vaccination(actor=actor, person=person, data=VaccinationIn(vaccine=vaccine, given_on=at.date()))
    return services.decide_fitness(actor=actor, person=person, data=fitness or FitnessIn(decision="fit"))
