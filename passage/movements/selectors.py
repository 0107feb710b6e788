"""Reads of movement operations, scoped to the acting user.

Legs and charters are read by movement staff of the offices on the route (an office in the
leg's departure or arrival country, or the leg's managing office) and by headquarters; a partner
reads the legs arriving in their country. Bookings and everything under them belong to the
case's office (partners: bookings bound for their country), through core.scoping.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection
from dataclasses import dataclass

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet

from passage.core.models import Office, Role, User
from passage.core.scoping import scope_for, scoped
from passage.movements.models import (
    Booking,
    BookingEvent,
    BookingPassenger,
    Charter,
    Escort,
    Leg,
    MovementEvent,
    PassengerLeg,
    SeatBlock,
)
from passage.registry.models import Case

# Who reads flights: everyone whose work touches movements (case teams see their cases' bookings
# through the case, not the flights).
MOVEMENT_READERS = (Role.MOVEMENT_OFFICER, Role.CHARTER_MANAGER, Role.OFFICE_ADMIN, Role.FINANCE,
                    Role.INFORMATION_MANAGEMENT, Role.COMPLIANCE_OFFICER, Role.MEDICAL_OFFICER)
BOOKING_READERS = (*MOVEMENT_READERS, Role.CASEWORKER)


def _route_filter(user: User, roles: tuple[str, ...] = MOVEMENT_READERS) -> Q | None:
    """A filter on Leg for what `user` may read; None means everything, Q(pk__in=[]) nothing."""
    scope = scope_for(user, roles)
    if scope.partner_country is not None:
        return Q(arrival_country=scope.partner_country)
    if scope.is_global:
        return None
    if not scope.office_ids:
        return Q(pk__in=[])
    countries = set(Office.objects.filter(pk__in=scope.office_ids).values_list("country", flat=True))
    return (Q(office_id__in=scope.office_ids) | Q(departure_country__in=countries)
            | Q(arrival_country__in=countries))


def legs_for(*, user: User, day_from: dt.date | None = None, day_to: dt.date | None = None,
             status: str | None = None, charter_id: int | None = None, q: str | None = None) -> QuerySet[Leg]:
    rule = _route_filter(user)
    qs = Leg.objects.select_related("carrier", "charter", "office")
    if rule is not None:
        qs = qs.filter(rule)
    if day_from:
        qs = qs.filter(departure_date__gte=day_from)
    if day_to:
        qs = qs.filter(departure_date__lte=day_to)
    if status:
        qs = qs.filter(status=status)
    if charter_id:
        qs = qs.filter(charter_id=charter_id)
    if q:
        term = q.strip().upper()
        qs = qs.filter(Q(number__icontains=term.lstrip("ABCDEFGHIJKLMNOPQRSTUVWXYZ") or term)
                       | Q(departure_airport=term) | Q(arrival_airport=term))
    return qs.annotate(seats_taken=Count("passenger_legs", filter=Q(passenger_legs__holds_seat=True)))


def leg_detail(*, user: User, leg_id: int) -> Leg:
    """Leg.DoesNotExist when outside the user's scope."""
    return legs_for(user=user).prefetch_related(
        Prefetch("seat_blocks", queryset=SeatBlock.objects.order_by("deadline", "id")),
        Prefetch("escorts", queryset=Escort.objects.prefetch_related("passengers__person").order_by("kind", "name")),
    ).get(pk=leg_id)


def charters_for(*, user: User) -> QuerySet[Charter]:
    """Charters whose legs the user may read, and those managed in their offices."""
    rule = _route_filter(user)
    qs = Charter.objects.select_related("airline", "office")
    if rule is None:
        return qs
    visible_legs = Leg.objects.filter(rule, charter=OuterRef("pk"))
    scope = scope_for(user, MOVEMENT_READERS)
    own = Q(office_id__in=scope.office_ids) if scope.office_ids else Q(pk__in=[])
    return qs.filter(own | Exists(visible_legs))


