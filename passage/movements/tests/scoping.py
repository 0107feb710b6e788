"""Objects of office B for the scoping walk (passage/core/tests/test_scoping.py): a leg between
Jordan and Turkey, its seat block and escort, a charter managed by office B, a booking of office
B's case, and a webhook of office B with a failed delivery. Written directly, as the walk test
needs no users with movement roles."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.utils import timezone

from passage.movements.models import (
    Booking,
    BookingPassenger,
    Charter,
    Escort,
    Itinerary,
    Leg,
    PassengerLeg,
    SeatBlock,
    Webhook,
    WebhookDelivery,
)


def objects_of_office_b(world) -> dict[str, int]:
    start = timezone.now() + dt.timedelta(days=3)
    charter = Charter.objects.create(office=world.office_b, operator="Op", aircraft="A320", seats=180,
                                     cost=Decimal("1"), currency="USD")
    leg = Leg.objects.create(office=world.office_b, number="163", departure_airport="AMM", arrival_airport="IST",
                             departure_country="JOR", arrival_country="TUR", scheduled_departure=start,
                             scheduled_arrival=start + dt.timedelta(hours=3), departure_date=start.date(),
                             arrival_date=start.date(), seats=10, charter=charter)
    itinerary = Itinerary.objects.create(office=world.office_b)
    booking = Booking.objects.create(case=world.case_b, office=world.office_b, itinerary=itinerary,
                                     departs_at=leg.scheduled_departure, arrives_at=leg.scheduled_arrival,
                                     departure_date=leg.departure_date, origin_country="JOR",
                                     destination_country="USA")
    person = world.case_b.members.first().person
    passenger = BookingPassenger.objects.create(booking=booking, person=person)
    passenger_leg = PassengerLeg.objects.create(passenger=passenger, booking=booking, person=person, leg=leg,
                                                position=0)
    webhook = Webhook.objects.create(partner_country="USA", url="https://b.example.org/hook", secret="b" * 20,
                                     kinds=["arrived"], office=world.office_b)
    delivery = WebhookDelivery.objects.create(webhook=webhook, kind="arrived", payload={}, status="failed")
    return {
        "webhook_id": webhook.pk,
        "delivery_id": delivery.pk,
        "leg_id": leg.pk,
        "charter_id": charter.pk,
        "booking_id": booking.pk,
        "passenger_leg_id": passenger_leg.pk,
        "seat_block_id": SeatBlock.objects.create(leg=leg, seats_held=5, deadline=start).pk,
        "escort_id": Escort.objects.create(leg=leg, kind="operational", name="E", office=world.office_b).pk,
    }
