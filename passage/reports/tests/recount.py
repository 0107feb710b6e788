"""A plain recount of the figures from the movements records, written independently of the
summary tables (walking every passenger-leg in Python), for the tests to compare against."""

from __future__ import annotations

from collections import Counter

from passage.movements.models import Booking, PassengerLeg

FLOWN = {"departed", "in_transit", "arrived", "handed_over"}


def _age_group(age: int) -> str:
    return "0_4" if age < 5 else "5_11" if age < 12 else "12_17" if age < 18 else "18_59" if age < 60 else "60_plus"


def _root(booking: Booking) -> int:
    while booking.rebooked_from_id is not None:
        booking = booking.rebooked_from
    return booking.pk


def persons_moved() -> dict[tuple, dict]:
    """(root booking, person) -> the person's first departed leg and their attributes."""
    journeys: dict[tuple, list] = {}
    for pl in PassengerLeg.objects.filter(status__in=FLOWN).select_related("leg", "booking__case", "person",
                                                                            "booking__rebooked_from"):
        journeys.setdefault((_root(pl.booking), pl.person_id), []).append(pl)
    out = {}
    for key, legs in journeys.items():
        first = min(legs, key=lambda pl: (pl.leg.scheduled_departure, pl.leg_id))
        person = first.person
        day = first.leg.departure_date
        age = day.year - person.date_of_birth.year - (
            (day.month, day.day) < (person.date_of_birth.month, person.date_of_birth.day))
        modes = {pl.leg.mode for pl in legs}
        out[key] = {
            "date": day, "departure_country": first.leg.departure_country,
            "destination_country": first.booking.destination_country, "nationality": person.nationality,
            "sex": person.sex, "age_group": _age_group(age), "programme": first.booking.case.programme,
            "mode": "air" if "air" in modes else "sea" if "sea" in modes else "land",
            "charter": any(pl.leg.charter_id for pl in legs), "office_id": first.booking.office_id,
        }
    return out


def count_by(*dims: str, where=None) -> Counter:
    counter: Counter = Counter()
    for row in persons_moved().values():
        if where is None or where(row):
            counter[tuple(row[d] for d in dims)] += 1
    return counter


def flight_sectors(where=None) -> int:
    legs = PassengerLeg.objects.filter(status__in=FLOWN, leg__mode="air").select_related("leg", "booking")
    return len({pl.leg_id for pl in legs if where is None or where(pl)})


def movements() -> int:
    return PassengerLeg.objects.filter(status__in=FLOWN).count()


def no_shows(date_from=None, date_to=None) -> int:
    """Persons on a journey with a no-show leg and no departed leg (on the booking's planned
    departure date, if a period is given)."""
    moved = set(persons_moved())
    keys = {(_root(pl.booking), pl.person_id) for pl in
            PassengerLeg.objects.filter(status="no_show").select_related("booking__rebooked_from")
            if date_from is None or date_from <= pl.booking.departure_date <= date_to}
    return len(keys - moved)


def sectors_by_person(attribute: str, where=None) -> dict[str, tuple[int, int]]:
    """attribute ("nationality", "sex", "age_group") -> (distinct air legs with such a passenger
    departed, departed passenger-legs); age on the leg's local departure date."""
    legs: dict[str, set] = {}
    movements: Counter = Counter()
    for pl in PassengerLeg.objects.filter(status__in=FLOWN).select_related("leg", "person", "booking"):
        if where is not None and not where(pl):
            continue
        day, born = pl.leg.departure_date, pl.person.date_of_birth
        age = day.year - born.year - ((day.month, day.day) < (born.month, born.day))
        key = {"nationality": pl.person.nationality, "sex": pl.person.sex,
               "age_group": _age_group(max(age, 0))}[attribute]
        movements[key] += 1
        if pl.leg.mode == "air":
            legs.setdefault(key, set()).add(pl.leg_id)
    return {key: (len(legs.get(key, ())), n) for key, n in movements.items()}
