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
    PassengerLeg,
)

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


class _Legs:
    """Legs shared by travellers on the same route and day (a flight carries many cases)."""

    def __init__(self, rng: random.Random, office_id: int):
        self.rng = rng
        self.office_id = office_id
        self.cache: dict[tuple, Leg] = {}
        self.number = 1000 + Leg.objects.count()

    def get(self, day: dt.date, dep: str, arr: str, dep_country: str, arr_country: str, mode: str,
            charter: bool) -> tuple[Leg, bool]:
        key = (day, dep, arr, mode, charter)
        if key in self.cache:
            return self.cache[key], False
        self.number += 1
        hour = self.rng.randrange(0, 20)
        departs = dt.datetime.combine(day, dt.time(hour), tzinfo=dt.UTC)
        leg = Leg(office_id=self.office_id, mode=mode, number=f"PS{self.number}", departure_airport=dep,
                  arrival_airport=arr, departure_country=dep_country, arrival_country=arr_country,
                  scheduled_departure=departs, scheduled_arrival=departs + dt.timedelta(hours=4),
                  departure_date=day, arrival_date=(departs + dt.timedelta(hours=4)).date(),
                  actual_departure=departs, actual_arrival=departs + dt.timedelta(hours=4),
                  seats=300, status=Leg.Status.ARRIVED)
        self.cache[key] = leg
        return leg, True


def create_history(travellers: Iterable[Traveller], *, rng: random.Random, as_of: dt.date, days: int = 730,
                   leg_office_id: int, charter_share: float = 0.12, no_show_share: float = 0.02,
                   cancel_share: float = 0.03, batch: int = 2000) -> dict[str, int]:
    """Past journeys for `travellers`, each on a random day in the `days` before `as_of`."""
    legs = _Legs(rng, leg_office_id)
    counts = {"bookings": 0, "passenger_legs": 0, "legs": 0, "charters": 0}
    pending: list[tuple[Traveller, dt.date, str, list[Leg]]] = []
    new_legs: list[Leg] = []
    charters: dict[tuple, Charter] = {}

    def flush() -> None:
        if not pending:
            return
        new_charters = [c for c in charters.values() if c.pk is None]
        Charter.objects.bulk_create(new_charters)
        for leg in new_legs:
            if getattr(leg, "_charter_key", None):
                leg.charter = charters[leg._charter_key]
        Leg.objects.bulk_create(new_legs)
        counts["legs"] += len(new_legs)
        counts["charters"] += len(new_charters)
        new_legs.clear()
        itineraries = Itinerary.objects.bulk_create([Itinerary(office_id=t.office_id) for t, *_r in pending])
        ItineraryLeg.objects.bulk_create([ItineraryLeg(itinerary=it, leg=leg, position=i)
                                          for it, (_t, _d, _s, route) in zip(itineraries, pending, strict=True)
                                          for i, leg in enumerate(route)])
        now = timezone.now()
        bookings = Booking.objects.bulk_create([Booking(
            case_id=t.case_id, office_id=t.office_id, itinerary=it, status=status,
            departs_at=route[0].scheduled_departure, arrives_at=route[-1].scheduled_arrival,
            departure_date=day, origin_country=t.origin, destination_country=t.destination,
            created_at=now) for it, (t, day, status, route) in zip(itineraries, pending, strict=True)])
        passengers = BookingPassenger.objects.bulk_create([
            BookingPassenger(booking=b, person_id=p, active=False)
            for b, (t, *_r) in zip(bookings, pending, strict=True) for p in t.person_ids])
        rows = []
        by_booking = iter(passengers)
        for b, (t, _day, status, route) in zip(bookings, pending, strict=True):
            for _ in t.person_ids:
                bp = next(by_booking)
                for i, leg in enumerate(route):
                    if status == B.ARRIVED:
                        leg_status = P.HANDED_OVER if i == len(route) - 1 else P.ARRIVED
                    elif status == B.NO_SHOW:
                        leg_status = P.NO_SHOW if i == 0 else P.CANCELLED
                    else:
                        leg_status = P.CANCELLED
                    rows.append(PassengerLeg(passenger=bp, booking=b, person_id=bp.person_id, leg=leg, position=i,
                                             status=leg_status, holds_seat=status == B.ARRIVED))
        PassengerLeg.objects.bulk_create(rows, batch_size=5000)
        counts["bookings"] += len(bookings)
        counts["passenger_legs"] += len(rows)
        pending.clear()

    for t in travellers:
        day = as_of - dt.timedelta(days=rng.randint(1, days))
        roll = rng.random()
        status = B.NO_SHOW if roll < no_show_share else B.CANCELLED if roll < no_show_share + cancel_share else B.ARRIVED
        origin_airport, destination_airport = airport_for(t.origin), airport_for(t.destination)
        if rng.random() < charter_share:
            key = (day, origin_airport, destination_airport)
            leg, new = legs.get(day, origin_airport, destination_airport, t.origin, t.destination, "air", True)
            if new:
                charters[key] = Charter(office_id=leg_office_id, operator="Demo Charter Air", aircraft="A330",
                                        seats=rng.choice([180, 220, 260, 300]), cost=150000, departs_on=day,
                                        status=Charter.Status.OPERATED)
                leg._charter_key = key
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
