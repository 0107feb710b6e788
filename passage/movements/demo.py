"""The movements part of the demo world: flights through the airlines' hubs, charters for returns,
bookings of a share of the demo cases with tickets, and movement events. Cases that have arrived
or closed travelled in the past year (with check-in, departure, transit, arrival and hand-over
events, so statistics have data); departed cases are in transit today; booked and some approved
cases hold seats in the next 60 days.

Written in bulk (a demo world of 100,000 cases must seed in minutes), so it bypasses the services;
everything it writes satisfies the same constraints (capacity, one active booking per person).
"""

from __future__ import annotations

import datetime as dt
import math
import string
from collections import defaultdict
from decimal import Decimal
from functools import cache

from passage.core.models import Airline, Office
from passage.movements import airports
from passage.movements.models import (
    Booking,
    BookingEvent,
    BookingPassenger,
    Charter,
    Itinerary,
    ItineraryLeg,
    Leg,
    MovementEvent,
    PassengerLeg,
)
from passage.registry.models import Case, CaseMember

# The airport each demo office's cases leave from, and where each destination receives them.
AIRPORT_BY_COUNTRY = {
    "KEN": "NBO", "ETH": "ADD", "UGA": "EBB", "TZA": "DAR", "RWA": "KGL", "DJI": "JIB", "JOR": "AMM", "LBN": "BEY",
    "EGY": "CAI", "IRQ": "BGW", "LBY": "MJI", "YEM": "ADE", "TUR": "IST", "GRC": "ATH", "ITA": "FCO", "MDA": "RMO",
    "PAK": "ISB", "THA": "BKK", "MYS": "KUL", "BGD": "DAC", "IDN": "CGK", "NER": "NIM", "TCD": "NDJ", "CMR": "NSI",
    "ZAF": "JNB", "COL": "BOG", "ECU": "UIO", "GTM": "GUA", "USA": "JFK", "CAN": "YYZ", "AUS": "SYD", "GBR": "LHR",
    "DEU": "FRA", "FRA": "CDG", "NOR": "OSL", "SWE": "ARN", "NZL": "AKL", "NLD": "AMS", "SOM": "MGQ", "COD": "FIH",
    "SSD": "JUB", "ERI": "ASM", "BDI": "BJM", "SYR": "DAM", "SDN": "KRT", "NGA": "LOS", "AFG": "KBL", "MMR": "RGN",
    "VEN": "CCS", "HND": "TGU", "SLV": "SAL",
}
# Hub and carrier by the region of the departure office.
HUBS = {
    "east-horn-africa": [("ADD", "ET"), ("DOH", "QR")], "southern-africa": [("ADD", "ET"), ("DXB", "EK")],
    "west-central-africa": [("ADD", "ET"), ("IST", "TK")], "mena": [("IST", "TK"), ("DOH", "QR")],
    "europe": [("IST", "TK"), ("DOH", "QR")], "asia-pacific": [("DOH", "QR"), ("DXB", "EK")],
    "americas": [("PTY", "CM")],
}
RETURNS = {"avrr", "vhr"}
TRAVELLING_STATUSES = {"booked", "departed", "arrived", "closed"}
# At most this many bookings per run: enough for the pages and statistics of a demo, while a
# 100,000-case benchmark world still seeds in minutes.
MAX_BOOKINGS = 2500
BATCH = 2000


@cache
def _coordinates() -> dict[str, tuple[float, float]]:
    import airportsdata

    return {code: (a["lat"], a["lon"]) for code, a in airportsdata.load("IATA").items()}


def _hours(origin: str, destination: str) -> float:
    (lat1, lon1), (lat2, lon2) = _coordinates()[origin], _coordinates()[destination]
    p1, p2, dl = math.radians(lat1), math.radians(lat2), math.radians(lon2 - lon1)
    km = 6371 * math.acos(min(1.0, math.sin(p1) * math.sin(p2) + math.cos(p1) * math.cos(p2) * math.cos(dl)))
    return round(0.75 + km / 820, 2)


def _airport(country: str) -> str | None:
    code = AIRPORT_BY_COUNTRY.get(country)
    if code and airports.country(code):
        return code
    return None