def bookings_for(*, user: User, status: str | None = None, case: Case | None = None,
                 leg_id: int | None = None) -> QuerySet[Booking]:
    qs = scoped(Booking.objects.select_related("case", "office"), user, roles=BOOKING_READERS)
    if status:
        qs = qs.filter(status=status)
    if case is not None:
        qs = qs.filter(case=case)
    if leg_id:
        qs = qs.filter(Exists(PassengerLeg.objects.filter(booking=OuterRef("pk"), leg_id=leg_id)))
    return qs


def booking_detail(*, user: User, booking_id: int) -> Booking:
    legs = PassengerLeg.objects.select_related("leg__carrier", "person").order_by("position", "passenger_id")
    return (
        bookings_for(user=user)
        .select_related("itinerary", "rebooked_from", "override_by", "created_by")
        .prefetch_related(
            Prefetch("passengers", queryset=BookingPassenger.objects.select_related("person").order_by("id")),
            Prefetch("passenger_legs", queryset=legs),
            Prefetch("events", queryset=BookingEvent.objects.select_related("actor").order_by("at", "id")),
            Prefetch("movement_events", queryset=MovementEvent.objects.select_related("person", "leg__carrier",
                                                                                     "office", "actor")
                     .order_by("at", "id")),
        )
        .get(pk=booking_id)
    )


def passenger_legs_for(*, user: User) -> QuerySet[PassengerLeg]:
    return scoped(PassengerLeg.objects.select_related("booking", "leg", "person"), user, roles=BOOKING_READERS)


def next_departure_for_person(person_id: int) -> dt.datetime | None:
    """The UTC departure of the first leg of the person's active booking (for the health module's
    pre-embarkation check), or None. Not scoped: the caller has already read the person."""
    return (
        Booking.objects.filter(passengers__person_id=person_id, passengers__active=True,
                               status__in=Booking.ACTIVE)
        .order_by("departs_at").values_list("departs_at", flat=True).first()
    )


# Bookings made but not yet at the airport: the persons a pre-embarkation check is still for.
BEFORE_CHECK_IN = ("held", "confirmed", "ticketed")


@dataclass(frozen=True)
class BookedDeparture:
    """A person's booked departure (the first leg of their active booking), in plain values for
    other modules (the health module's list of pre-embarkation checks)."""

    person_id: int
    booking_id: int
    booking_status: str
    booking_status_label: str
    case_number: str
    destination_country: str
    leg_id: int
    flight: str
    departure_airport: str
    arrival_airport: str
    departs_at: dt.datetime  # UTC
    departs_local: dt.datetime  # at the departure airport
    departure_date: dt.date  # local date at the departure airport


def booked_departures(*, office_ids: Collection[int] | None, day_from: dt.date, day_to: dt.date,
                      limit: int = 2000) -> list[BookedDeparture]:
    """Persons of `office_ids` (None: every office) booked (held, confirmed or ticketed) on a first
    leg departing from `day_from` to `day_to` (local dates), by departure and flight; one query.
    The caller scopes: it passes the offices its user may read for its own purpose."""
    qs = PassengerLeg.objects.filter(
        position=0, holds_seat=True, passenger__active=True, booking__status__in=BEFORE_CHECK_IN,
        leg__departure_date__gte=day_from, leg__departure_date__lte=day_to)
    if office_ids is not None:
        qs = qs.filter(person__office_id__in=list(office_ids))
    rows = qs.select_related("leg__carrier", "booking__case").order_by(
        "leg__departure_date", "leg__scheduled_departure", "leg_id", "person_id")[:limit]
    return [BookedDeparture(
        person_id=row.person_id, booking_id=row.booking_id, booking_status=row.booking.status,
        booking_status_label=row.booking.get_status_display(),
        case_number=row.booking.case.number, destination_country=row.booking.case.destination_country,
        leg_id=row.leg_id, flight=row.leg.designator, departure_airport=row.leg.departure_airport,
        arrival_airport=row.leg.arrival_airport, departs_at=row.leg.scheduled_departure,
        departs_local=row.leg.departure_local, departure_date=row.leg.departure_date) for row in rows]


