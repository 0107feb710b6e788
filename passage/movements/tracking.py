"""Movement events: check-in, boarding, departure, transit, arrival, hand-over, no-shows,
offloading and incidents, per person and leg. Any office on the route may record them; a
receiving-country partner records the hand-over. Each passenger-leg status, the booking's status,
the leg's status and the case's status follow from the events, in the same transaction, and the
live board hears of the change once it commits.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from passage.core import audit, stored_text
from passage.core.errors import DomainError, PermissionDeniedError
from passage.core.models import Membership, Office, User
from passage.core.scoping import can_act_in
from passage.movements import board, notify
from passage.movements import signals as movements_signals
from passage.movements.models import Booking, BookingPassenger, Leg, MovementEvent, PassengerLeg
from passage.movements.services import (
    BOOKING_TRANSITIONS,
    MOVEMENT_ROLES,
    _move_case,
    _set_leg_status,
    _transition,
)

K = MovementEvent.Kind
P = PassengerLeg.Status
B = Booking.Status
# The reason on a booking event that the travellers' movement events moved.
DERIVED = stored_text.source(gettext_noop("From the movement events."))

# For each event: the passenger-leg statuses it may follow, and the status it leads to (None: the
# event is a note on the journey, such as an incident, and changes no status).
EVENT_RULES: dict[str, tuple[set[str], str | None]] = {
    K.CHECKED_IN: ({P.BOOKED}, P.CHECKED_IN),
    K.BOARDED: ({P.CHECKED_IN}, P.BOARDED),
    K.DEPARTED: ({P.CHECKED_IN, P.BOARDED}, P.DEPARTED),
    # Through-checked passengers have their boarding pass for the onward leg from the origin.
    K.DEPARTED_TRANSIT: ({P.BOOKED, P.CHECKED_IN, P.BOARDED}, P.DEPARTED),
    K.ARRIVED_TRANSIT: ({P.DEPARTED}, P.IN_TRANSIT),
    K.ARRIVED: ({P.DEPARTED}, P.ARRIVED),
    K.HANDED_OVER: ({P.ARRIVED}, P.HANDED_OVER),
    K.NO_SHOW: ({P.BOOKED, P.CHECKED_IN}, P.NO_SHOW),
    K.OFFLOADED: ({P.CHECKED_IN, P.BOARDED}, P.OFFLOADED),
    K.MEDICAL_INCIDENT: ({P.BOOKED, P.CHECKED_IN, P.BOARDED, P.DEPARTED, P.IN_TRANSIT, P.ARRIVED}, None),
    K.LUGGAGE_ISSUE: ({P.BOOKED, P.CHECKED_IN, P.BOARDED, P.DEPARTED, P.IN_TRANSIT, P.ARRIVED}, None),
}
REASON_REQUIRED = {K.NO_SHOW, K.OFFLOADED}
DETAIL_REQUIRED = {K.MEDICAL_INCIDENT, K.LUGGAGE_ISSUE}
RELEASES_SEAT = {P.NO_SHOW, P.OFFLOADED}
# Booking statuses in which its travellers may be checked in and moved.
TRAVELLING = {B.TICKETED, B.CHECKED_IN, B.DEPARTED}
FLOWN = {P.DEPARTED, P.IN_TRANSIT, P.ARRIVED, P.HANDED_OVER}
CLOCK_SKEW = dt.timedelta(minutes=5)


def recording_office(actor: User, leg: Leg, booking: Booking, office: Office | None = None) -> Office | None:
    """The office in whose name `actor` records events on `leg`: the booking's office or one in a
    country the leg departs from or arrives in (the route). PermissionDenied when there is none."""
    def allowed(o: Office) -> bool:
        on_route = o.country in (leg.departure_country, leg.arrival_country) or o.kind == Office.Kind.HEADQUARTERS
        return (on_route or o.pk == booking.office_id) and can_act_in(actor, o.pk, MOVEMENT_ROLES)

    if can_act_in(actor, booking.office_id, MOVEMENT_ROLES) and office is None:
        return booking.office
    if office is not None:
        if allowed(office) or (office.pk == booking.office_id and can_act_in(actor, office.pk, MOVEMENT_ROLES)):
            return office
        raise PermissionDeniedError(_("You cannot record movements for this office on this leg."), field="office_id")
    memberships = Membership.objects.filter(user=actor, role__in=MOVEMENT_ROLES).select_related("office")
    for membership in memberships:
        if allowed(membership.office):
            return membership.office
    # A membership also covers the sub-offices: look for a route office below the actor's offices.
    for candidate in Office.objects.filter(country__in=(leg.departure_country, leg.arrival_country)).order_by("pk"):
        if can_act_in(actor, candidate.pk, MOVEMENT_ROLES):
            return candidate
    raise PermissionDeniedError(_("Only movement staff of an office on the route record movement events."))


def _check_partner(actor: User, kind: str, booking: Booking, row: PassengerLeg, last_position: int) -> None:
    if kind != K.HANDED_OVER:
        raise PermissionDeniedError(_("A partner records only the hand-over on arrival."), field="kind")
    if booking.destination_country != actor.partner_country or row.position != last_position:
        raise PermissionDeniedError(_("This arrival is not for your country."), field="kind")


def _check_order(row: PassengerLeg, kind: str, at: dt.datetime, booking: Booking, legs: list[PassengerLeg]) -> None:
    allowed_from, _status = EVENT_RULES[kind]
    if row.status not in allowed_from:
        raise DomainError(_("'%(event)s' cannot be recorded for a passenger who is '%(status)s' on this leg.")
                          % {"event": K(kind).label, "status": P(row.status).label}, field="kind")
    last = legs[-1].position
    if kind == K.ARRIVED_TRANSIT and row.position == last:
        raise DomainError(_("This is the last leg: record 'arrived'."), field="kind")
    if kind == K.ARRIVED and row.position != last:
        raise DomainError(_("This leg ends in transit: record 'arrived in transit'."), field="kind")
    if kind == K.DEPARTED and row.position != 0:
        raise DomainError(_("This leg departs from a transit point: record 'departed transit'."), field="kind")
    if kind == K.DEPARTED_TRANSIT and row.position == 0:
        raise DomainError(_("This is the first leg: record 'departed'."), field="kind")
    if row.position > 0 and kind in (K.CHECKED_IN, K.BOARDED, K.DEPARTED_TRANSIT):
        previous = legs[row.position - 1]
        if previous.status != P.IN_TRANSIT:
            raise DomainError(_("The passenger has not arrived in transit from the previous leg."), field="kind")
    if kind in (K.CHECKED_IN, K.BOARDED, K.DEPARTED, K.DEPARTED_TRANSIT) and booking.status not in TRAVELLING:
        raise DomainError(_("The booking is '%(status)s': only ticketed bookings travel.")
                          % {"status": booking.get_status_display()},
                          field="kind")
    latest = (MovementEvent.objects.filter(passenger_leg__passenger=row.passenger_id)
              .exclude(kind__in=(K.MEDICAL_INCIDENT, K.LUGGAGE_ISSUE)).order_by("-at").first())
    if latest is not None and at < latest.at and EVENT_RULES[kind][1] is not None:
        raise DomainError(_("This time is before the previous event ('%(event)s' at %(at)s UTC).")
                          % {"event": latest.get_kind_display(), "at": f"{latest.at:%Y-%m-%d %H:%M}"}, field="at")


def _derive_booking(booking: Booking, actor: User | None, office_id: int | None) -> None:
    """The booking's status from its travellers' legs: departed once anyone has flown, arrived once
    every traveller who set out has arrived, checked in or no-show at the origin."""
    rows = list(booking.passenger_legs.exclude(status=P.CANCELLED).order_by("passenger_id", "position"))
    by_passenger: dict[int, list[PassengerLeg]] = {}
    for r in rows:
        by_passenger.setdefault(r.passenger_id, []).append(r)
    firsts = [legs[0] for legs in by_passenger.values()]
    # Those who stayed behind (a no-show or offloaded on any leg) do not hold the arrival back.
    set_out = [legs for legs in by_passenger.values() if legs[-1].status not in (P.NO_SHOW, P.OFFLOADED)]
    if set_out and all(legs[-1].status in (P.ARRIVED, P.HANDED_OVER) for legs in set_out):
        target = B.ARRIVED
    elif any(r.status in FLOWN for r in rows):
        target = B.DEPARTED
    elif firsts and all(r.status in (P.NO_SHOW, P.OFFLOADED) for r in firsts):
        target = B.NO_SHOW
    elif any(r.status in (P.CHECKED_IN, P.BOARDED) for r in firsts) and all(
            r.status != P.BOOKED for r in firsts):
        target = B.CHECKED_IN
    else:
        return
    path = [B.DEPARTED, B.ARRIVED] if target == B.ARRIVED and booking.status != B.DEPARTED else [target]
    for step in path:
        if booking.status != step and step in BOOKING_TRANSITIONS[booking.status]:
            _transition(booking, step, actor, stored_text.english(DERIVED), office=office_id, reason_source=DERIVED)
    if booking.status in (B.DEPARTED, B.ARRIVED) and actor is not None and not actor.is_partner:
        _move_case(booking.case, booking.status, actor)


def _derive_leg(leg: Leg, kind: str, at: dt.datetime, actor: User | None, office_id: int | None) -> None:
    if kind in (K.DEPARTED, K.DEPARTED_TRANSIT) and leg.status in (Leg.Status.SCHEDULED, Leg.Status.DELAYED):
        _set_leg_status(leg, Leg.Status.DEPARTED, actor=actor, office=office_id, at=at)
    elif kind in (K.ARRIVED, K.ARRIVED_TRANSIT) and leg.status == Leg.Status.DEPARTED:
        _set_leg_status(leg, Leg.Status.ARRIVED, actor=actor, office=office_id, at=at)


def record_events(*, actor: User, booking: Booking, leg: Leg, kind: str, person_ids: Sequence[int] | None = None,
                  at: dt.datetime | None = None, place: str = "", office: Office | None = None,
                  handed_over_to: str = "", reason: str = "", detail: str = "") -> list[MovementEvent]:
    """Record one event for some or all travellers of a booking on one leg (checking in a family
    at once). All or nothing: one traveller out of order refuses the whole call."""
    if kind not in K.values:
        raise DomainError(_("Choose an event."), field="kind")
    at = at or timezone.now()
    if at.tzinfo is None:
        raise DomainError(_("Give the time with its time zone."), field="at")
    if at > timezone.now() + CLOCK_SKEW:
        raise DomainError(_("This time is in the future."), field="at")
    if kind in REASON_REQUIRED and not reason.strip():
        raise DomainError(_("Give the reason."), field="reason")
    if kind == K.HANDED_OVER and not handed_over_to.strip():
        raise DomainError(_("Say to whom the passenger was handed over."), field="handed_over_to")
    if kind in DETAIL_REQUIRED and not (detail.strip() or reason.strip()):
        raise DomainError(_("Describe what happened."), field="detail")
    if actor.is_partner:
        recorder = None
    else:
        recorder = recording_office(actor, leg, booking, office)
    with transaction.atomic():
        booking = Booking.objects.select_for_update().select_related("case").get(pk=booking.pk)
        leg = Leg.objects.select_for_update().get(pk=leg.pk)
        rows = list(booking.passenger_legs.select_related("passenger").order_by("passenger_id", "position"))
        legs_by_person: dict[int, list[PassengerLeg]] = {}
        for r in rows:
            legs_by_person.setdefault(r.person_id, []).append(r)
        targets = [r for r in rows if r.leg_id == leg.pk and r.status != P.CANCELLED
                   and (person_ids is None or r.person_id in person_ids)]
        if person_ids is not None and {r.person_id for r in targets} != set(person_ids):
            raise DomainError(_("Some of these persons do not travel on this leg of this booking."), field="person_ids")
        if not targets:
            raise DomainError(_("Nobody on this booking travels on this leg."), field="leg_id")
        if person_ids is None and EVENT_RULES[kind][1] is not None:
            # A whole-booking event skips those it no longer concerns (a no-show is not checked in).
            targets = [r for r in targets if r.status in EVENT_RULES[kind][0]] or targets
        events = []
        for row in targets:
            person_legs = legs_by_person[row.person_id]
            if actor.is_partner:
                _check_partner(actor, kind, booking, row, person_legs[-1].position)
            _check_order(row, kind, at, booking, person_legs)
            events.append(_write_event(row, kind, at, place, recorder, actor, handed_over_to, reason, detail))
            if EVENT_RULES[kind][1] in RELEASES_SEAT:
                _stays_behind(row, person_legs)
            if kind == K.DEPARTED_TRANSIT:
                # Leaving the transit point closes the previous leg: the traveller is no longer
                # "in transit" there (the board counts people in transit now).
                previous = person_legs[row.position - 1]
                previous.status = P.ARRIVED
                previous.save(update_fields=["status"])
        _derive_leg(leg, kind, at, actor, recorder.pk if recorder else None)
        _derive_booking(booking, actor, recorder.pk if recorder else None)
        audit.record(actor=actor, action="movement.event", obj=booking, office=booking.office_id,
                     after={"kind": kind, "leg": leg.pk, "persons": [r.person_id for r in targets],
                            "at": at.isoformat(), "place": place, "office": recorder.pk if recorder else None,
                            "handed_over_to": handed_over_to, "reason": reason})
        notify.movement_recorded(booking=booking, leg=leg, kind=kind, count=len(events), at=at)
        transaction.on_commit(lambda: board.announce(kind=kind, leg_id=leg.pk, booking_id=booking.pk,
                                                     count=len(events)))
    return events


def _stays_behind(row: PassengerLeg, person_legs: list[PassengerLeg]) -> None:
    """A traveller who does not board (a no-show, or offloaded because they fell ill) stays behind
    while the rest of the booking goes on: their onward legs free their seats, and they no longer
    hold this booking as their active one, so that they can be booked on a later flight (a booking
    of only them, with the reason for the split). This booking keeps their legs and events."""
    onward = [r.pk for r in person_legs if r.position > row.position and r.status == P.BOOKED]
    if onward:
        PassengerLeg.objects.filter(pk__in=onward).update(status=P.CANCELLED, holds_seat=False)
    BookingPassenger.objects.filter(pk=row.passenger_id).update(active=False)


def _write_event(row: PassengerLeg, kind: str, at: dt.datetime, place: str, recorder: Office | None, actor: User,
                 handed_over_to: str, reason: str, detail: str) -> MovementEvent:
    event = MovementEvent.objects.create(
        passenger_leg=row, person_id=row.person_id, leg_id=row.leg_id, booking_id=row.booking_id, kind=kind, at=at,
        place=place.strip()[:120], office=recorder, actor=actor, handed_over_to=handed_over_to.strip()[:200],
        reason=reason.strip()[:300], detail=detail.strip())
    new_status = EVENT_RULES[kind][1]
    if new_status is not None:
        row.status = new_status
        fields = ["status"]
        if new_status in RELEASES_SEAT:
            row.holds_seat = False
            fields.append("holds_seat")
        row.save(update_fields=fields)
        movements_signals.changed([row.booking_id])
    return event