class _Flights:
    """Legs shared by every case flying the same route on the same day."""

    def __init__(self, rng, hq: Office) -> None:
        self.rng, self.hq = rng, hq
        self.legs: dict[tuple, Leg] = {}
        self.numbers: dict[tuple, str] = {}
        self.carriers = {a.iata_code: a for a in Airline.objects.filter(is_active=True)}
        self.charters: dict[tuple, Charter] = {}

    def leg(self, carrier: str, origin: str, destination: str, day: dt.date, hour: int, *, charter=None,
            office: Office) -> Leg:
        key = (carrier, origin, destination, day, charter is not None)
        if key not in self.legs:
            number = self.numbers.setdefault((carrier, origin, destination, charter is not None),
                                             str((9000 if charter else 100) + len(self.numbers) % 900))
            departure = airports.to_utc(origin, dt.datetime.combine(day, dt.time(hour, 15 * self.rng.randrange(4))))
            arrival = departure + dt.timedelta(hours=_hours(origin, destination))
            self.legs[key] = Leg(
                office=office, mode="air", carrier=self.carriers.get(carrier), number=number, charter=charter,
                vehicle=charter.aircraft if charter else self.rng.choice(["B787-9", "A350-900", "B737-800", "A321"]),
                departure_airport=origin, arrival_airport=destination,
                departure_country=airports.country(origin), arrival_country=airports.country(destination),
                scheduled_departure=departure, scheduled_arrival=arrival,
                departure_date=airports.local(origin, departure).date(),
                arrival_date=airports.local(destination, arrival).date(), seats=0)
            if charter is not None:  # a chartered aircraft's cabin is known: its seat map can be shown
                self.legs[key].seat_rows, self.legs[key].seat_letters = CABINS.get(charter.aircraft, (0, ""))
        return self.legs[key]


# Seat layouts of the charter aircraft (rows, letters with aisles), single class.
CABINS = {"B737-800": (32, "ABC DEF"), "A320": (30, "ABC DEF"), "E190": (25, "AB CD")}


def _plan(case: Case, region: str, day: dt.date, flights: _Flights, rng) -> list[Leg] | None:
    origin, destination = _airport(case.office.country), _airport(case.destination_country)
    if not origin or not destination or origin == destination:
        return None
    if case.programme in RETURNS:
        # Returns fly by charter: one aircraft per departure airport, destination and day.
        key = (origin, destination, day)
        if key not in flights.charters:
            flights.charters[key] = Charter(
                office=flights.hq, operator=rng.choice(["Air Charter Services", "Chapman Freeborn", "ACS Humanitarian"]),
                airline=flights.carriers.get("ET"), aircraft=rng.choice(["B737-800", "A320", "E190"]), seats=0,
                cost=Decimal(0), currency="USD", contract_ref=f"CH-{day:%Y}-{len(flights.charters) + 1:04d}",
                status="operated" if day < dt.date.today() else "contracted", departs_on=day)
        charter = flights.charters[key]
        return [flights.leg("ET", origin, destination, day, 6, charter=charter, office=flights.hq)]
    hub, carrier = rng.choice(HUBS.get(region, [("DOH", "QR")]))
    if hub in (origin, destination):
        return [flights.leg(carrier, origin, destination, day, 9, office=case.office)]
    first = flights.leg(carrier, origin, hub, day, 2 + rng.randrange(3) * 8, office=case.office)
    connection_day = airports.local(hub, first.scheduled_arrival + dt.timedelta(hours=3)).date()
    second = flights.leg(carrier, hub, destination, connection_day, 0, office=flights.hq)
    if second.scheduled_departure < first.scheduled_arrival + dt.timedelta(hours=2):
        # Leave at least two hours to connect: move the onward flight to a later hour that day.
        later = airports.local(hub, first.scheduled_arrival + dt.timedelta(hours=3))
        second.scheduled_departure = later.astimezone(dt.UTC)
        second.scheduled_arrival = second.scheduled_departure + dt.timedelta(hours=_hours(hub, destination))
        second.departure_date = later.date()
        second.arrival_date = airports.local(destination, second.scheduled_arrival).date()
    return [first, second]