def board_for(*, user: User, day: dt.date) -> dict[str, list]:
    """Today's departures, the people in transit now and today's arrivals, each leg with the count
    of travellers by status; scoped like the legs."""
    window = Q(departure_date=day) | Q(arrival_date=day) | Q(passenger_legs__status=PassengerLeg.Status.IN_TRANSIT)
    rule = _route_filter(user)
    legs = Leg.objects.select_related("carrier").filter(window)
    if rule is not None:
        legs = legs.filter(rule)
    legs = legs.distinct().annotate(
        booked=Count("passenger_legs", filter=Q(passenger_legs__holds_seat=True), distinct=True),
        checked_in=Count("passenger_legs", filter=Q(passenger_legs__status__in=["checked_in", "boarded"]),
                         distinct=True),
        departed=Count("passenger_legs", filter=Q(passenger_legs__status="departed"), distinct=True),
        in_transit=Count("passenger_legs", filter=Q(passenger_legs__status="in_transit"), distinct=True),
        arrived=Count("passenger_legs", filter=Q(passenger_legs__status__in=["arrived", "handed_over"]),
                      distinct=True),
        no_show=Count("passenger_legs", filter=Q(passenger_legs__status__in=["no_show", "offloaded"]),
                      distinct=True),
    ).order_by("scheduled_departure", "id")
    rows = list(legs[:500])
    return {
        "departures": [leg for leg in rows if leg.departure_date == day],
        "in_transit": [leg for leg in rows if leg.in_transit],
        "arrivals": [leg for leg in rows if leg.arrival_date == day],
    }


def arrivals_for_partner(*, user: User, day_from: dt.date, day_to: dt.date) -> QuerySet[PassengerLeg]:
    """Travellers arriving in the partner's country (the last leg of bookings bound there)."""
    last_leg = PassengerLeg.objects.filter(passenger=OuterRef("passenger"), position__gt=OuterRef("position"))
    return (
        passenger_legs_for(user=user)
        .filter(leg__arrival_date__gte=day_from, leg__arrival_date__lte=day_to,
                booking__status__in=[*Booking.ACTIVE, Booking.Status.ARRIVED])
        .exclude(Exists(last_leg))
        .select_related("leg__carrier", "booking__case", "person")
        .order_by("leg__scheduled_arrival", "booking_id", "passenger_id")
    )


def notifications_for(*, user: User) -> QuerySet:
    from passage.movements.models import Notification

    return Notification.objects.filter(user=user).select_related("booking__case", "leg__carrier")


WEBHOOK_MANAGERS = (Role.SYSTEM_ADMIN, Role.OFFICE_ADMIN)


def webhooks_for(*, user: User) -> QuerySet:
    """The webhooks `user` manages: system administrators and office administrators at headquarters
    all of them; an office administrator those of their offices (sub-offices included); a partner
    user those their organisation registered for their country. Everyone else none."""
    from passage.movements.models import Webhook

    qs = Webhook.objects.select_related("office")
    scope = scope_for(user, WEBHOOK_MANAGERS)
    if scope.partner_country is not None:
        if not user.partner_organisation:
            return qs.none()
        return qs.filter(office__isnull=True, partner_country=scope.partner_country,
                         partner_organisation=user.partner_organisation)
    if scope.is_global:
        return qs
    if user.has_role(Role.SYSTEM_ADMIN):
        return qs
    return qs.filter(office_id__in=scope.office_ids)


def webhook_deliveries_for(*, user: User) -> QuerySet:
    from passage.movements.models import WebhookDelivery

    return WebhookDelivery.objects.filter(webhook__in=webhooks_for(user=user)).select_related("webhook")
