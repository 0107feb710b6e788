"""The demo world's movements: bookings of a share of the demo cases, past journeys complete with
their events, seats never exceeded, one active booking per person."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db.models import Count, F, Q

from passage.demo.seeding import seed_demo
from passage.movements.models import Booking, BookingPassenger, Charter, Leg, MovementEvent


@pytest.mark.django_db
def test_demo_seeds_flights_bookings_and_events():
    result = seed_demo(cases=300, seed=7, as_of=dt.date(2026, 11, 27))
    counts = result.extras["movements"]
    assert counts["bookings"] > 20 and counts["legs"] > 10 and counts["movement_events"] > 50
    assert Booking.objects.filter(status="arrived").exists() and Booking.objects.filter(status="held").exists()
    assert Charter.objects.exists()
    # Chartered aircraft come with their cabin's seat layout, so their flight pages show a seat map.
    # (The statistics history's own charters are counts only and have none.)
    from passage.movements.demo import CABINS

    assert not Leg.objects.filter(charter__aircraft__in=list(CABINS), seat_rows=0).exists()
    assert Leg.objects.filter(charter__aircraft__in=list(CABINS), seat_rows__gt=0).exists()
    over = Leg.objects.annotate(n=Count("passenger_legs", filter=Q(passenger_legs__holds_seat=True))).filter(
        n__gt=F("seats"))
    assert not over.exists()
    assert not BookingPassenger.objects.filter(active=True).values("person").annotate(n=Count("id")).filter(
        n__gt=1).exists()
    # Movements' own demo journeys carry their events (the statistics history is counts only).
    arrived = Booking.objects.filter(status="arrived", movement_events__isnull=False).first()
    kinds = set(MovementEvent.objects.filter(booking=arrived).values_list("kind", flat=True))
    assert {"checked_in", "departed", "arrived", "handed_over"} <= kinds
    assert not Leg.objects.filter(scheduled_arrival__lte=F("scheduled_departure")).exists()
