"""Confirming a booking asks the readiness engine whether the case's clearances cover the travel
dates and the transits; a supervisor may override, with a reason that is audited."""

from __future__ import annotations

import datetime as dt

import pytest

from passage.core.errors import DomainError, PermissionDeniedError
from passage.core.models import AuditEvent
from passage.movements import services
from passage.movements.tests.conftest import local_day
from passage.movements.tests.readiness import grant_everything
from passage.registry.models import Clearance


def test_a_ready_case_is_confirmed_without_override(world, staff, make_leg, held):
    grant_everything(world.case_a)
    booking = held(world.case_a, [make_leg("NBO", "JFK", "ET", "9001", dep="01:00", arr="08:00")])
    services.confirm_booking(actor=staff.mo_a, booking=booking)
    booking.refresh_from_db()
    assert booking.status == "confirmed" and booking.override_reason == ""
    assert not AuditEvent.objects.filter(action="booking.readiness_override").exists()


def test_a_case_that_is_not_ready_is_refused_with_what_is_missing(world, staff, make_leg, held):
    booking = held(world.case_a, [make_leg("NBO", "JFK", "ET", "9001", dep="01:00", arr="08:00")])
    with pytest.raises(DomainError) as exc:
        services.confirm_booking(actor=staff.mo_a, booking=booking)
    assert exc.value.field == "readiness" and "not ready" in exc.value.message
    booking.refresh_from_db()
    assert booking.status == "held"
    with pytest.raises(PermissionDeniedError) as exc:
        services.confirm_booking(actor=staff.mo_a, booking=booking, override_reason="Urgent")
    assert exc.value.field == "override_reason"


def test_a_window_that_closes_before_travel_is_refused(world, staff, make_leg, held):
    grant_everything(world.case_a)
    Clearance.objects.filter(case=world.case_a, kind="visa").update(valid_until=local_day(1))
    booking = held(world.case_a, [make_leg("NBO", "JFK", "ET", "9001", dep="01:00", arr="08:00",
                                          day=local_day(5))])
    with pytest.raises(DomainError) as exc:
        services.confirm_booking(actor=staff.mo_a, booking=booking)
    assert exc.value.field == "readiness"


def test_a_transit_country_needs_its_waiver(world, staff, make_leg, held):
    grant_everything(world.case_a)
    day = local_day()
    legs = [make_leg("NBO", "IST", "TK", "608", dep="02:00", arr="07:30", day=day),
            make_leg("IST", "JFK", "TK", "1", dep="10:00", arr="14:00", day=day)]
    booking = held(world.case_a, legs)
    with pytest.raises(DomainError) as exc:
        services.confirm_booking(actor=staff.mo_a, booking=booking)
    assert exc.value.field == "readiness" and "TUR" in exc.value.message
    people = [m.person for m in world.case_a.members.all()]
    for person in people:
        Clearance.objects.create(case=world.case_a, person=person, kind="transit_waiver", transit_country="TUR",
                                 status="granted", valid_from=day - dt.timedelta(days=10),
                                 valid_until=day + dt.timedelta(days=30))
    from django.db import transaction

    from passage.registry.signals import inputs_changed

    with transaction.atomic():
        inputs_changed([world.case_a.pk])
    services.confirm_booking(actor=staff.mo_a, booking=booking)
    booking.refresh_from_db()
    assert booking.status == "confirmed"
