"""A synthetic history of past movements written straight into the movements tables (bulk_create),
for the demo world and the benchmarks: cases fly from their office's country through a hub to their
destination, families together, on shared commercial flights or charters; a few no-shows and
cancellations. Call facts.rebuild() afterwards (rows written this way bypass the services)."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.utils import timezone

from passage.core import reference
from passage.movements.models import (
    Booking,
    BookingPassenger,
    Charter,
    Itinerary,
    ItineraryLeg,
    Leg,
    MovementEvent,
    PassengerLeg,
)
from passage.reports.bulk import OrmWriter

HUBS = [("IST", "TUR"), ("DOH", "QAT"), ("DXB", "ARE"), ("ADD", "ETH"), ("FRA", "DEU"), ("AMS", "NLD")]
AIRPORTS = {
    "KEN": "NBO", "JOR": "AMM", "TUR": "IST", "LBN": "BEY", "ETH": "ADD", "UGA": "EBB", "TZA": "DAR",
    "SDN": "KRT", "AFG": "KBL", "PAK": "ISB", "BGD": "DAC", "LBY": "MJI", "EGY": "CAI", "IRQ": "EBL",
    "SYR": "DAM", "YEM": "ADE", "DJI": "JIB", "SOM": "MGQ", "RWA": "KGL", "COD": "FIH", "MYS": "KUL",
    "THA": "BKK", "IDN": "CGK", "NPL": "KTM", "USA": "JFK", "CAN": "YYZ", "AUS": "SYD", "GBR": "LHR",
    "DEU": "FRA", "SWE": "ARN", "NOR": "OSL", "FRA": "CDG", "NZL": "AKL", "NLD": "AMS", "FIN": "HEL",
    "BEL": "BRU", "ESP": "MAD", "ITA": "FCO", "CHE": "ZRH", "IRL": "DUB", "PRT": "LIS", "BRA": "GRU",
    "ARG": "EZE", "JPN": "NRT", "KOR": "ICN", "DNK": "CPH", "AUT": "VIE", "NGA": "LOS", "GHA": "ACC",
    "SEN": "DSS", "MLI": "BKO", "NER": "NIM", "GIN": "CKY", "CIV": "ABJ", "CMR": "DLA", "TCD": "NDJ",
}
P = PassengerLeg.Status
B = Booking.Status
HANDED_OVER, ARRIVED, NO_SHOW, CANCELLED = str(P.HANDED_OVER), str(P.ARRIVED), str(P.NO_SHOW), str(P.CANCELLED)
IN_TRANSIT = str(P.IN_TRANSIT)
K = MovementEvent.Kind
EVENT_NAMES = ("passenger_leg_id", "person_id", "leg_id", "booking_id", "kind", "at", "place", "office_id", "reason",
               "handed_over_to")


def _events(leg: _Leg, position: int, last: int, status: str) -> list[tuple[str, dt.datetime, str, str, str]]:
    """The movement events (kind, time, place, reason, handed over to) that led one passenger to
    `status` on a leg, in the order the movements module accepts them."""
    dep, arr = leg.departure_airport, leg.arrival_airport
    if status == NO_SHOW:
        return [(str(K.NO_SHOW), leg.departs - dt.timedelta(minutes=40), dep, "Did not come to the airport", "")]
    if status not in (IN_TRANSIT, ARRIVED, HANDED_OVER):
        return []
    if position == 0:
        out = [(str(K.CHECKED_IN), leg.departs - dt.timedelta(hours=2, minutes=30), dep, "", ""),
               (str(K.BOARDED), leg.departs - dt.timedelta(minutes=35), dep, "", ""),
               (str(K.DEPARTED), leg.departs + dt.timedelta(minutes=10), dep, "", "")]
    else:
        out = [(str(K.DEPARTED_TRANSIT), leg.departs + dt.timedelta(minutes=10), dep, "", "")]
    if position < last:
        out.append((str(K.ARRIVED_TRANSIT), leg.arrives, arr, "", ""))
        return out
    out.append((str(K.ARRIVED), leg.arrives, arr, "", ""))
    if status == HANDED_OVER:
        out.append((str(K.HANDED_OVER), leg.arrives + dt.timedelta(hours=1, minutes=15), arr, "",
                    "Receiving partner"))
    return out


@dataclass
class Traveller:
    case_id: int
    office_id: int
    origin: str
    destination: str
    person_ids: Sequence[int]


def airport_for(country: str) -> str:
    if country in AIRPORTS:
        return AIRPORTS[country]
    for code, airport in reference.airports().items():
        if airport.country == country and len(code) == 3:
            AIRPORTS[country] = code
            return code
    return "XXX"


@dataclass
class _Leg:
    """A leg to write (legs are shared by the travellers on the same route and day)."""

    day: dt.date
    departure_airport: str
    arrival_airport: str
    departure_country: str
    arrival_country: str
    mode: str
    charter_key: tuple | None
    number: str
    departs: dt.datetime
    pk: int | None = None

    @property
    def arrives(self) -> dt.datetime:
        return self.departs + dt.timedelta(hours=4)


LEG_NAMES = ("office_id", "mode", "number", "departure_airport", "arrival_airport", "departure_country",
             "arrival_country", "scheduled_departure", "scheduled_arrival", "departure_date", "arrival_date",
             "actual_departure", "actual_arrival", "seats", "status", "charter_id")


class _Legs:
    def __init__(self, rng: random.Random):
        self.rng = rng
        self.cache: dict[tuple, _Leg] = {}
        self.number = 1000 + Leg.objects.count()

    def get(self, day: dt.date, dep: str, arr: str, dep_country: str, arr_country: str, mode: str,
            charter: bool) -> tuple[_Leg, bool]:
        key = (day, dep, arr, mode, charter)
        if key in self.cache:
            return self.cache[key], False
        self.number += 1
        hour = self.rng.randrange(0, 20)
        leg = _Leg(day, dep, arr, dep_country, arr_country, mode, (day, dep, arr) if charter else None,
                   f"PS{self.number}", dt.datetime.combine(day, dt.time(hour), tzinfo=dt.UTC))
        self.cache[key] = leg
        return leg, True


def create_history(travellers: Iterable[Traveller], *, rng: random.Random, as_of: dt.date, days: int = 730,
                   leg_office_id: int, charter_share: float = 0.12, no_show_share: float = 0.02,
                   cancel_share: float = 0.03, batch: int = 2000, writer=None, events: bool = False) -> dict[str, int]:
    """Past journeys for `travellers`, each on a random day in the `days` before `as_of`. `writer`
    (reports.bulk) writes the rows: through the ORM unless given a FastWriter. With `events`, each
    passenger also gets the movement events behind their statuses (check-in, boarding, departure,
    transit, arrival, hand-over; or the no-show), recorded in the name of the booking's office."""
    writer = writer or OrmWriter()
    legs = _Legs(rng)
    counts = {"bookings": 0, "passenger_legs": 0, "legs": 0, "charters": 0, "movement_events": 0}
    pending: list[tuple[Traveller, dt.date, str, list[_Leg]]] = []
    new_legs: list[_Leg] = []
    charters: dict[tuple, int | None] = {}
    new_charters: list[tuple] = []
    arrived, no_show, cancelled = str(B.ARRIVED), str(B.NO_SHOW), str(B.CANCELLED)
    operated, leg_arrived = str(Charter.Status.OPERATED), str(Leg.Status.ARRIVED)

    def flush() -> None:
        if not pending:
            return
        ids = writer.insert(Charter, ("office_id", "operator", "aircraft", "seats", "cost", "departs_on", "status"),
                            [(leg_office_id, "Demo Charter Air", "A330", seats, 150000, day, operated)
                             for _key, day, seats in new_charters])
        for (key, _day, _seats), pk in zip(new_charters, ids, strict=True):
            charters[key] = pk
        counts["charters"] += len(new_charters)
        new_charters.clear()
        ids = writer.insert(Leg, LEG_NAMES, [(
            leg_office_id, leg.mode, leg.number, leg.departure_airport, leg.arrival_airport, leg.departure_country,
            leg.arrival_country, leg.departs, leg.arrives, leg.day, leg.arrives.date(), leg.departs, leg.arrives,
            300, leg_arrived, charters[leg.charter_key] if leg.charter_key else None) for leg in new_legs])
        for leg, pk in zip(new_legs, ids, strict=True):
            leg.pk = pk
        counts["legs"] += len(new_legs)
        new_legs.clear()
        itineraries = writer.insert(Itinerary, ("office_id",), [(t.office_id,) for t, *_r in pending])
        writer.insert(ItineraryLeg, ("itinerary_id", "leg_id", "position"), [
            (it, leg.pk, i) for it, (_t, _d, _s, route) in zip(itineraries, pending, strict=True)
            for i, leg in enumerate(route)])
        now = timezone.now()
        bookings = writer.insert(Booking, (
            "case_id", "office_id", "itinerary_id", "status", "departs_at", "arrives_at", "departure_date",
            "origin_country", "destination_country", "created_at"), [
            (t.case_id, t.office_id, it, status, route[0].departs, route[-1].arrives, day, t.origin, t.destination,
             now) for it, (t, day, status, route) in zip(itineraries, pending, strict=True)])
        passengers = writer.insert(BookingPassenger, ("booking_id", "person_id", "active"), [
            (b, p, False) for b, (t, *_r) in zip(bookings, pending, strict=True) for p in t.person_ids])
        rows = []
        happened: list[tuple] = []
        by_booking = iter(passengers)
        for b, (t, _day, status, route) in zip(bookings, pending, strict=True):
            last = len(route) - 1
            for person_id in t.person_ids:
                bp = next(by_booking)
                for i, leg in enumerate(route):
                    if status == arrived:
                        leg_status = HANDED_OVER if i == last else IN_TRANSIT
                    elif status == no_show:
                        leg_status = NO_SHOW if i == 0 else CANCELLED
                    else:
                        leg_status = CANCELLED
                    rows.append((bp, b, person_id, leg.pk, i, leg_status, status == arrived))
                    if events:
                        happened.append((leg, i, last, leg_status, person_id, b, t.office_id))
        ids = writer.insert(PassengerLeg, ("passenger_id", "booking_id", "person_id", "leg_id", "position", "status",
                                           "holds_seat"), rows)
        if events:
            written = writer.insert(MovementEvent, EVENT_NAMES, [
                (pl, person_id, leg.pk, b, kind, at, place, office_id, reason, handed_over_to)
                for pl, (leg, i, last, leg_status, person_id, b, office_id) in zip(ids, happened, strict=True)
                for kind, at, place, reason, handed_over_to in _events(leg, i, last, leg_status)])
            counts["movement_events"] += len(written)
            happened.clear()
        counts["bookings"] += len(bookings)
        counts["passenger_legs"] += len(rows)
        pending.clear()

    for t in travellers:
        day = as_of - dt.timedelta(days=rng.randint(1, days))
        roll = rng.random()
        status = no_show if roll < no_show_share else cancelled if roll < no_show_share + cancel_share else arrived
        origin_airport, destination_airport = airport_for(t.origin), airport_for(t.destination)
        if rng.random() < charter_share:
            key = (day, origin_airport, destination_airport)
            leg, new = legs.get(day, origin_airport, destination_airport, t.origin, t.destination, "air", True)
            if new:
                charters[key] = None
                new_charters.append((key, day, rng.choice([180, 220, 260, 300])))
                new_legs.append(leg)
            route = [leg]
        elif rng.random() < 0.03:
            leg, new = legs.get(day, origin_airport, destination_airport, t.origin, t.destination, "land", False)
            if new:
                new_legs.append(leg)
            route = [leg]
        else:
            hub, hub_country = rng.choice(HUBS)
            first, new1 = legs.get(day, origin_airport, hub, t.origin, hub_country, "air", False)
            later = day + dt.timedelta(days=1)
            second, new2 = legs.get(later, hub, destination_airport, hub_country, t.destination, "air", False)
            new_legs.extend(leg for leg, new in ((first, new1), (second, new2)) if new)
            route = [first, second]
        pending.append((t, day, status, route))
        if len(pending) >= batch:
            flush()
    flush()
    return counts
