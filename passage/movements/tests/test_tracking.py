"""Movement events: a family checked in, departing, through transit, arriving and handed over;
statuses derived from the events; events out of order refused; any office on the route records."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from passage.core.errors import DomainError, PermissionDeniedError
from passage.core.models import AuditEvent
from passage.movements import tracking
from passage.movements.models import MovementEvent, PassengerLeg


@pytest.fixture
def journey(world, leg_from_now):
    # Departing within the hour, so that events may be recorded "now".
    first = leg_from_now("NBO", "DOH", "QR", "1342", departs_in=dt.timedelta(minutes=30),
                         arrives_in=dt.timedelta(hours=5))
    second = leg_from_now("DOH", "JFK", "QR", "701", departs_in=dt.timedelta(hours=7),
                          arrives_in=dt.timedelta(hours=21))
    return first, second


def _at(minutes: int) -> dt.datetime:
    return timezone.now() - dt.timedelta(minutes=minutes)


def test_a_family_travels_through_transit_to_hand_over(world, staff, journey, ticketed):
    first, second = journey
    booking = ticketed(world.case_a, [first, second])
    tracking.record_events(actor=staff.mo_a, booking=booking, leg=first, kind="checked_in", at=_at(50), place="NBO")
    booking.refresh_from_db()
    assert booking.status == "checked_in"
    tracking.record_events(actor=staff.mo_a, booking=booking, leg=first, kind="departed", at=_at(40))
    booking.refresh_from_db()
    first.refresh_from_db()
    assert booking.status == "departed" and first.status == "departed"
    assert abs(first.actual_departure - _at(40)) < dt.timedelta(minutes=1)
    tracking.record_events(actor=staff.mo_a, booking=booking, leg=first, kind="arrived_transit", at=_at(30))
    tracking.record_events(actor=staff.mo_a, booking=booking, leg=second, kind="departed_transit", at=_at(20))
    # The office at the destination records the arrival: it is on the route.
    events = tracking.record_events(actor=staff.mo_usa, booking=booking, leg=second, kind="arrived", at=_at(10))
    assert {e.office.code for e in events} == {"CO-USA"}
    booking.refresh_from_db()
    assert booking.status == "arrived"
    tracking.record_events(actor=world.partner_usa, booking=booking, leg=second, kind="handed_over",
                           handed_over_to="Lutheran Immigration Services, Buffalo", at=_at(5))
    statuses = set(PassengerLeg.objects.filter(booking=booking, leg=second).values_list("status", flat=True))
    assert statuses == {"handed_over"}
    handed = MovementEvent.objects.filter(kind="handed_over")
    assert handed.count() == 3 and handed.first().office is None
    assert list(booking.events.values_list("to_status", flat=True)) == [
        "held", "confirmed", "ticketed", "checked_in", "departed", "arrived"]
    assert AuditEvent.objects.filter(action="movement.event", object_id=str(booking.pk)).count() == 6


def test_an_arrival_before_the_departure_is_refused(world, staff, journey, ticketed):
    first, second = journey
    booking = ticketed(world.case_a, [first, second])
    with pytest.raises(DomainError) as exc:
        tracking.record_events(actor=staff.mo_a, booking=booking, leg=first, kind="arrived_transit")
    assert exc.value.field == "kind"
    tracking.record_events(actor=staff.mo_a, booking=booking, leg=first, kind="checked_in", at=_at(50))
    with pytest.raises(DomainError) as exc:
        tracking.record_events(actor=staff.mo_a, booking=booking, leg=first, kind="departed", at=_at(55))
    assert exc.value.field == "at"
    assert MovementEvent.objects.filter(kind="departed").count() == 0
    with pytest.raises(DomainError) as exc:
        tracking.record_events(actor=staff.mo_a, booking=booking, leg=second, kind="checked_in", at=_at(45))
    assert exc.value.field == "kind"  # not yet arrived in transit
    with pytest.raises(DomainError) as exc:
        tracking.record_events(actor=staff.mo_a, booking=booking, leg=first, kind="departed",
                               at=timezone.now() + dt.timedelta(hours=1))
    assert exc.value.field == "at"


def test_a_no_show_needs_a_reason_and_frees_the_seat(world, staff, journey, ticketed):
    first, second = journey
    booking = ticketed(world.case_a, [first, second])
    person = booking.passengers.first().person_id
    with pytest.raises(DomainError) as exc:
        tracking.record_events(actor=staff.mo_a, booking=booking, leg=first, kind="no_show", person_ids=[person])
    assert exc.value.field == "reason"
    tracking.record_events(actor=staff.mo_a, booking=booking, leg=first, kind="no_show", person_ids=[person],
                           reason="Did not come to the assembly point")
    row = PassengerLeg.objects.get(booking=booking, person_id=person, leg=first)
    assert row.status == "no_show" and not row.holds_seat
    # The others check in; the no-show is skipped by a whole-booking check-in.
    tracking.record_events(actor=staff.mo_a, booking=booking, leg=first, kind="checked_in")
    assert PassengerLeg.objects.filter(booking=booking, leg=first, status="checked_in").count() == 2
    booking.refresh_from_db()
    assert booking.status == "checked_in"


def test_only_offices_on_the_route_record_events(world, staff, journey, ticketed):
    first, second = journey
    booking = ticketed(world.case_a, [first, second])
    with pytest.raises(PermissionDeniedError):
        tracking.record_events(actor=staff.mo_b, booking=booking, leg=first, kind="checked_in")
    with pytest.raises(PermissionDeniedError):
        tracking.record_events(actor=world.partner_usa, booking=booking, leg=first, kind="checked_in")


def test_a_medical_incident_keeps_its_detail_encrypted(world, staff, journey, ticketed):
    first, _second = journey
    booking = ticketed(world.case_a, [first, _second])
    person = booking.passengers.first().person_id
    with pytest.raises(DomainError) as exc:
        tracking.record_events(actor=staff.mo_a, booking=booking, leg=first, kind="medical_incident",
                               person_ids=[person])
    assert exc.value.field == "detail"
    tracking.record_events(actor=staff.mo_a, booking=booking, leg=first, kind="medical_incident",
                           person_ids=[person], detail="Fainted at the gate; seen by the airport doctor")
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT detail FROM movements_movementevent")
        stored = cursor.fetchone()[0]
    assert stored.startswith("enc1:")
    assert PassengerLeg.objects.get(booking=booking, person_id=person, leg=first).status == "booked"


def test_leaving_transit_closes_the_previous_leg(world, staff, journey, ticketed):
    first, second = journey
    booking = ticketed(world.case_a, [first, second])
    for leg, kind, minutes in ((first, "checked_in", 50), (first, "departed", 40), (first, "arrived_transit", 30)):
        tracking.record_events(actor=staff.mo_a, booking=booking, leg=leg, kind=kind, at=_at(minutes))
    assert set(PassengerLeg.objects.filter(leg=first).values_list("status", flat=True)) == {"in_transit"}
    tracking.record_events(actor=staff.mo_a, booking=booking, leg=second, kind="departed_transit", at=_at(20))
    assert set(PassengerLeg.objects.filter(leg=first).values_list("status", flat=True)) == {"arrived"}
    assert set(PassengerLeg.objects.filter(leg=second).values_list("status", flat=True)) == {"departed"}


def test_a_member_who_falls_ill_stays_behind_while_the_rest_go_on(world, staff, journey, ticketed, make_leg):
    """Offloaded at the gate: the onward seat is freed, the rest fly and arrive (the booking is
    arrived without them), and the member can be booked alone on a later flight with the reason
    for the split; the first booking keeps the member's legs and events."""
    from passage.movements import services
    from passage.movements.models import Booking

    first, second = journey
    booking = ticketed(world.case_a, [first, second])
    ill, *others = list(booking.passengers.order_by("id").values_list("person_id", flat=True))
    tracking.record_events(actor=staff.mo_a, booking=booking, leg=first, kind="checked_in", at=_at(50))
    tracking.record_events(actor=staff.mo_a, booking=booking, leg=first, kind="offloaded", person_ids=[ill],
                           reason="High fever at the gate", at=_at(45))
    rows = {r.leg_id: r for r in PassengerLeg.objects.filter(booking=booking, person_id=ill)}
    assert (rows[first.pk].status, rows[first.pk].holds_seat) == ("offloaded", False)
    assert (rows[second.pk].status, rows[second.pk].holds_seat) == ("cancelled", False)
    assert services.seats_left(second) == second.seats - len(others)
    for kind, leg, minutes in (("departed", first, 40), ("arrived_transit", first, 30),
                               ("departed_transit", second, 20), ("arrived", second, 10)):
        events = tracking.record_events(actor=staff.mo_a, booking=booking, leg=leg, kind=kind, at=_at(minutes))
        assert sorted(e.person_id for e in events) == sorted(others)
    booking.refresh_from_db()
    assert booking.status == "arrived"
    later = make_leg("NBO", "JFK", "KQ", "2", day=dt.date.today() + dt.timedelta(days=5))
    alone = services.book_case(actor=staff.mo_a, case=world.case_a, data=services.BookingInput(
        leg_ids=[later.pk], person_ids=[ill], split_reason="Stayed behind ill; travels when fit"))
    assert list(alone.passengers.values_list("person_id", flat=True)) == [ill]
    kept = Booking.objects.get(pk=booking.pk).movement_events.filter(person_id=ill)
    assert list(kept.values_list("kind", "reason")) == [("checked_in", ""), ("offloaded", "High fever at the gate")]


def test_a_member_who_stays_behind_cannot_be_booked_twice_while_still_on_the_booking(world, staff, journey,
                                                                                     ticketed, make_leg):
    from passage.movements import services

    first, second = journey
    booking = ticketed(world.case_a, [first, second])
    person = booking.passengers.order_by("id").first().person_id
    later = make_leg("NBO", "JFK", "KQ", "3", day=dt.date.today() + dt.timedelta(days=5))
    with pytest.raises(DomainError) as exc:
        services.book_case(actor=staff.mo_a, case=world.case_a, data=services.BookingInput(
            leg_ids=[later.pk], person_ids=[person], split_reason="Stays behind"))
    assert exc.value.field == "person_ids"
