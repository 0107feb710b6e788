"""Keeping the summary tables equal to the movements records.

`refresh_journeys` recomputes the journeys (booking chains) of some bookings from the records,
compares them with their stored PersonMovement rows and applies the difference to DailyFact (one
upsert per changed cell) and SectorFact (recounted per touched leg), in the caller's transaction.
`rebuild` recomputes everything. Both use `compute_journeys`, so an incremental update and a
rebuild cannot disagree; tests compare both with an independent recount.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator

from django.db import connection, transaction
from django.db.models import Count

from passage.movements.models import Booking, BookingPassenger, Leg, PassengerLeg
from passage.registry import signals
from passage.registry.models import Person
from passage.reports import bulk
from passage.reports.definitions import FLOWN, Outcome, age_group, age_on
from passage.reports.models import (
    DIMENSIONS,
    DailyFact,
    MonthlyTally,
    PersonMovement,
    SectorFact,
    SectorPersonFact,
    WorldTally,
)

CHUNK = 2000


# --- Journeys -----------------------------------------------------------------------------------

def _roots(booking_ids: Iterable[int]) -> dict[int, int]:
    """booking id -> root id (first booking of its rebooking chain), for the given bookings and
    every booking in their chains."""
    parent: dict[int, int | None] = {}
    todo = set(booking_ids)
    while todo:
        rows = list(Booking.objects.filter(pk__in=todo).values_list("pk", "rebooked_from_id"))
        parent.update(rows)
        todo = {p for _b, p in rows if p is not None and p not in parent}
    frontier = set(parent)
    while frontier:
        rows = list(Booking.objects.filter(rebooked_from_id__in=frontier).values_list("pk", "rebooked_from_id"))
        frontier = {b for b, _p in rows if b not in parent}
        parent.update(rows)
    return {b: _walk(b, parent) for b in parent}


def _walk(booking_id: int, parent: dict[int, int | None]) -> int:
    seen = set()
    while parent.get(booking_id) is not None and booking_id not in seen:
        seen.add(booking_id)
        booking_id = parent[booking_id]  # type: ignore[assignment]
    return booking_id


def _main_mode(modes: set[str]) -> str:
    for mode in ("air", "sea", "land"):
        if mode in modes:
            return mode
    return "land"


def compute_journeys(roots: dict[int, int]) -> list[dict]:
    """The PersonMovement rows (as dicts) of the journeys whose bookings are the keys of `roots`
    (booking id -> root id); each journey must be given whole."""
    if not roots:
        return []
    bookings = {b["pk"]: b for b in Booking.objects.filter(pk__in=list(roots)).values(
        "pk", "status", "office_id", "destination_country", "departure_date", "origin_country",
        "case__programme")}
    legs = list(PassengerLeg.objects.filter(booking_id__in=list(roots)).values_list(
        "booking_id", "person_id", "status", "leg__scheduled_departure", "leg_id", "leg__departure_date",
        "leg__departure_country", "leg__mode", "leg__charter_id", "position"))
    persons = {p[0]: p[1:] for p in Person.objects.filter(
        pk__in={r[1] for r in legs}).values_list("pk", "nationality", "sex", "date_of_birth")}
    journeys: dict[tuple[int, int], list] = {}
    for row in legs:
        journeys.setdefault((roots[row[0]], row[1]), []).append(row)
    out = []
    for (root, person_id), rows in journeys.items():
        flown = sorted((r for r in rows if r[2] in FLOWN), key=lambda r: (r[3], r[4]))
        if flown:
            first = flown[0]
            booking = bookings[first[0]]
            fact = {"outcome": Outcome.MOVED, "booking_id": first[0], "date": first[5],
                    "departure_country": first[6], "mode": _main_mode({r[7] for r in flown}),
                    "charter": any(r[8] is not None for r in flown), "sectors": len({r[4] for r in flown})}
        else:
            chain = sorted({r[0] for r in rows})
            last = bookings[chain[-1]]
            no_show = [r for r in rows if r[2] == PassengerLeg.Status.NO_SHOW]
            if no_show:
                booking = bookings[no_show[0][0]]
                outcome = Outcome.NO_SHOW
            elif last["status"] == Booking.Status.CANCELLED:
                booking, outcome = last, Outcome.CANCELLED
            else:
                continue
            mine = sorted((r for r in rows if r[0] == booking["pk"]), key=lambda r: (r[3], r[4]))
            fact = {"outcome": outcome, "booking_id": booking["pk"], "date": booking["departure_date"],
                    "departure_country": booking["origin_country"], "mode": _main_mode({r[7] for r in mine}),
                    "charter": any(r[8] is not None for r in mine), "sectors": 0}
        nationality, sex, born = persons[person_id]
        age = age_on(born, fact["date"])
        fact.update(root_booking_id=root, person_id=person_id, destination_country=booking["destination_country"],
                    nationality=nationality, sex=sex, age=min(age, 150), age_group=age_group(age),
                    programme=booking["case__programme"], office_id=booking["office_id"])
        out.append(fact)
    return out


JOURNEY_NAMES = ("root_booking_id", "booking_id", "person_id", "outcome", "date", "departure_country",
                 "destination_country", "nationality", "sex", "age", "age_group", "programme", "mode", "charter",
                 "office_id", "sectors")


def _cell(fact: dict) -> tuple:
    return tuple(fact[name] for name in DIMENSIONS)


# Plain strings (the database drivers would not all write an enum member as its value).
TOTAL, DEPARTURE, DESTINATION, NATIONALITY, PROGRAMME, CARRIAGE, PYRAMID = (
    str(d.value) for d in MonthlyTally.Dimension)


def _breakdown(cell: tuple) -> Iterator[tuple[str, str, str]]:
    """(outcome, dimension, value) a daily cell counts under: the total for every outcome, and
    each breakdown for persons moved."""
    _day, outcome, departure, destination, nationality, sex, group, programme, mode, charter, _office = cell
    yield outcome, TOTAL, ""
    if outcome != Outcome.MOVED:
        return
    yield outcome, DEPARTURE, departure
    yield outcome, DESTINATION, destination
    yield outcome, NATIONALITY, nationality
    yield outcome, PROGRAMME, programme
    yield outcome, CARRIAGE, f"{mode}:{int(bool(charter))}"
    yield outcome, PYRAMID, f"{sex}:{group}"


def tallies(cells: Counter) -> Counter:
    """MonthlyTally keys (month, outcome, office, dimension, value) -> persons."""
    out: Counter = Counter()
    for cell, n in cells.items():
        if n:
            month, office_id = cell[0].replace(day=1), cell[-1]
            for outcome, dimension, value in _breakdown(cell):
                out[(month, outcome, office_id, dimension, value)] += n
    return out


def world_tallies(cells: Counter) -> Counter:
    """WorldTally keys (period, date, outcome, dimension, value) -> persons, by month and by day."""
    out: Counter = Counter()
    for cell, n in cells.items():
        if n:
            day = cell[0]
            month = day.replace(day=1)
            for outcome, dimension, value in _breakdown(cell):
                out[("month", month, outcome, dimension, value)] += n
                out[("day", day, outcome, dimension, value)] += n
    return out


# --- Applying differences -----------------------------------------------------------------------

_UPSERT: dict[str, str] = {}
TALLY_KEY = ("month", "outcome", "office_id", "dimension", "value")
WORLD_KEY = ("period", "date", "outcome", "dimension", "value")


def _upsert_sql(model, names: tuple[str, ...]) -> str:
    """INSERT ... ON CONFLICT (the cell) DO UPDATE adding to its persons (both databases)."""
    if model.__name__ not in _UPSERT:
        table = connection.ops.quote_name(model._meta.db_table)
        cols = [model._meta.get_field(n if n != "office_id" else "office").column for n in names]
        quoted = ", ".join(connection.ops.quote_name(c) for c in cols)
        persons = connection.ops.quote_name("persons")
        marks = ", ".join(["%s"] * (len(cols) + 1))
        _UPSERT[model.__name__] = (
            f"INSERT INTO {table} ({quoted}, {persons}) VALUES ({marks}) "  # nosec B608 (names from models)
            f"ON CONFLICT ({quoted}) DO UPDATE SET {persons} = {table}.{persons} + excluded.{persons}")
    return _UPSERT[model.__name__]


def _apply_cells(delta: Counter) -> None:
    """Add a difference of daily cells to DailyFact and to the monthly tallies, and drop the rows
    that fell to zero."""
    # In key order: two transactions that change the same rows (the world's totals of one day) lock
    # them in the same order and wait for each other instead of deadlocking.
    changes = sorted((*cell, n) for cell, n in delta.items() if n)
    tally_changes = sorted((*key, n) for key, n in tallies(delta).items() if n)
    world_changes = sorted((*key, n) for key, n in world_tallies(delta).items() if n)
    if changes:
        with connection.cursor() as cursor:
            cursor.executemany(_upsert_sql(DailyFact, DIMENSIONS), changes)
    if tally_changes:
        with connection.cursor() as cursor:
            cursor.executemany(_upsert_sql(MonthlyTally, TALLY_KEY), tally_changes)
    if world_changes:
        with connection.cursor() as cursor:
            cursor.executemany(_upsert_sql(WorldTally, WORLD_KEY), world_changes)
    if changes:
        DailyFact.objects.filter(persons=0).filter(date__in={cell[0] for cell in delta}).delete()
    if tally_changes:
        MonthlyTally.objects.filter(persons=0).filter(month__in={key[0] for key in tally_changes}).delete()
    if world_changes:
        WorldTally.objects.filter(persons=0).filter(date__in={key[1] for key in world_changes}).delete()


SECTOR_NAMES = ("leg_id", "date", "departure_country", "arrival_country", "mode", "charter_id", "office_id",
                "destination_country", "programme", "passengers")


def _sector_rows(leg_ids: list[int] | None) -> Iterator[tuple]:
    """SectorFact rows as tuples in the order of SECTOR_NAMES."""
    rows = PassengerLeg.objects.filter(status__in=FLOWN)
    if leg_ids is not None:
        rows = rows.filter(leg_id__in=leg_ids)
    grouped = rows.values("leg_id", "booking__office_id", "booking__destination_country",
                          "booking__case__programme").annotate(n=Count("id")).order_by()
    legs: dict[int, dict] = {}
    for g in (grouped.iterator(chunk_size=CHUNK) if leg_ids is None else grouped):
        if g["leg_id"] not in legs:
            legs[g["leg_id"]] = {}
        legs[g["leg_id"]][(g["booking__office_id"], g["booking__destination_country"],
                           g["booking__case__programme"])] = g["n"]
    ids = list(legs)
    for start in range(0, len(ids), CHUNK):
        for leg in Leg.objects.filter(pk__in=ids[start:start + CHUNK]).values(
                "pk", "departure_date", "departure_country", "arrival_country", "mode", "charter_id"):
            for (office_id, destination, programme), n in legs[leg["pk"]].items():
                yield (leg["pk"], leg["departure_date"], leg["departure_country"], leg["arrival_country"],
                       leg["mode"], leg["charter_id"], office_id, destination, programme, n)


SECTOR_PERSON_NAMES = ("leg_id", "date", "departure_country", "mode", "office_id", "destination_country",
                       "programme", "nationality", "sex", "age_group", "passengers")


def _sector_person_rows(leg_ids: list[int] | None) -> Iterator[tuple]:
    """SectorPersonFact rows as tuples in the order of SECTOR_PERSON_NAMES (ages on the leg's date)."""
    rows = PassengerLeg.objects.filter(status__in=FLOWN)
    if leg_ids is not None:
        rows = rows.filter(leg_id__in=leg_ids)
    grouped = rows.values_list("leg_id", "booking__office_id", "booking__destination_country",
                               "booking__case__programme", "person__nationality", "person__sex",
                               "person__date_of_birth").annotate(n=Count("id")).order_by()
    legs: dict[int, list] = {}
    for leg_id, *rest in (grouped.iterator(chunk_size=CHUNK) if leg_ids is None else grouped):
        legs.setdefault(leg_id, []).append(rest)
    ids = list(legs)
    for start in range(0, len(ids), CHUNK):
        for pk, day, departure, mode in Leg.objects.filter(pk__in=ids[start:start + CHUNK]).values_list(
                "pk", "departure_date", "departure_country", "mode"):
            cells: Counter = Counter()
            for office_id, destination, programme, nationality, sex, born, n in legs[pk]:
                cells[(office_id, destination, programme, nationality, sex, age_group(age_on(born, day)))] += n
            for (office_id, destination, programme, nationality, sex, group), n in cells.items():
                yield pk, day, departure, mode, office_id, destination, programme, nationality, sex, group, n


def refresh_journeys(booking_ids: Iterable[int]) -> None:
    """Bring the summary tables in line with the records for the journeys of `booking_ids`.
    Call inside the transaction that changed them."""
    roots = _roots(booking_ids)
    if not roots:
        return
    with transaction.atomic():
        new = {(f["root_booking_id"], f["person_id"]): f for f in compute_journeys(roots)}
        # A booking that became part of a chain leaves rows under its former root: take those too.
        stored = list(PersonMovement.objects.select_for_update().filter(
            root_booking_id__in=set(roots) | set(roots.values())))
        delta: Counter = Counter()
        unchanged = set()
        for row in stored:
            key = (row.root_booking_id, row.person_id)
            old = {name: getattr(row, name) for name in new.get(key, {})}
            if key in new and old == new[key]:
                unchanged.add(key)
                continue
            delta[tuple(getattr(row, n) for n in DIMENSIONS)] -= 1
        for key, fact in new.items():
            if key not in unchanged:
                delta[_cell(fact)] += 1
        PersonMovement.objects.filter(pk__in=[r.pk for r in stored
                                              if (r.root_booking_id, r.person_id) not in unchanged]).delete()
        PersonMovement.objects.bulk_create([PersonMovement(**f) for k, f in new.items() if k not in unchanged])
        _apply_cells(delta)
        leg_ids = sorted(set(PassengerLeg.objects.filter(booking_id__in=list(roots)).values_list("leg_id", flat=True)))
        # Two bookings on one flight may change at once: recount each leg under its row lock, in
        # primary-key order, so that their delete-and-insert of the leg's rows never interleave.
        list(Leg.objects.select_for_update().filter(pk__in=leg_ids).order_by("pk").values_list("pk", flat=True))
        SectorFact.objects.filter(leg_id__in=leg_ids).delete()
        SectorFact.objects.bulk_create([SectorFact(**dict(zip(SECTOR_NAMES, row, strict=True)))
                                        for row in _sector_rows(leg_ids)])
        SectorPersonFact.objects.filter(leg_id__in=leg_ids).delete()
        SectorPersonFact.objects.bulk_create([SectorPersonFact(**dict(zip(SECTOR_PERSON_NAMES, row, strict=True)))
                                              for row in _sector_person_rows(leg_ids)])


def on_movements_changed(sender, booking_ids: list[int], **kwargs) -> None:
    refresh_journeys(booking_ids)


# Inputs of a case that no summary table reads: a clearance (recorded, changed or derived) moves
# the case's readiness, not its past movements. An empty set means "not said" and refreshes.
IGNORED_INPUTS = frozenset({signals.CLEARANCE})


def on_case_inputs_changed(sender, case_ids: list[int], inputs: frozenset[str] = frozenset(), **kwargs) -> None:
    """A programme, a member's date of birth or a merge changes the dimensions of past movements."""
    if inputs and inputs <= IGNORED_INPUTS:
        return
    booking_ids = list(Booking.objects.filter(case_id__in=case_ids).values_list("pk", flat=True))
    if booking_ids:
        refresh_journeys(booking_ids)


def on_person_attributes_changed(sender, person_ids: list[int], **kwargs) -> None:
    """A person's sex, nationality or date of birth: every journey they were on, in any case."""
    booking_ids = list(BookingPassenger.objects.filter(person_id__in=person_ids).values_list("booking_id", flat=True))
    if booking_ids:
        refresh_journeys(booking_ids)


# --- Rebuild ------------------------------------------------------------------------------------

def rebuild() -> dict[str, int]:
    """Recompute all the summary tables from the movements records, in one transaction."""
    parent = dict(Booking.objects.values_list("pk", "rebooked_from_id"))
    roots = {b: _walk(b, parent) for b in parent}
    by_root: dict[int, list[int]] = {}
    for booking_id, root in roots.items():
        by_root.setdefault(root, []).append(booking_id)
    cells: Counter = Counter()
    journeys = 0
    with transaction.atomic():
        PersonMovement.objects.all().delete()
        DailyFact.objects.all().delete()
        MonthlyTally.objects.all().delete()
        WorldTally.objects.all().delete()
        SectorFact.objects.all().delete()
        SectorPersonFact.objects.all().delete()
        root_ids = sorted(by_root)
        for start in range(0, len(root_ids), CHUNK):
            chunk = {b: r for r in root_ids[start:start + CHUNK] for b in by_root[r]}
            facts = compute_journeys(chunk)
            bulk.copy_rows(PersonMovement, JOURNEY_NAMES, [tuple(f[n] for n in JOURNEY_NAMES) for f in facts])
            cells.update(_cell(f) for f in facts)
            journeys += len(facts)
        bulk.copy_rows(DailyFact, (*DIMENSIONS, "persons"), [(*cell, n) for cell, n in cells.items() if n])
        bulk.copy_rows(MonthlyTally, (*TALLY_KEY, "persons"), [(*key, n) for key, n in tallies(cells).items() if n])
        bulk.copy_rows(WorldTally, (*WORLD_KEY, "persons"), [(*k, n) for k, n in world_tallies(cells).items() if n])
        sectors = list(_sector_rows(None))
        bulk.copy_rows(SectorFact, SECTOR_NAMES, sectors)
        for rows in bulk.batched(_sector_person_rows(None), 50000):
            bulk.copy_rows(SectorPersonFact, SECTOR_PERSON_NAMES, rows)
    return {"journeys": journeys, "daily_cells": len(cells), "sector_rows": len(sectors)}