def seed_movements(ctx) -> dict:
    rng, today = ctx.rng, ctx.as_of
    hq = Office.objects.filter(kind=Office.Kind.HEADQUARTERS).first()
    if hq is None or not ctx.case_ids:
        return {"legs": 0, "bookings": 0}
    regions = dict(Office.objects.values_list("pk", "region__code"))
    cases = [c for c in Case.objects.filter(pk__in=ctx.case_ids).select_related("office").order_by("pk")
             if c.status in TRAVELLING_STATUSES or (c.status == "approved" and rng.random() < 0.3)]
    members: dict[int, list[int]] = defaultdict(list)
    for case_id, person_id in (CaseMember.objects.filter(case_id__in=[c.pk for c in cases], left_on__isnull=True)
                               .order_by("id").values_list("case_id", "person_id")):
        members[case_id].append(person_id)
    flights = _Flights(rng, hq)
    # Flights leave every third day; past ones within the year, future ones within 60 days.
    past_days = [today - dt.timedelta(days=3 * k) for k in range(1, 121)]
    future_days = [today + dt.timedelta(days=3 * k) for k in range(1, 20)]
    plans = []
    for case in cases:
        if not members[case.pk]:
            continue
        if len(plans) >= MAX_BOOKINGS:
            break
        if case.status in ("arrived", "closed"):
            day, kind = rng.choice(past_days), "arrived"
        elif case.status == "departed":
            day, kind = today - dt.timedelta(days=1), "departed"  # in transit today
        else:
            day, kind = rng.choice(future_days), "booked" if case.status == "booked" else "held"
        legs = _plan(case, regions.get(case.office_id) or "", day, flights, rng)
        if legs:
            plans.append((case, legs, kind, members[case.pk]))
    _set_capacity(plans, flights, rng, today)
    Charter.objects.bulk_create(list(flights.charters.values()))
    for leg in flights.legs.values():
        leg.charter_id = leg.charter.pk if leg.charter else None
    legs = Leg.objects.bulk_create(list(flights.legs.values()), batch_size=BATCH)
    return _write_bookings(plans, rng) | {"legs": len(legs), "charters": len(flights.charters)}


def _write_bookings(plans, rng) -> dict:
    itineraries = Itinerary.objects.bulk_create([Itinerary(office=case.office) for case, _l, _k, _p in plans])
    ItineraryLeg.objects.bulk_create([
        ItineraryLeg(itinerary=it, leg=leg, position=i)
        for it, (_c, plan_legs, _k, _p) in zip(itineraries, plans, strict=True) for i, leg in enumerate(plan_legs)])
    status_of = {"arrived": "arrived", "departed": "departed", "booked": "ticketed", "held": "held"}
    bookings = Booking.objects.bulk_create([
        Booking(case=case, office=case.office, itinerary=it, status=status_of[kind],
                record_locator="".join(rng.choice(string.ascii_uppercase + string.digits) for _ in range(6)),
                fare=None if plan_legs[0].charter else Decimal(rng.randrange(450, 1900)), currency="USD",
                fare_basis="" if plan_legs[0].charter else "YRFG", departs_at=plan_legs[0].scheduled_departure,
                arrives_at=plan_legs[-1].scheduled_arrival, departure_date=plan_legs[0].departure_date,
                origin_country=plan_legs[0].departure_country, destination_country=case.destination_country)
        for it, (case, plan_legs, kind, _p) in zip(itineraries, plans, strict=True)])
    passengers, rows, events, booking_events = [], [], [], []
    for booking, (case, _plan_legs, _kind, _p) in zip(bookings, plans, strict=True):
        for status in ("held", "confirmed", "ticketed", "checked_in", "departed", "arrived"):
            booking_events.append(BookingEvent(booking=booking, at=booking.departs_at - dt.timedelta(days=20),
                                               to_status=status, office_id=case.office_id))
            if status == booking.status:
                break
    BookingEvent.objects.bulk_create(booking_events)
    for booking, (_case, _legs, _kind, people) in zip(bookings, plans, strict=True):
        for person_id in people:
            passengers.append(BookingPassenger(booking=booking, person_id=person_id,
                                               active=booking.status in Booking.ACTIVE))
    passengers = BookingPassenger.objects.bulk_create(passengers)
    by_booking = {b.pk: (b, plan) for b, plan in zip(bookings, plans, strict=True)}
    ticket = (PassengerLeg.objects.order_by("-pk").values_list("pk", flat=True).first() or 0) * 10 + 1
    for passenger in passengers:
        booking, (_case, plan_legs, kind, _p) = by_booking[passenger.booking_id]
        for i, leg in enumerate(plan_legs):
            status = _leg_status(kind, i, len(plan_legs))
            ticket += 1
            rows.append(PassengerLeg(passenger=passenger, booking=booking, person_id=passenger.person_id, leg=leg,
                                     position=i, status=status, ticket_number="" if kind == "held" else
                                     f"999{ticket:010d}"))
    rows = PassengerLeg.objects.bulk_create(rows, batch_size=BATCH)
    for row in rows:
        _booking, (case, plan_legs, _kind, _p) = by_booking[row.booking_id]
        events += _events(row, plan_legs, case.office_id, case.destination_country)
    MovementEvent.objects.bulk_create(events, batch_size=BATCH)
    return {"bookings": len(bookings), "passenger_legs": len(rows), "movement_events": len(events)}


