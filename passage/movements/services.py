"""Writes of movement operations: legs and charters with their capacity, itineraries and their
checks, bookings of cases and their transitions (hold, confirm, ticket, cancel, rebook or split),
and escorts. Movement events (check-in to hand-over) are in tracking.py.

Same rules as the registry: role checked in the owning office, one transaction, audited, a
DomainError naming the field. Capacity is checked with the legs locked (SELECT ... FOR UPDATE, in
id order so that two bookings never deadlock), so parallel bookings never oversell a leg.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Count, Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop, ngettext

from passage.core import audit, reference, stored_text
from passage.core.errors import ConflictError, DomainError, PermissionDeniedError
from passage.core.models import Airline, Office, Role, User
from passage.core.scoping import can_act_in
from passage.movements import airports
from passage.movements import signals as movements_signals
from passage.movements.models import (
    Booking,
    BookingEvent,
    BookingPassenger,
    Charter,
    Escort,
    Itinerary,
    ItineraryLeg,
    Leg,
    LegEvent,
    Mode,
    PassengerLeg,
    SeatBlock,
)
from passage.registry.models import Case, CaseMember

MOVEMENT_ROLES = (Role.MOVEMENT_OFFICER, Role.OFFICE_ADMIN)
LEG_EDITORS = (Role.MOVEMENT_OFFICER, Role.CHARTER_MANAGER, Role.OFFICE_ADMIN)
CHARTER_ROLES = (Role.CHARTER_MANAGER, Role.OFFICE_ADMIN)
SUPERVISORS = (Role.OFFICE_ADMIN,)

B = Booking.Status
L = Leg.Status

BOOKING_TRANSITIONS: dict[str, set[str]] = {
    B.HELD: {B.CONFIRMED, B.CANCELLED, B.REBOOKED},
    B.CONFIRMED: {B.TICKETED, B.CANCELLED, B.REBOOKED},
    B.TICKETED: {B.CHECKED_IN, B.DEPARTED, B.NO_SHOW, B.CANCELLED, B.REBOOKED},
    B.CHECKED_IN: {B.DEPARTED, B.NO_SHOW, B.CANCELLED, B.REBOOKED},
    B.DEPARTED: {B.ARRIVED, B.REBOOKED},
    B.NO_SHOW: {B.REBOOKED, B.CANCELLED},
    B.ARRIVED: set(),
    B.CANCELLED: set(),
    B.REBOOKED: set(),
}
LEG_TRANSITIONS: dict[str, set[str]] = {
    L.SCHEDULED: {L.DELAYED, L.DEPARTED, L.CANCELLED},
    L.DELAYED: {L.DELAYED, L.DEPARTED, L.CANCELLED},
    L.DEPARTED: {L.ARRIVED},
    L.ARRIVED: set(),
    L.CANCELLED: set(),
}
CHARTER_TRANSITIONS: dict[str, set[str]] = {
    Charter.Status.PLANNED: {Charter.Status.CONTRACTED, Charter.Status.CANCELLED},
    Charter.Status.CONTRACTED: {Charter.Status.OPERATED, Charter.Status.CANCELLED},
    Charter.Status.OPERATED: set(),
    Charter.Status.CANCELLED: set(),
}
# Cases in these statuses cannot be booked.
UNBOOKABLE_CASES = {"closed", "withdrawn", "rejected", "cancelled", "arrived", "departed"}
BOOKABLE_LEGS = {L.SCHEDULED, L.DELAYED}


def min_connection() -> dt.timedelta:
    return dt.timedelta(minutes=settings.PASSAGE_MIN_CONNECTION_MINUTES)


# A transit is overnight (accommodation needed) when it spans local midnight and lasts this long,
# or when it lasts longer than the second figure whatever the hour.
OVERNIGHT_MIN = dt.timedelta(hours=4)
OVERNIGHT_ALWAYS = dt.timedelta(hours=10)


def _require(actor: User, office_id: int, roles: tuple[str, ...], refusal: str) -> None:
    """`refusal` is the whole sentence (translated), never a fragment: word order differs by language."""
    if not can_act_in(actor, office_id, roles):
        raise PermissionDeniedError(refusal)


# --- Legs, charters and seat blocks ---------------------------------------------------------------

@dataclass
class LegInput:
    """A leg as entered: times are the wall-clock times of its airports."""

    mode: str
    number: str
    departure_airport: str
    arrival_airport: str
    departure_local: dt.datetime
    arrival_local: dt.datetime
    carrier: str = ""
    vehicle: str = ""
    seats: int = 0
    departure_place: str = ""
    arrival_place: str = ""


def _leg_fields(data: LegInput) -> dict:
    if data.mode not in Mode.values:
        raise DomainError(_("Choose air, land or sea."), field="mode")
    number = data.number.strip().upper()
    if not number or len(number) > 10:
        raise DomainError(_("Give the flight or service number (up to 10 characters)."), field="number")
    carrier = None
    if data.carrier:
        carrier = Airline.objects.filter(iata_code=data.carrier.upper(), is_active=True).first()
        if carrier is None:
            raise DomainError(_("%(code)s is not an active airline in the airline table.") % {"code": data.carrier},
                              field="carrier")
    elif data.mode == Mode.AIR:
        raise DomainError(_("A flight needs its carrier's IATA code."), field="carrier")
    codes = {}
    for name in ("departure_airport", "arrival_airport"):
        code = getattr(data, name).strip().upper()
        if not reference.is_airport(code):
            raise DomainError(_("%(code)s is not an IATA location code.") % {"code": code} if code
                              else _("This is not an IATA location code."), field=name)
        codes[name] = code
    if codes["departure_airport"] == codes["arrival_airport"]:
        raise DomainError(_("A leg arrives somewhere else than where it departs."), field="arrival_airport")
    if data.seats < 0:
        raise DomainError(_("Seats cannot be negative."), field="seats")
    departure = airports.to_utc(codes["departure_airport"], data.departure_local)
    arrival = airports.to_utc(codes["arrival_airport"], data.arrival_local)
    if arrival <= departure:
        raise DomainError(_("The leg arrives before it departs (in UTC, from the airports' local times)."),
                          field="arrival_local")
    if arrival - departure > dt.timedelta(hours=30):
        raise DomainError(_("A single leg lasts at most 30 hours; check the dates."), field="arrival_local")
    return {
        "mode": data.mode, "number": number, "carrier": carrier, "vehicle": data.vehicle.strip(),
        "departure_airport": codes["departure_airport"], "arrival_airport": codes["arrival_airport"],
        "departure_place": data.departure_place.strip(), "arrival_place": data.arrival_place.strip(),
        "departure_country": airports.country(codes["departure_airport"]),
        "arrival_country": airports.country(codes["arrival_airport"]),
        "scheduled_departure": departure, "scheduled_arrival": arrival,
        "departure_date": airports.local(codes["departure_airport"], departure).date(),
        "arrival_date": airports.local(codes["arrival_airport"], arrival).date(),
    }


def _leg_event(leg: Leg, actor: User | None, office: Office | int | None, from_status: str, to_status: str,
               reason: str = "") -> None:
    LegEvent.objects.create(leg=leg, at=timezone.now(), actor=actor if actor and actor.pk else None,
                            office_id=office.pk if isinstance(office, Office) else office,
                            from_status=from_status, to_status=to_status, reason=reason)


def create_leg(*, actor: User, office: Office, data: LegInput, charter: Charter | None = None) -> Leg:
    """A new leg managed by `office`; a charter's leg takes the charter's seats."""
    _require(actor, office.pk, LEG_EDITORS, _("Your role does not allow you to create legs in this office."))
    fields = _leg_fields(data)
    if charter is not None:
        if charter.status == Charter.Status.CANCELLED:
            raise DomainError(_("This charter is cancelled."), field="charter_id")
        fields["seats"] = charter.seats
        fields["vehicle"] = fields["vehicle"] or charter.aircraft
    else:
        fields["seats"] = data.seats
    if fields["scheduled_departure"] < timezone.now() - dt.timedelta(days=1):
        raise DomainError(_("The departure is in the past."), field="departure_local")
    try:
        with transaction.atomic():
            leg = Leg.objects.create(office=office, charter=charter, **fields)
            _leg_event(leg, actor, office, "", L.SCHEDULED)
            if charter is not None:
                _refresh_charter_date(charter)
            audit.record(actor=actor, action="leg.create", obj=leg, office=office, after=audit.snapshot(leg))
    except IntegrityError as exc:
        raise ConflictError(_("This flight already exists on that day from that airport."), field="number") from exc
    return leg


def _refresh_charter_date(charter: Charter) -> None:
    first = charter.legs.order_by("scheduled_departure").values_list("departure_date", flat=True).first()
    Charter.objects.filter(pk=charter.pk).update(departs_on=first)


def _seats_taken(leg_ids: Sequence[int]) -> dict[int, int]:
    rows = (PassengerLeg.objects.filter(leg_id__in=leg_ids, holds_seat=True)
            .values("leg_id").annotate(n=Count("id")).order_by())
    taken = {leg_id: 0 for leg_id in leg_ids}
    taken.update({r["leg_id"]: r["n"] for r in rows})
    return taken


def seats_left(leg: Leg) -> int:
    return max(0, leg.seats - _seats_taken([leg.pk])[leg.pk])


def set_leg_seats(*, actor: User, leg: Leg, seats: int) -> Leg:
    """The seats of a leg without seat blocks (a bus, a boat, a charter's aircraft change)."""
    _require(actor, leg.office_id, LEG_EDITORS, _("Your role does not allow you to change capacity in this office."))
    with transaction.atomic():
        leg = Leg.objects.select_for_update().get(pk=leg.pk)
        if leg.seat_blocks.filter(status=SeatBlock.Status.HELD).exists():
            raise DomainError(_("This flight's seats come from its group seat blocks; change a block."), field="seats")
        taken = _seats_taken([leg.pk])[leg.pk]
        if seats < taken:
            raise DomainError(ngettext("%(count)d seat is already booked; the capacity cannot be lower.",
                                       "%(count)d seats are already booked; the capacity cannot be lower.",
                                       taken) % {"count": taken}, field="seats")
        before = leg.seats
        leg.seats = seats
        leg.save(update_fields=["seats"])
        audit.record(actor=actor, action="leg.seats", obj=leg, office=leg.office_id,
                     before={"seats": before}, after={"seats": seats})
    return leg


def transition_leg(*, actor: User, leg: Leg, to_status: str, reason: str = "",
                   at: dt.datetime | None = None) -> Leg:
    """Delay, depart, arrive or cancel a leg. A leg with passengers holding seats cannot be
    cancelled: rebook them first, so nobody is silently left without a flight."""
    _require(actor, leg.office_id, LEG_EDITORS, _("Your role does not allow you to change a leg's status in this office."))
    with transaction.atomic():
        leg = Leg.objects.select_for_update().get(pk=leg.pk)
        _set_leg_status(leg, to_status, actor=actor, office=leg.office_id, reason=reason, at=at)
    return leg


def _set_leg_status(leg: Leg, to_status: str, *, actor: User | None, office, reason: str = "",
                    at: dt.datetime | None = None) -> None:
    if to_status not in LEG_TRANSITIONS[leg.status]:
        raise DomainError(_("A leg cannot move from '%(from)s' to '%(to)s'.") % {"from": leg.status, "to": to_status},
                          field="to_status")
    if to_status in (L.DELAYED, L.CANCELLED) and not reason.strip():
        raise DomainError(_("Give a reason."), field="reason")
    if to_status == L.CANCELLED and _seats_taken([leg.pk])[leg.pk]:
        raise DomainError(_("Passengers still hold seats on this leg: rebook or cancel their bookings first."),
                          field="to_status")
    before = leg.status
    leg.status = to_status
    update = ["status"]
    if to_status == L.DEPARTED:
        leg.actual_departure = at or timezone.now()
        update.append("actual_departure")
    if to_status == L.ARRIVED:
        leg.actual_arrival = at or timezone.now()
        update.append("actual_arrival")
    leg.save(update_fields=update)
    _leg_event(leg, actor, office, before, to_status, reason.strip())
    audit.record(actor=actor, action="leg.transition", obj=leg, office=leg.office_id,
                 before={"status": before}, after={"status": to_status, "reason": reason.strip()})


@dataclass
class CharterInput:
    operator: str
    aircraft: str
    seats: int
    cost: Decimal
    currency: str = "USD"
    contract_ref: str = ""
    mode: str = Mode.AIR
    airline: str = ""


def create_charter(*, actor: User, office: Office, data: CharterInput) -> Charter:
    _require(actor, office.pk, CHARTER_ROLES, _("Your role does not allow you to manage charters in this office."))
    if not data.operator.strip():
        raise DomainError(_("Name the operator."), field="operator")
    if not data.aircraft.strip():
        raise DomainError(_("Name the aircraft or vehicle."), field="aircraft")
    if data.seats <= 0:
        raise DomainError(_("A charter has at least one seat."), field="seats")
    if data.cost < 0:
        raise DomainError(_("The cost cannot be negative."), field="cost")
    currency = _currency(data.currency, "currency")
    airline = None
    if data.airline:
        airline = Airline.objects.filter(iata_code=data.airline.upper()).first()
        if airline is None:
            raise DomainError(_("%(code)s is not in the airline table.") % {"code": data.airline}, field="airline")
    with transaction.atomic():
        charter = Charter.objects.create(
            office=office, operator=data.operator.strip(), airline=airline, mode=data.mode,
            aircraft=data.aircraft.strip(), seats=data.seats, cost=data.cost, currency=currency,
            contract_ref=data.contract_ref.strip(), created_by=actor)
        audit.record(actor=actor, action="charter.create", obj=charter, office=office,
                     after=audit.snapshot(charter))
    return charter


def transition_charter(*, actor: User, charter: Charter, to_status: str, reason: str = "") -> Charter:
    _require(actor, charter.office_id, CHARTER_ROLES, _("Your role does not allow you to manage charters in this office."))
    with transaction.atomic():
        charter = Charter.objects.select_for_update().get(pk=charter.pk)
        if to_status not in CHARTER_TRANSITIONS[charter.status]:
            raise DomainError(_("A charter cannot move from '%(from)s' to '%(to)s'.")
                              % {"from": charter.status, "to": to_status}, field="to_status")
        if to_status == Charter.Status.CANCELLED:
            if not reason.strip():
                raise DomainError(_("Give a reason."), field="reason")
            for leg in Leg.objects.select_for_update().filter(charter=charter).exclude(status=L.CANCELLED):
                _set_leg_status(leg, L.CANCELLED, actor=actor, office=charter.office_id, reason=reason)
        before = charter.status
        charter.status = to_status
        charter.save(update_fields=["status"])
        audit.record(actor=actor, action="charter.transition", obj=charter, office=charter.office_id,
                     before={"status": before}, after={"status": to_status, "reason": reason.strip()})
    return charter


def add_seat_block(*, actor: User, leg: Leg, seats_held: int, deadline: dt.datetime, reference: str = "") -> SeatBlock:
    """Seats held on a commercial flight for a group; the leg's capacity grows by them."""
    _require(actor, leg.office_id, LEG_EDITORS, _("Your role does not allow you to hold seat blocks in this office."))
    if leg.charter_id:
        raise DomainError(_("A charter's seats are its own; seat blocks are for commercial flights."), field="leg_id")
    if seats_held <= 0:
        raise DomainError(_("Hold at least one seat."), field="seats_held")
    if deadline.tzinfo is None:
        raise DomainError(_("Give the deadline with its time zone."), field="deadline")
    if deadline > leg.scheduled_departure:
        raise DomainError(_("The deadline comes before the departure."), field="deadline")
    with transaction.atomic():
        leg = Leg.objects.select_for_update().get(pk=leg.pk)
        if leg.status not in BOOKABLE_LEGS:
            raise DomainError(_("This leg no longer takes bookings."), field="leg_id")
        had_blocks = leg.seat_blocks.filter(status=SeatBlock.Status.HELD).exists()
        block = SeatBlock.objects.create(leg=leg, seats_held=seats_held, deadline=deadline,
                                         reference=reference.strip())
        # The first block replaces seats entered by hand: a commercial flight's capacity is its blocks.
        leg.seats = (leg.seats if had_blocks else 0) + seats_held
        leg.save(update_fields=["seats"])
        audit.record(actor=actor, action="seat_block.add", obj=block, office=leg.office_id,
                     after={**audit.snapshot(block), "leg_seats": leg.seats})
    return block


def release_seat_block(*, actor: User, block: SeatBlock, reason: str) -> SeatBlock:
    """Give a block's seats back to the airline; refused while passengers hold them."""
    _require(actor, block.leg.office_id, LEG_EDITORS, _("Your role does not allow you to release seat blocks in this office."))
    if not reason.strip():
        raise DomainError(_("Give a reason."), field="reason")
    with transaction.atomic():
        leg = Leg.objects.select_for_update().get(pk=block.leg_id)
        block = SeatBlock.objects.get(pk=block.pk)
        if block.status != SeatBlock.Status.HELD:
            raise DomainError(_("This block is already released."), field="block_id")
        used = PassengerLeg.objects.filter(seat_block=block, holds_seat=True).count()
        if used:
            raise DomainError(ngettext("%(count)d passenger holds a seat in this block.",
                                       "%(count)d passengers hold seats in this block.", used) % {"count": used},
                              field="block_id")
        block.status = SeatBlock.Status.RELEASED
        block.save(update_fields=["status"])
        leg.seats = max(0, leg.seats - block.seats_held)
        leg.save(update_fields=["seats"])
        audit.record(actor=actor, action="seat_block.release", obj=block, office=leg.office_id,
                     after={"status": block.status, "reason": reason.strip(), "leg_seats": leg.seats})
    return block


# --- Itineraries ----------------------------------------------------------------------------------

@dataclass
class ItineraryCheck:
    problems: list[tuple[str, str]] = field(default_factory=list)  # (field, message)
    transit_countries: list[str] = field(default_factory=list)
    overnight: list[int] = field(default_factory=list)  # positions of legs preceded by an overnight transit

    @property
    def ok(self) -> bool:
        return not self.problems


def _is_overnight(code: str, arrival: dt.datetime, departure: dt.datetime) -> bool:
    wait = departure - arrival
    if wait >= OVERNIGHT_ALWAYS:
        return True
    spans_midnight = airports.local(code, arrival).date() != airports.local(code, departure).date()
    return spans_midnight and wait >= OVERNIGHT_MIN


def check_itinerary(legs: Sequence[Leg]) -> ItineraryCheck:
    """Connections in place and time (minimum connection time), the transit countries (where
    a transit waiver may be required) and the overnight transits (accommodation)."""
    check = ItineraryCheck()
    if not legs:
        check.problems.append(("legs", _("Choose at least one leg.")))
        return check
    if len({leg.pk for leg in legs}) != len(legs):
        check.problems.append(("legs", _("A leg appears twice in the itinerary.")))
    origin, destination = legs[0].departure_country, legs[-1].arrival_country
    for i, (before, after) in enumerate(zip(legs, legs[1:], strict=False), start=1):
        if before.arrival_airport != after.departure_airport:
            check.problems.append((f"legs.{i}", _("Broken connection: the previous leg arrives at %(arrival)s, this one "
                                                  "departs from %(departure)s.")
                                   % {"arrival": before.arrival_airport, "departure": after.departure_airport}))
            continue
        if after.scheduled_departure - before.scheduled_arrival < min_connection():
            minutes = int(min_connection().total_seconds() // 60)
            check.problems.append((f"legs.{i}", _("The connection at %(airport)s is shorter than the minimum "
                                                  "connection time (%(minutes)d minutes).")
                                   % {"airport": after.departure_airport, "minutes": minutes}))
            continue
        if _is_overnight(after.departure_airport, before.scheduled_arrival, after.scheduled_departure):
            check.overnight.append(i)
        country = before.arrival_country
        if country not in (origin, destination) and country not in check.transit_countries:
            check.transit_countries.append(country)
    return check


# --- Bookings -------------------------------------------------------------------------------------

def _currency(code: str, name: str) -> str:
    code = (code or "").strip().upper()
    import pycountry

    if not code or pycountry.currencies.get(alpha_3=code) is None:
        raise DomainError(_("%(code)s is not an ISO 4217 currency code.") % {"code": code} if code
                          else _("This is not an ISO 4217 currency code."), field=name)
    return code


def _booking_event(booking: Booking, actor: User | None, from_status: str, to_status: str, reason: str = "",
                   office: int | None = None, *, reason_source: dict | None = None, **details) -> None:
    BookingEvent.objects.create(booking=booking, at=timezone.now(), actor=actor if actor and actor.pk else None,
                                office_id=office or booking.office_id, from_status=from_status, to_status=to_status,
                                reason=reason, reason_source=reason_source or {}, details=details)


def _transition(booking: Booking, to_status: str, actor: User | None, reason: str = "", office: int | None = None,
                *, reason_source: dict | None = None, **details) -> None:
    """`reason_source` (core.stored_text) when the system wrote `reason`: the page shows it translated,
    the audit keeps the English."""
    if to_status not in BOOKING_TRANSITIONS[booking.status]:
        allowed = ", ".join(sorted(BOOKING_TRANSITIONS[booking.status])) or _("none")
        raise DomainError(_("A booking cannot move from '%(from)s' to '%(to)s' (allowed: %(allowed)s).")
                          % {"from": booking.status, "to": to_status, "allowed": allowed}, field="status")
    before = booking.status
    booking.status = to_status
    booking.save(update_fields=["status"])
    movements_signals.changed([booking.pk])
    if to_status not in Booking.ACTIVE:
        booking.passengers.update(active=False)
    _booking_event(booking, actor, before, to_status, reason, office, reason_source=reason_source, **details)
    audit.record(actor=actor, action="booking.transition", obj=booking, office=booking.office_id,
                 before={"status": before}, after={"status": to_status, "reason": reason, **details})


def _move_case(case: Case, to_status: str, actor: User, reason: str = "", reason_source: dict | None = None) -> None:
    """Keep the case's own status in step with its movement, where its workflow allows."""
    from passage.registry.services import CASE_EDITORS, MOVEMENT_STATUSES, TRANSITIONS, transition_case

    case.refresh_from_db(fields=["status"])
    if case.status == to_status or to_status not in TRANSITIONS.get(case.status, set()):
        return
    # A movement officer may take a case back from 'booked' to 'approved' (its booking was
    # cancelled); other moves outside the movement statuses are the case team's.
    back_to_approved = case.status == Case.Status.BOOKED and to_status == Case.Status.APPROVED
    if to_status not in MOVEMENT_STATUSES and not back_to_approved and not can_act_in(
            actor, case.office_id, CASE_EDITORS):
        return
    transition_case(actor=actor, case=case, to_status=to_status, reason=reason, reason_source=reason_source)


@dataclass
class BookingInput:
    leg_ids: list[int]
    person_ids: list[int] | None = None  # None: every current member of the case
    split_reason: str = ""
    record_locator: str = ""
    fare: Decimal | None = None
    currency: str = ""
    fare_basis: str = ""


def _check_fare(data: BookingInput) -> tuple[Decimal | None, str]:
    if data.fare is None:
        return None, ""
    if data.fare < 0:
        raise DomainError(_("The fare cannot be negative."), field="fare")
    return data.fare, _currency(data.currency, "currency")


def _locator(value: str) -> str:
    value = value.strip().upper()
    if value and not (value.isalnum() and len(value) <= 8):
        raise DomainError(_("A record locator is up to 8 letters and digits."), field="record_locator")
    return value


def _travellers(case: Case, person_ids: list[int] | None, split_reason: str) -> tuple[list[int], str]:
    members = list(CaseMember.objects.filter(case=case, left_on__isnull=True).values_list("person_id", flat=True))
    if not members:
        raise DomainError(_("The case has no current members."), field="case")
    if person_ids is None:
        return members, ""
    chosen = list(dict.fromkeys(person_ids))
    strangers = [p for p in chosen if p not in members]
    if strangers:
        raise DomainError(_("Only current members of the case can travel on its booking."), field="person_ids")
    if not chosen:
        raise DomainError(_("Choose who travels."), field="person_ids")
    if set(chosen) != set(members) and not split_reason.strip():
        raise DomainError(_("Part of the case travels without the others: give the reason for the split."),
                          field="split_reason")
    return chosen, split_reason.strip() if set(chosen) != set(members) else ""


def _load_legs(leg_ids: list[int]) -> list[Leg]:
    if not leg_ids:
        raise DomainError(_("Choose at least one leg."), field="leg_ids")
    by_id = {leg.pk: leg for leg in Leg.objects.select_related("carrier").filter(pk__in=leg_ids)}
    missing = [i for i, pk in enumerate(leg_ids) if pk not in by_id]
    if missing:
        raise DomainError(_("No such leg."), field=f"leg_ids.{missing[0]}")
    return [by_id[pk] for pk in leg_ids]


def _lock_and_seat(legs: list[Leg], person_ids: list[int]) -> dict[int, SeatBlock | None]:
    """Lock the legs (id order), check every one has room for all travellers and pick the seat
    block to draw from. Must run inside the booking's transaction."""
    ids = sorted({leg.pk for leg in legs})
    locked = {leg.pk: leg for leg in Leg.objects.select_for_update().filter(pk__in=ids).order_by("pk")}
    taken = _seats_taken(ids)
    now = timezone.now()
    blocks: dict[int, SeatBlock | None] = {}
    for i, leg in enumerate(legs):
        current = locked[leg.pk]
        if current.status not in BOOKABLE_LEGS or current.scheduled_departure <= now:
            raise DomainError(_("%(flight)s has already departed or no longer takes bookings.")
                              % {"flight": current.designator}, field=f"leg_ids.{i}")
        left = current.seats - taken[leg.pk]
        if left < len(person_ids):
            left = max(left, 0)
            raise ConflictError(ngettext("%(flight)s has %(left)d seat left; %(needed)d are needed.",
                                         "%(flight)s has %(left)d seats left; %(needed)d are needed.", left)
                                % {"flight": current.designator, "left": left, "needed": len(person_ids)},
                                field=f"leg_ids.{i}")
        blocks[leg.pk] = _block_with_room(current, len(person_ids), now, i)
    return blocks


def _block_with_room(leg: Leg, needed: int, now: dt.datetime, position: int) -> SeatBlock | None:
    held = list(leg.seat_blocks.filter(status=SeatBlock.Status.HELD).order_by("deadline", "id"))
    if not held:
        return None
    used = dict(PassengerLeg.objects.filter(seat_block__in=held, holds_seat=True).values("seat_block")
                .annotate(n=Count("id")).values_list("seat_block", "n").order_by())
    open_blocks = [b for b in held if b.deadline > now]
    for block in open_blocks:
        if block.seats_held - used.get(block.pk, 0) >= needed:
            return block
    if not open_blocks:
        raise DomainError(_("The group seat blocks on %(flight)s are past their deadline.") % {"flight": leg.designator},
                          field=f"leg_ids.{position}")
    raise ConflictError(ngettext("No single seat block on %(flight)s has %(needed)d seat left for the whole group.",
                                 "No single seat block on %(flight)s has %(needed)d seats left for the whole group.",
                                 needed) % {"flight": leg.designator, "needed": needed}, field=f"leg_ids.{position}")


def _create_booking(*, actor: User, case: Case, legs: list[Leg], person_ids: list[int], check: ItineraryCheck,
                    data: BookingInput, fare, currency: str, split_reason: str,
                    rebooked_from: Booking | None = None) -> Booking:
    blocks = _lock_and_seat(legs, person_ids)
    busy = list(BookingPassenger.objects.filter(person_id__in=person_ids, active=True)
                .values_list("person_id", flat=True))
    if busy:
        raise ConflictError(_("Some travellers already have an active booking: rebook or cancel it first."),
                            field="person_ids")
    itinerary = Itinerary.objects.create(office=case.office)
    ItineraryLeg.objects.bulk_create([
        ItineraryLeg(itinerary=itinerary, leg=leg, position=i, overnight_before=i in check.overnight)
        for i, leg in enumerate(legs)])
    first, last = legs[0], legs[-1]
    booking = Booking.objects.create(
        case=case, office=case.office, itinerary=itinerary, status=B.HELD,
        record_locator=_locator(data.record_locator), fare=fare, currency=currency,
        fare_basis=data.fare_basis.strip().upper()[:15], split_reason=split_reason, rebooked_from=rebooked_from,
        departs_at=first.scheduled_departure, arrives_at=last.scheduled_arrival,
        departure_date=first.departure_date, origin_country=first.departure_country,
        destination_country=case.destination_country, created_by=actor)
    passengers = BookingPassenger.objects.bulk_create(
        [BookingPassenger(booking=booking, person_id=pid, active=True) for pid in person_ids])
    PassengerLeg.objects.bulk_create([
        PassengerLeg(passenger=p, booking=booking, person_id=p.person_id, leg=leg, position=i,
                     seat_block=blocks[leg.pk])
        for p in passengers for i, leg in enumerate(legs)])
    return booking


def book_case(*, actor: User, case: Case, data: BookingInput) -> Booking:
    """Hold seats for a case (or, with a reason, part of it) on an itinerary of legs."""
    _require(actor, case.office_id, MOVEMENT_ROLES, _("Your role does not allow you to book cases in this office."))
    if case.status in UNBOOKABLE_CASES:
        raise DomainError(_("A case that is '%(status)s' cannot be booked.") % {"status": case.get_status_display()},
                          field="case")
    legs = _load_legs(data.leg_ids)
    check = check_itinerary(legs)
    if not check.ok:
        name, message = check.problems[0]
        raise DomainError(message, field=name.replace("legs", "leg_ids"))
    person_ids, split_reason = _travellers(case, data.person_ids, data.split_reason)
    fare, currency = _check_fare(data)
    try:
        with transaction.atomic():
            booking = _create_booking(actor=actor, case=case, legs=legs, person_ids=person_ids, check=check,
                                      data=data, fare=fare, currency=currency, split_reason=split_reason)
            _booking_event(booking, actor, "", B.HELD, split_reason, legs=[leg.pk for leg in legs])
            audit.record(actor=actor, action="booking.create", obj=booking, office=case.office_id,
                         after={**audit.snapshot(booking), "persons": person_ids, "legs": [leg.pk for leg in legs],
                                "overnight_transits": check.overnight})
    except IntegrityError as exc:  # a parallel booking of the same person won the race
        raise ConflictError(_("Some travellers already have an active booking."), field="person_ids") from exc
    return booking


def travel_dates(booking: Booking) -> tuple[dt.date, dt.date, list[str]]:
    legs = booking.itinerary.ordered_legs()
    return legs[0].departure_date, legs[-1].arrival_date, check_itinerary(legs).transit_countries


def _readiness_problems(case: Case, departure: dt.date, arrival: dt.date, transits: Sequence[str]) -> list[str]:
    """What keeps the case from travelling on these dates, from the readiness engine. Without the
    readiness module nothing proves the case ready, so only a supervisor's override confirms."""
    from django.apps import apps

    if not apps.is_installed("passage.readiness"):
        return [_("No readiness engine is installed, so the case's ready window cannot be checked.")]
    from passage.readiness.engine import check_travel  # the readiness module owns the rules

    result = check_travel(case, departure, arrival, transit_countries=tuple(transits))
    return [] if result.ok else list(result.problems)


def confirm_booking(*, actor: User, booking: Booking, override_reason: str = "") -> Booking:
    """Confirm held seats. The case's ready window must cover the travel dates (and transits); an
    office administrator may override with a reason, which is audited with the problems."""
    _require(actor, booking.office_id, MOVEMENT_ROLES,
             _("Your role does not allow you to confirm bookings in this office."))
    override_reason = override_reason.strip()
    with transaction.atomic():
        booking = Booking.objects.select_for_update().select_related("case").get(pk=booking.pk)
        if B.CONFIRMED not in BOOKING_TRANSITIONS[booking.status]:
            raise DomainError(_("A booking that is '%(status)s' cannot be confirmed.")
                              % {"status": booking.get_status_display()}, field="status")
        departure, arrival, transits = travel_dates(booking)
        if override_reason:
            # Problems kept with an override (audit, booking history) stay in the project's language,
            # whoever reads them later; a refusal states them in the user's.
            with translation.override(settings.LANGUAGE_CODE):
                problems = _readiness_problems(booking.case, departure, arrival, transits)
        else:
            problems = _readiness_problems(booking.case, departure, arrival, transits)
        details: dict = {}
        if problems:
            if not override_reason:
                raise DomainError(_("The case is not ready for these dates: %(problems)s")
                                  % {"problems": "; ".join(problems)}, field="readiness")
            if not can_act_in(actor, booking.office_id, SUPERVISORS):
                raise PermissionDeniedError(_("Only an office administrator may confirm a booking outside the "
                                              "case's ready window."), field="override_reason")
            booking.override_reason = override_reason
            booking.override_by = actor
            booking.save(update_fields=["override_reason", "override_by"])
            details = {"override": True, "problems": problems}
            audit.record(actor=actor, action="booking.readiness_override", obj=booking, office=booking.office_id,
                         after={"reason": override_reason, "problems": problems})
        _transition(booking, B.CONFIRMED, actor, override_reason if problems else "", **details)
        _move_case(booking.case, "booked", actor)
    return booking


def ticket_booking(*, actor: User, booking: Booking, tickets: dict[tuple[int, int], str],
                   record_locator: str = "") -> Booking:
    """Record the ticket number of every traveller on every flight (`tickets[(person_id, leg_id)]`).
    Land and sea legs need none."""
    _require(actor, booking.office_id, MOVEMENT_ROLES, _("Your role does not allow you to ticket bookings in this office."))
    with transaction.atomic():
        booking = Booking.objects.select_for_update().get(pk=booking.pk)
        if booking.status != B.CONFIRMED:
            raise DomainError(_("Only a confirmed booking can be ticketed."), field="status")
        locator = _locator(record_locator) or booking.record_locator
        if not locator:
            raise DomainError(_("Give the record locator."), field="record_locator")
        rows = list(booking.passenger_legs.select_related("leg"))
        seen: set[str] = set()
        for row in rows:
            key = f"tickets.{row.person_id}.{row.leg_id}"
            number = (tickets.get((row.person_id, row.leg_id)) or "").replace("-", "").replace(" ", "")
            if row.leg.mode != Mode.AIR and not number:
                continue
            if not (number.isdigit() and len(number) == 13):
                raise DomainError(_("A ticket number has 13 digits."), field=key)
            if number in seen:
                raise ConflictError(_("This ticket number is used twice."), field=key)
            seen.add(number)
            if PassengerLeg.objects.filter(ticket_number=number).exclude(pk=row.pk).exists():
                raise ConflictError(_("This ticket number is already recorded on another booking."), field=key)
            row.ticket_number = number
        PassengerLeg.objects.bulk_update(rows, ["ticket_number"])
        if locator != booking.record_locator:
            booking.record_locator = locator
            booking.save(update_fields=["record_locator"])
        _transition(booking, B.TICKETED, actor, record_locator=locator)
    return booking


def assign_seat(*, actor: User, passenger_leg: PassengerLeg, seat: str) -> PassengerLeg:
    """A traveller's seat on a leg (empty: none). Refused, naming `seat`: not a row and a letter,
    outside the leg's seat layout when it has one, or taken by another passenger (409)."""
    from passage.movements.seats import check_seat

    _require(actor, passenger_leg.booking.office_id, MOVEMENT_ROLES,
             _("Your role does not allow you to assign seats in this office."))
    seat = check_seat(passenger_leg.leg, seat)
    try:
        with transaction.atomic():
            row = PassengerLeg.objects.select_for_update().get(pk=passenger_leg.pk)
            if seat and not row.holds_seat:
                raise DomainError(_("This traveller no longer holds a seat on this leg."), field="seat")
            before = row.seat
            row.seat = seat
            row.save(update_fields=["seat"])
            audit.record(actor=actor, action="booking.seat", obj=row, office=row.booking.office_id,
                         before={"seat": before}, after={"seat": seat})
    except IntegrityError as exc:
        raise ConflictError(_("Another passenger has this seat on this leg."), field="seat") from exc
    return row


def _release(booking: Booking, *, keep_flown: bool = False) -> None:
    """Free the seats of a booking that ends; legs already flown (departed) keep their record."""
    rows = booking.passenger_legs.filter(holds_seat=True)
    if keep_flown:
        rows = rows.filter(status__in=[PassengerLeg.Status.BOOKED, PassengerLeg.Status.CHECKED_IN])
    rows.update(holds_seat=False, status=PassengerLeg.Status.CANCELLED)
    movements_signals.changed([booking.pk])


def cancel_booking(*, actor: User, booking: Booking, reason: str) -> Booking:
    _require(actor, booking.office_id, MOVEMENT_ROLES, _("Your role does not allow you to cancel bookings in this office."))
    if not reason.strip():
        raise DomainError(_("Give the reason for the cancellation."), field="reason")
    with transaction.atomic():
        booking = Booking.objects.select_for_update().select_related("case").get(pk=booking.pk)
        _transition(booking, B.CANCELLED, actor, reason.strip())
        _release(booking)
        if not Booking.objects.filter(case=booking.case, status__in=Booking.ACTIVE).exists():
            back = stored_text.source(gettext_noop("Booking cancelled: %(reason)s"), {"reason": reason.strip()})
            _move_case(booking.case, "approved", actor, reason=stored_text.english(back), reason_source=back)
    return booking


def rebook_booking(*, actor: User, booking: Booking, data: BookingInput, reason: str) -> Booking:
    """Replace a booking by a new one: other legs (a missed connection, a cancelled flight), or
    fewer travellers (a member who falls ill stays behind: a split, with its reason). The old
    booking keeps its legs, tickets and events, marked 'rebooked'; legs already flown stay flown."""
    _require(actor, booking.office_id, MOVEMENT_ROLES, _("Your role does not allow you to rebook in this office."))
    if not reason.strip():
        raise DomainError(_("Give the reason for the rebooking."), field="reason")
    legs = _load_legs(data.leg_ids)
    check = check_itinerary(legs)
    if not check.ok:
        name, message = check.problems[0]
        raise DomainError(message, field=name.replace("legs", "leg_ids"))
    fare, currency = _check_fare(data)
    try:
        with transaction.atomic():
            old = Booking.objects.select_for_update().select_related("case", "case__office").get(pk=booking.pk)
            if B.REBOOKED not in BOOKING_TRANSITIONS[old.status]:
                raise DomainError(_("A booking that is '%(status)s' cannot be rebooked.")
                                  % {"status": old.get_status_display()}, field="status")
            travelling = list(old.passengers.values_list("person_id", flat=True))
            chosen = travelling if data.person_ids is None else list(dict.fromkeys(data.person_ids))
            if not chosen or any(p not in travelling for p in chosen):
                raise DomainError(_("Choose travellers from the booking being replaced."), field="person_ids")
            split = data.split_reason.strip()
            if len(chosen) < len(travelling) and not split:
                raise DomainError(_("Some travellers stay behind: give the reason for the split."), field="split_reason")
            if len(chosen) == len(travelling):
                split = old.split_reason
            _transition(old, B.REBOOKED, actor, reason.strip())
            _release(old, keep_flown=True)
            new = _create_booking(actor=actor, case=old.case, legs=legs, person_ids=chosen, check=check, data=data,
                                  fare=fare if data.fare is not None else old.fare,
                                  currency=currency if data.fare is not None else old.currency,
                                  split_reason=split, rebooked_from=old)
            _booking_event(new, actor, "", B.HELD, reason.strip(), rebooked_from=old.pk,
                           legs=[leg.pk for leg in legs], stayed_behind=[p for p in travelling if p not in chosen])
            audit.record(actor=actor, action="booking.rebook", obj=new, office=new.office_id,
                         before={"booking": old.pk}, after={**audit.snapshot(new), "persons": chosen,
                                                            "legs": [leg.pk for leg in legs]})
    except IntegrityError as exc:
        raise ConflictError(_("Some travellers already have another active booking."), field="person_ids") from exc
    return new


# --- Escorts --------------------------------------------------------------------------------------

def assign_escort(*, actor: User, leg: Leg, office: Office, kind: str, name: str,
                  passenger_leg_ids: Sequence[int] = (), user: User | None = None) -> Escort:
    """An operational or medical escort on a leg, accompanying some of its passengers."""
    _require(actor, office.pk, MOVEMENT_ROLES, _("Your role does not allow you to assign escorts in this office."))
    if kind not in Escort.Kind.values:
        raise DomainError(_("Choose an operational or a medical escort."), field="kind")
    if not name.strip():
        raise DomainError(_("Name the escort."), field="name")
    rows = list(PassengerLeg.objects.filter(pk__in=passenger_leg_ids, leg=leg, holds_seat=True))
    if len(rows) != len(set(passenger_leg_ids)):
        raise DomainError(_("Escorted passengers must hold seats on this leg."), field="passenger_leg_ids")
    with transaction.atomic():
        escort = Escort.objects.create(leg=leg, kind=kind, name=name.strip(), user=user, office=office)
        escort.passengers.set(rows)
        audit.record(actor=actor, action="escort.assign", obj=escort, office=office,
                     after={**audit.snapshot(escort), "passengers": [r.pk for r in rows]})
    return escort


def remove_escort(*, actor: User, escort: Escort, reason: str) -> None:
    _require(actor, escort.office_id, MOVEMENT_ROLES, _("Your role does not allow you to remove escorts in this office."))
    if not reason.strip():
        raise DomainError(_("Give a reason."), field="reason")
    with transaction.atomic():
        audit.record(actor=actor, action="escort.remove", obj=escort, office=escort.office_id,
                     before=audit.snapshot(escort), after={"reason": reason.strip()})
        escort.passengers.clear()
        escort.delete()


def overnight_transits(booking: Booking) -> list[str]:
    """Airports where the booking's travellers spend the night in transit (accommodation needed)."""
    rows = booking.itinerary.itinerary_legs.select_related("leg").filter(overnight_before=True)
    return [row.leg.departure_airport for row in rows]


def active_filter() -> Q:
    return Q(status__in=Booking.ACTIVE)


# --- Subscriptions and webhooks -------------------------------------------------------------------

def set_subscriptions(*, actor: User, kinds: Sequence[str]) -> list[str]:
    """The kinds of movement event the actor is told of (on the bookings they can read)."""
    from passage.movements.models import Subscription

    unknown = [k for k in kinds if k not in Subscription.Kind.values]
    if unknown:
        raise DomainError(_("Unknown kinds: %(kinds)s.") % {"kinds": ", ".join(unknown)}, field="kinds")
    with transaction.atomic():
        before = sorted(Subscription.objects.filter(user=actor).values_list("kind", flat=True))
        Subscription.objects.filter(user=actor).exclude(kind__in=kinds).delete()
        for kind in set(kinds) - set(before):
            Subscription.objects.create(user=actor, kind=kind)
        audit.record(actor=actor, action="movement.subscriptions", object_type="movements.subscription",
                     object_id=actor.pk, before={"kinds": before}, after={"kinds": sorted(set(kinds))})
    return sorted(set(kinds))


def mark_notifications_read(*, actor: User) -> int:
    from passage.movements.models import Notification

    with transaction.atomic():
        count = Notification.objects.filter(user=actor, read_at__isnull=True).update(read_at=timezone.now())
        audit.record(actor=actor, action="movement.notifications_read", object_type="movements.notification",
                     object_id=actor.pk, after={"count": count})
    return count
