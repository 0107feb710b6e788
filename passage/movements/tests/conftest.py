"""Movement fixtures: movement staff of each office, a charter manager at headquarters, partner
and second-factor users; legs made in the local times of their airports (or a set time from now),
bookings held and ticketed, and a partner system on 127.0.0.1 receiving webhooks."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pytest
from django.utils import timezone

from passage.core.models import Role, User
from passage.core.tests.factories import OfficeFactory, UserFactory
from passage.movements import airports, services
from passage.movements.models import Booking, Leg
from passage.movements.tests.partners import Receiver


@dataclass
class Staff:
    mo_a: User  # movement officer, Kenya
    mo_b: User  # movement officer, Jordan
    admin_a: User  # office administrator, Kenya (the supervisor who may override)
    charter_hq: User  # charter manager, headquarters
    mo_usa: User  # movement officer of an office in the United States (on the route of arrivals)


@pytest.fixture
def staff(world) -> Staff:
    office_usa = OfficeFactory(code="CO-USA", name="United States", country="USA", parent=world.hq)
    return Staff(
        mo_a=UserFactory(username="mo_a", roles=[(world.office_a, Role.MOVEMENT_OFFICER)]),
        mo_b=UserFactory(username="mo_b", roles=[(world.office_b, Role.MOVEMENT_OFFICER)]),
        admin_a=UserFactory(username="admin_a", roles=[(world.office_a, Role.OFFICE_ADMIN)]),
        charter_hq=UserFactory(username="charter_hq", roles=[(world.hq, Role.CHARTER_MANAGER)]),
        mo_usa=UserFactory(username="mo_usa", roles=[(office_usa, Role.MOVEMENT_OFFICER)]),
    )


def local_day(days: int = 3) -> dt.date:
    return (timezone.now() + dt.timedelta(days=days)).date()


@pytest.fixture
def make_leg(staff, world):
    """make_leg("NBO", "DOH", "KQ", "100", dep=(day, "08:00"), arr=(day, "12:00"), seats=10)"""

    def make(dep_airport: str, arr_airport: str, carrier: str = "KQ", number: str = "100", *,
             dep: str = "08:00", arr: str = "12:00", day: dt.date | None = None, arr_day: dt.date | None = None,
             seats: int = 10, office=None, actor=None, mode: str = "air", charter=None) -> Leg:
        day = day or local_day()
        data = services.LegInput(
            mode=mode, carrier=carrier, number=number, departure_airport=dep_airport, arrival_airport=arr_airport,
            departure_local=dt.datetime.combine(day, dt.time.fromisoformat(dep)),
            arrival_local=dt.datetime.combine(arr_day or day, dt.time.fromisoformat(arr)), seats=seats)
        return services.create_leg(actor=actor or staff.mo_a, office=office or world.office_a, data=data,
                                   charter=charter)

    return make


@pytest.fixture
def leg_from_now(make_leg):
    """leg_from_now("NBO", "JFK", "ET", "9001", departs_in=timedelta(minutes=30), arrives_in=timedelta(hours=16)):
    a leg whose local times are those instants from now, so that events may be recorded now."""

    def make(dep_airport: str, arr_airport: str, carrier: str, number: str, *, departs_in: dt.timedelta,
             arrives_in: dt.timedelta, **kwargs) -> Leg:
        now = timezone.now()
        dep = airports.local(dep_airport, now + departs_in)
        arr = airports.local(arr_airport, now + arrives_in)
        return make_leg(dep_airport, arr_airport, carrier, number, dep=dep.strftime("%H:%M"),
                        arr=arr.strftime("%H:%M"), day=dep.date(), arr_day=arr.date(), **kwargs)

    return make


@pytest.fixture
def soon(leg_from_now) -> Leg:
    """A flight leaving Nairobi in half an hour for New York, so that events may be recorded now."""
    return leg_from_now("NBO", "JFK", "ET", "9001", departs_in=dt.timedelta(minutes=30),
                        arrives_in=dt.timedelta(hours=16), seats=10)


def hold(actor: User, case, legs, **booking_input) -> Booking:
    return services.book_case(actor=actor, case=case, data=services.BookingInput(
        leg_ids=[leg.pk for leg in legs], **booking_input))


@pytest.fixture
def held(staff):
    """held(case, [leg, ...], **booking_input): the case booked on the legs by Kenya's movement
    officer (the booking is held, not yet confirmed)."""

    def make(case, legs, **booking_input) -> Booking:
        return hold(staff.mo_a, case, legs, **booking_input)

    return make


@pytest.fixture
def ticketed(staff):
    """ticketed(case, [leg, ...]): a booking held, confirmed (by a supervisor's override when the
    case is not ready) and ticketed, ready for check-in."""
    counter = iter(range(1, 10_000))

    def make(case, legs, person_ids=None, split_reason=""):
        booking = hold(staff.mo_a, case, legs, person_ids=person_ids, split_reason=split_reason,
                       record_locator="ABC123")
        services.confirm_booking(actor=staff.admin_a, booking=booking, override_reason="Urgent protection case")
        tickets = {(row.person_id, row.leg_id): f"157{next(counter):010d}" for row in booking.passenger_legs.all()}
        return services.ticket_booking(actor=staff.mo_a, booking=booking, tickets=tickets)

    return make


@pytest.fixture
def medical_a(world) -> User:
    """A medical officer of Kenya (office A)."""
    return UserFactory(username="md_a", roles=[(world.office_a, Role.MEDICAL_OFFICER)])


@pytest.fixture
def admin_b(world) -> User:
    """The office administrator of Jordan (office B)."""
    return UserFactory(username="admin_b", roles=[(world.office_b, Role.OFFICE_ADMIN)])


@pytest.fixture
def partner_without_organisation(world) -> User:
    """A receiving partner's user in the United States whose account names no organisation."""
    return UserFactory(username="partner_usa_bare", partner_country="USA")


@pytest.fixture
def signed_in(client):
    """signed_in(user): the test client signed in as `user`; for the roles that need a second
    factor (system administrators, medical officers), in a session verified with TOTP."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    def sign_in(user: User):
        client.force_login(user)
        if user.needs_second_factor:
            device = TOTPDevice.objects.create(user=user, name="app", confirmed=True)
            session = client.session
            session["otp_device_id"] = device.persistent_id
            session.save()
        return client

    return sign_in


@pytest.fixture
def airlines(db):
    """Tests with transaction=True start from an emptied database, without the seeded airlines."""
    from passage.core.models import Airline

    for code, name, country in (("KQ", "Kenya Airways", "KEN"), ("RJ", "Royal Jordanian", "JOR")):
        Airline.objects.get_or_create(iata_code=code, defaults={"name": name, "country": country})


@pytest.fixture
def partner_system():
    """partner_system([503, 200]): a partner system answering with those status codes (then 200), closed
    at the end of the test."""
    started: list[Receiver] = []

    def start(statuses: list[int]) -> Receiver:
        started.append(Receiver(statuses))
        return started[-1]

    yield start
    for each in started:
        each.close()