def _leg_status(kind: str, position: int, count: int) -> str:
    if kind == "arrived":
        return "handed_over" if position == count - 1 else "arrived"
    if kind == "departed":
        return "in_transit" if position == 0 and count > 1 else ("departed" if position == 0 else "booked")
    return "booked"


def _events(row: PassengerLeg, plan_legs: list[Leg], office_id: int, destination: str) -> list[MovementEvent]:
    leg, last = plan_legs[row.position], row.position == len(plan_legs) - 1
    out = []

    def add(kind: str, at: dt.datetime, place: str, **extra) -> None:
        out.append(MovementEvent(passenger_leg=row, person_id=row.person_id, leg=leg, booking_id=row.booking_id,
                                 kind=kind, at=at, place=place, office_id=office_id, **extra))

    if row.status == "booked":
        return out
    if row.position == 0:
        add("checked_in", leg.scheduled_departure - dt.timedelta(hours=3), leg.departure_airport)
        add("departed", leg.scheduled_departure, leg.departure_airport)
    else:
        add("departed_transit", leg.scheduled_departure, leg.departure_airport)
    if row.status in ("in_transit", "arrived", "handed_over"):
        add("arrived" if last else "arrived_transit", leg.scheduled_arrival, leg.arrival_airport)
    if row.status == "handed_over":
        add("handed_over", leg.scheduled_arrival + dt.timedelta(hours=2), leg.arrival_airport,
            handed_over_to=f"Receiving agency ({destination})")
    return out


def _set_capacity(plans, flights: _Flights, rng, today: dt.date) -> None:
    """Before writing: seats so that load factors look like the agency's (70-100%), leg and
    charter statuses from their dates, charter cost by seats."""
    taken: dict[int, int] = defaultdict(int)
    for _case, plan_legs, _kind, people in plans:
        for leg in plan_legs:
            taken[id(leg)] += len(people)
    now = dt.datetime.combine(today, dt.time(12, 0), tzinfo=dt.UTC)
    for leg in flights.legs.values():
        leg.seats = max(taken[id(leg)], math.ceil(taken[id(leg)] / rng.uniform(0.7, 1.0)))
        if leg.scheduled_arrival < now:
            leg.status, leg.actual_departure, leg.actual_arrival = "arrived", leg.scheduled_departure, leg.scheduled_arrival
        elif leg.scheduled_departure < now:
            leg.status, leg.actual_departure = "departed", leg.scheduled_departure
        if leg.charter is not None:
            leg.charter.seats = max(leg.charter.seats, leg.seats)
            leg.charter.cost = Decimal(leg.charter.seats * rng.randrange(900, 1500))
