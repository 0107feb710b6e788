"""Parallel bookings on PostgreSQL: however many officers book at once, a leg is never oversold
and a person never holds two active bookings."""

from __future__ import annotations

import pytest
from django.db import connection

from passage.core.errors import ConflictError
from passage.core.models import Role
from passage.core.tests.factories import CaseFactory, UserFactory
from passage.core.tests.parallel import run_in_parallel
from passage.movements import services
from passage.movements.models import PassengerLeg


@pytest.mark.django_db(transaction=True)
def test_parallel_bookings_never_exceed_a_legs_seats(airlines, world, staff, make_leg):
    if connection.vendor != "postgresql":
        pytest.skip("real parallel transactions need PostgreSQL (SQLite serialises writers)")
    leg = make_leg("NBO", "AMM", seats=7)
    cases = [CaseFactory(office=world.office_a, members=2) for _ in range(8)]  # 16 people for 7 seats
    results = run_in_parallel(8, lambda i: services.book_case(actor=staff.mo_a, case=cases[i], data=services.BookingInput(
        leg_ids=[leg.pk])))
    booked = [r for r in results if not isinstance(r, Exception)]
    refused = [r for r in results if isinstance(r, Exception)]
    assert len(booked) == 3 and len(refused) == 5, results
    assert all(isinstance(r, ConflictError) and r.field == "leg_ids.0" for r in refused)
    assert PassengerLeg.objects.filter(leg=leg, holds_seat=True).count() == 6


@pytest.mark.django_db(transaction=True)
def test_two_officers_booking_one_family_at_once_cannot_both_win(airlines, world, staff, make_leg):
    if connection.vendor != "postgresql":
        pytest.skip("real parallel transactions need PostgreSQL (SQLite serialises writers)")
    first = make_leg("NBO", "AMM", seats=10)
    second = make_leg("NBO", "AMM", "RJ", "300", seats=10)
    other = UserFactory(roles=[(world.office_a, Role.MOVEMENT_OFFICER)])
    actors, legs = [staff.mo_a, other], [first, second]
    results = run_in_parallel(2, lambda i: services.book_case(actor=actors[i], case=world.case_a,
                                                        data=services.BookingInput(leg_ids=[legs[i].pk])))
    errors = [r for r in results if isinstance(r, Exception)]
    assert len(errors) == 1 and isinstance(errors[0], ConflictError) and errors[0].field == "person_ids"
    assert PassengerLeg.objects.filter(holds_seat=True).count() == 3
