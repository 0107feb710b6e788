"""The manifest carries the assistance codes a medical officer's fitness decision requires, and the
health module's booked departure comes from the movements a person is booked on."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from passage.health import departures
from passage.health import services as health
from passage.health.schemas import FitnessIn
from passage.movements import manifests


@pytest.mark.django_db
def test_fitness_requirements_reach_the_manifest(world, medical_a, make_leg, held):
    leg = make_leg("NBO", "JFK", "ET", "9101", dep="01:00", arr="08:00", seats=40)
    held(world.case_a, [leg])
    person = world.case_a.members.first().person
    before = {row.person_id: row.assistance for row in manifests.build(leg).rows}
    assert "WCHC" not in before[person.pk]
    health.decide_fitness(actor=medical_a, person=person,
                          data=FitnessIn(decision="fit_with_requirements", requirements=["wchc"]))
    after = {row.person_id: row.assistance for row in manifests.build(leg).rows}
    assert "WCHC" in after[person.pk]
    others = [pk for pk in after if pk != person.pk]
    assert all("WCHC" not in after[pk] for pk in others)


@pytest.mark.django_db
def test_the_health_module_sees_the_booked_departure(world, make_leg, held):
    person = world.case_a.members.first().person
    assert departures.booked_departure(person) is None
    day = timezone.localdate() + dt.timedelta(days=3)
    leg = make_leg("NBO", "JFK", "ET", "9102", dep="06:00", arr="14:00", day=day, seats=40)
    held(world.case_a, [leg])
    assert departures.booked_departure(person) == leg.scheduled_departure


@pytest.mark.django_db
def test_a_pre_embarkation_check_outside_the_window_of_the_booked_departure_is_refused(world, medical_a, make_leg,
                                                                                       held):
    from passage.core.errors import DomainError
    from passage.health.schemas import AssessmentIn

    person = world.case_a.members.first().person
    leg = make_leg("NBO", "JFK", "ET", "9103", dep="06:00", arr="14:00",
                   day=timezone.localdate() + dt.timedelta(days=5), seats=40)
    held(world.case_a, [leg])
    with pytest.raises(DomainError) as refused:
        health.record_assessment(actor=medical_a, person=person, data=AssessmentIn(
            kind="pec", performed_at=timezone.now(), clinic="Airport clinic", physician="Dr. Otieno"))
    assert refused.value.field == "performed_at" and "72 hours" in refused.value.message
    inside = health.record_assessment(actor=medical_a, person=person, data=AssessmentIn(
        kind="pec", performed_at=leg.scheduled_departure - dt.timedelta(hours=30), clinic="Airport clinic",
        physician="Dr. Otieno"))
    assert inside.notice == ""
