"""Legs in local time, itineraries and their checks, holding seats for a case, capacity,
cancellation and rebooking without losing history."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from passage.core.errors import ConflictError, DomainError, PermissionDeniedError
from passage.core.models import AuditEvent
from passage.movements import services
from passage.movements.models import Booking, BookingPassenger, PassengerLeg
from passage.movements.selectors import next_departure_for_person
from passage.movements.tests.conftest import local_day


def _members(case) -> list[int]:
    return list(case.members.filter(left_on__isnull=True).values_list("person_id", flat=True))


def test_a_leg_is_entered_in_local_time_and_stored_in_utc(make_leg):
    day = local_day()
    leg = make_leg("NBO", "AMS", "KQ", "116", dep="23:55", arr="06:30", day=day, arr_day=day + dt.timedelta(days=1))
    assert leg.scheduled_departure == dt.datetime.combine(day, dt.time(20, 55), tzinfo=dt.UTC)  # Nairobi is UTC+3
    assert leg.departure_country == "KEN" and leg.arrival_country == "NLD"
    assert leg.departure_date == day and leg.designator == "KQ116"


@pytest.mark.parametrize(("kwargs", "field"), [
    ({"dep": "12:00", "arr": "09:00"}, "arrival_local"),
    ({"carrier": ""}, "carrier"),
    ({"carrier": "ZZ"}, "carrier"),
])
def test_bad_legs_are_refused_with_the_field_named(make_leg, kwargs, field):
    with pytest.raises(DomainError) as exc:
        make_leg("NBO", "DOH", **kwargs)
    assert exc.value.field == field


def test_an_unknown_airport_is_refused(make_leg):
    with pytest.raises(DomainError) as exc:
        make_leg("QQQ", "DOH")
    assert exc.value.field == "departure_airport"


def test_booking_a_case_holds_a_seat_per_member_on_every_leg(world, staff, make_leg):
    first = make_leg("NBO", "DOH", "QR", "1342", dep="08:00", arr="11:00", seats=5)
    second = make_leg("DOH", "JFK", "QR", "701", dep="14:00", arr="20:00", seats=5)
    booking = services.book_case(actor=staff.mo_a, case=world.case_a, data=services.BookingInput(
        leg_ids=[first.pk, second.pk], fare=Decimal("812.50"), currency="usd", fare_basis="yrefuge"))
    assert booking.status == "held" and booking.office == world.office_a
    assert booking.currency == "USD" and booking.fare_basis == "YREFUGE"
    assert PassengerLeg.objects.filter(booking=booking, holds_seat=True).count() == 6
    assert services.seats_left(first) == 2
    assert booking.departs_at == first.scheduled_departure and booking.destination_country == "USA"
    assert booking.events.get().to_status == "held"
    assert AuditEvent.objects.filter(action="booking.create", object_id=str(booking.pk)).exists()
    person = _members(world.case_a)[0]
    assert next_departure_for_person(person) == first.scheduled_departure


def test_capacity_is_never_exceeded(world, staff, make_leg):
    leg = make_leg("NBO", "AMM", seats=4)
    services.book_case(actor=staff.mo_a, case=world.case_a, data=services.BookingInput(leg_ids=[leg.pk]))
    services.book_case(actor=staff.mo_a, case=world.case_sub, data=services.BookingInput(leg_ids=[leg.pk]))
    admin_b = world.case_b  # another family of two, from another office, on the same full leg
    with pytest.raises(ConflictError) as exc:
        services.book_case(actor=staff.mo_b, case=admin_b, data=services.BookingInput(leg_ids=[leg.pk]))
    assert exc.value.field == "leg_ids.0" and "0 seats left" in exc.value.message
    assert Booking.objects.count() == 2


def test_a_person_cannot_hold_two_active_bookings(world, staff, make_leg):
    leg = make_leg("NBO", "AMM", seats=10)
    other = make_leg("NBO", "AMM", "RJ", "300", seats=10)
    services.book_case(actor=staff.mo_a, case=world.case_a, data=services.BookingInput(leg_ids=[leg.pk]))
    with pytest.raises(ConflictError) as exc:
        services.book_case(actor=staff.mo_a, case=world.case_a, data=services.BookingInput(leg_ids=[other.pk]))
    assert exc.value.field == "person_ids"


def test_booking_onto_a_departed_flight_is_refused(world, staff, make_leg):
    gone = timezone.now() - dt.timedelta(hours=2)
    leg = make_leg("NBO", "DOH", dep=services.airports.local("NBO", gone).strftime("%H:%M"),
                   arr=services.airports.local("DOH", gone + dt.timedelta(hours=5)).strftime("%H:%M"),
                   day=services.airports.local("NBO", gone).date(),
                   arr_day=services.airports.local("DOH", gone + dt.timedelta(hours=5)).date())
    with pytest.raises(DomainError) as exc:
        services.book_case(actor=staff.mo_a, case=world.case_a, data=services.BookingInput(leg_ids=[leg.pk]))
    assert exc.value.field == "leg_ids.0"
    assert not Booking.objects.exists()


def test_a_negative_fare_is_refused(world, staff, make_leg):
    leg = make_leg("NBO", "DOH")
    with pytest.raises(DomainError) as exc:
        services.book_case(actor=staff.mo_a, case=world.case_a, data=services.BookingInput(
            leg_ids=[leg.pk], fare=Decimal("-1"), currency="USD"))
    assert exc.value.field == "fare"


def test_a_broken_connection_is_refused(world, staff, make_leg):
    first = make_leg("NBO", "DOH", "QR", "1342", dep="08:00", arr="11:00")
    second = make_leg("AMM", "JFK", "RJ", "261", dep="14:00", arr="20:00")
    with pytest.raises(DomainError) as exc:
        services.book_case(actor=staff.mo_a, case=world.case_a, data=services.BookingInput(
            leg_ids=[first.pk, second.pk]))
    assert exc.value.field == "leg_ids.1" and "Broken connection" in exc.value.message
    assert not Booking.objects.exists()


def test_a_connection_shorter_than_the_minimum_is_refused(world, staff, make_leg):
    first = make_leg("NBO", "DOH", "QR", "1342", dep="08:00", arr="11:00")
    second = make_leg("DOH", "JFK", "QR", "701", dep="11:45", arr="18:00")
    with pytest.raises(DomainError) as exc:
        services.book_case(actor=staff.mo_a, case=world.case_a, data=services.BookingInput(
            leg_ids=[first.pk, second.pk]))
    assert exc.value.field == "leg_ids.1" and "minimum connection time" in exc.value.message


def test_an_overnight_transit_flags_accommodation_and_lists_the_transit_country(world, staff, make_leg):
    day = local_day()
    first = make_leg("NBO", "IST", "TK", "608", dep="16:00", arr="21:30", day=day)
    second = make_leg("IST", "JFK", "TK", "1", dep="09:00", arr="13:00", day=day + dt.timedelta(days=1))
    check = services.check_itinerary([first, second])
    assert check.ok and check.overnight == [1] and check.transit_countries == ["TUR"]
    booking = services.book_case(actor=staff.mo_a, case=world.case_a, data=services.BookingInput(
        leg_ids=[first.pk, second.pk]))
    assert services.overnight_transits(booking) == ["IST"]


def test_part_of_a_case_travels_only_with_a_reason(world, staff, make_leg):
    leg = make_leg("NBO", "DOH")
    people = _members(world.case_a)
    with pytest.raises(DomainError) as exc:
        services.book_case(actor=staff.mo_a, case=world.case_a, data=services.BookingInput(
            leg_ids=[leg.pk], person_ids=people[:2]))
    assert exc.value.field == "split_reason"
    booking = services.book_case(actor=staff.mo_a, case=world.case_a, data=services.BookingInput(
        leg_ids=[leg.pk], person_ids=people[:2], split_reason="Youngest son in hospital"))
    assert booking.split_reason == "Youngest son in hospital" and booking.passengers.count() == 2


def test_another_office_cannot_book_the_case(world, staff, make_leg):
    leg = make_leg("NBO", "DOH")
    with pytest.raises(PermissionDeniedError):
        services.book_case(actor=staff.mo_b, case=world.case_a, data=services.BookingInput(leg_ids=[leg.pk]))
    with pytest.raises(PermissionDeniedError):
        services.book_case(actor=world.caseworker_a, case=world.case_a, data=services.BookingInput(leg_ids=[leg.pk]))


def test_cancelling_frees_the_seats_and_keeps_the_booking(world, staff, make_leg):
    leg = make_leg("NBO", "DOH", seats=3)
    booking = services.book_case(actor=staff.mo_a, case=world.case_a, data=services.BookingInput(leg_ids=[leg.pk]))
    with pytest.raises(DomainError) as exc:
        services.cancel_booking(actor=staff.mo_a, booking=booking, reason=" ")
    assert exc.value.field == "reason"
    services.cancel_booking(actor=staff.mo_a, booking=booking, reason="Visa withdrawn")
    booking.refresh_from_db()
    assert booking.status == "cancelled" and services.seats_left(leg) == 3
    assert not BookingPassenger.objects.filter(booking=booking, active=True).exists()
    assert list(booking.events.values_list("to_status", flat=True)) == ["held", "cancelled"]


def test_cancelling_the_last_booking_gives_the_case_back_to_approved(world, staff, make_leg):
    world.case_a.status = "approved"
    world.case_a.save(update_fields=["status"])
    leg = make_leg("NBO", "DOH", seats=3)
    booking = services.book_case(actor=staff.mo_a, case=world.case_a, data=services.BookingInput(leg_ids=[leg.pk]))
    services.confirm_booking(actor=staff.admin_a, booking=booking, override_reason="Emergency protection case")
    world.case_a.refresh_from_db()
    assert world.case_a.status == "booked"
    services.cancel_booking(actor=staff.mo_a, booking=booking, reason="Flight withdrawn")
    world.case_a.refresh_from_db()
    assert world.case_a.status == "approved"
    last = world.case_a.events.order_by("-at", "-id").first()
    assert (last.from_status, last.to_status, last.actor) == ("booked", "approved", staff.mo_a)
    assert "Flight withdrawn" in last.reason


def test_a_split_by_rebooking_keeps_the_old_booking_in_history(world, staff, make_leg):
    leg = make_leg("NBO", "DOH", seats=3)
    later = make_leg("NBO", "DOH", "QR", "1344", seats=3, day=local_day(5))
    booking = services.book_case(actor=staff.mo_a, case=world.case_a, data=services.BookingInput(leg_ids=[leg.pk]))
    people = _members(world.case_a)
    with pytest.raises(DomainError) as exc:
        services.rebook_booking(actor=staff.mo_a, booking=booking, reason="Member ill",
                                data=services.BookingInput(leg_ids=[leg.pk], person_ids=people[:2]))
    assert exc.value.field == "split_reason"
    new = services.rebook_booking(actor=staff.mo_a, booking=booking, reason="Member ill",
                                  data=services.BookingInput(leg_ids=[leg.pk], person_ids=people[:2],
                                                             split_reason="Daughter has a fever"))
    booking.refresh_from_db()
    assert booking.status == "rebooked" and new.rebooked_from == booking
    assert booking.passenger_legs.count() == 3 and not booking.passenger_legs.filter(holds_seat=True).exists()
    assert services.seats_left(leg) == 1
    # The one who stayed behind can be booked later.
    services.book_case(actor=staff.mo_a, case=world.case_a, data=services.BookingInput(
        leg_ids=[later.pk], person_ids=people[2:], split_reason="Travels after recovery"))
    assert AuditEvent.objects.filter(action="booking.rebook").count() == 1


def test_seat_blocks_give_a_commercial_flight_its_capacity(world, staff, make_leg):
    leg = make_leg("NBO", "DOH", seats=0)
    deadline = leg.scheduled_departure - dt.timedelta(days=1)
    block = services.add_seat_block(actor=staff.mo_a, leg=leg, seats_held=3, deadline=deadline, reference="GRP1")
    leg.refresh_from_db()
    assert leg.seats == 3
    booking = services.book_case(actor=staff.mo_a, case=world.case_a, data=services.BookingInput(leg_ids=[leg.pk]))
    assert set(booking.passenger_legs.values_list("seat_block", flat=True)) == {block.pk}
    with pytest.raises(DomainError) as exc:
        services.release_seat_block(actor=staff.mo_a, block=block, reason="Not needed")
    assert exc.value.field == "block_id"


def test_a_charter_gives_its_legs_its_seats(world, staff, make_leg):
    charter = services.create_charter(actor=staff.charter_hq, office=world.hq, data=services.CharterInput(
        operator="Air Charter Ltd", aircraft="B777-300ER", seats=396, cost=Decimal("480000"),
        contract_ref="CH-2026-041"))
    leg = make_leg("NBO", "JFK", "ET", "9001", dep="01:00", arr="08:00", charter=charter, actor=staff.charter_hq,
                   office=world.hq)
    assert leg.seats == 396 and leg.charter == charter
    charter.refresh_from_db()
    assert charter.departs_on == leg.departure_date
    with pytest.raises(DomainError) as exc:
        services.create_charter(actor=staff.charter_hq, office=world.hq, data=services.CharterInput(
            operator="X", aircraft="A320", seats=180, cost=Decimal("-5")))
    assert exc.value.field == "cost"
    with pytest.raises(PermissionDeniedError):
        services.create_charter(actor=staff.mo_a, office=world.hq, data=services.CharterInput(
            operator="X", aircraft="A320", seats=180, cost=Decimal("5")))
