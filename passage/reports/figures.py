"""The published figures, computed from the summary tables for one user and one set of filters.

Every count is a plain int, or None where it is suppressed (partners: 1 to 4 persons). Breakdowns
are lists of Row(key, label, count) sorted by count, so pages, exports and the API share them.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from dataclasses import dataclass, field

import pycountry
from django.db import connections
from django.db.models import Count, Q, Sum
from django.utils.translation import gettext as _

from passage.core.models import User
from passage.movements.models import Charter, Mode
from passage.registry.models import Programme
from passage.reports import facts, regions, selectors
from passage.reports.definitions import AGE_GROUP_CODES, AGE_GROUP_LABELS, PARTNER_THRESHOLD, SEXES, Outcome
from passage.reports.selectors import Filters

TOP_N = 10


@dataclass
class Row:
    key: str
    label: str
    count: int | None
    extra: dict = field(default_factory=dict)


def country_name(code: str) -> str:
    country = pycountry.countries.get(alpha_3=code)
    return getattr(country, "common_name", None) or (country.name if country else code)


def sex_label(code: str) -> str:
    return {"F": _("Female"), "M": _("Male"), "X": _("Other or unspecified")}.get(code, code)


class Suppressor:
    """Partners see no cell of 1 to 4 persons; everyone else sees every count."""

    def __init__(self, active: bool):
        self.active = active

    def __call__(self, n: int | None) -> int | None:
        if n is None or (self.active and 0 < n < PARTNER_THRESHOLD):
            return None
        return n


def _rows(counter: Counter, label, hide: Suppressor, top: int | None = None) -> list[Row]:
    items = sorted(counter.items(), key=lambda kv: (-kv[1], kv[0]))
    if top is not None:
        items = items[:top]
    return [Row(key=str(k), label=label(k), count=hide(n)) for k, n in items if n]


def _raw_rows(qs):
    """The queryset's rows as the database driver gives them, without Django's per-value
    converters (a third of the time at tens of thousands of cells): dates may come as ISO text
    and booleans as 0/1, which is all the tallies need."""
    sql, params = qs.query.sql_with_params()
    with connections[qs.db].cursor() as cursor:
        cursor.execute(sql, params)
        while rows := cursor.fetchmany(10000):
            yield from rows


def _share(part: int, whole: int) -> float | None:
    return round(100 * part / whole, 1) if whole else None


def dashboard(user: User, f: Filters) -> dict:
    hide = Suppressor(selectors.is_partner_view(user))
    # An unfiltered period: for a user who sees the world, the months and days of all offices
    # together (WorldTally, summed by the database); otherwise the whole months from the offices'
    # monthly tallies and the days at the edges from the daily cells. Any other filter: one read of
    # the daily cells with every breakdown tallied in one pass.
    outcomes: Counter = Counter()
    by_month: Counter = Counter()
    departure: Counter = Counter()
    destination: Counter = Counter()
    nationality: Counter = Counter()
    programme: Counter = Counter()
    carriage: Counter = Counter()
    pyramid_cells: Counter = Counter()

    def add(month: str, outcome: str, dimension: str, value: str, n: int) -> None:
        if dimension == facts.TOTAL:
            outcomes[outcome] += n
            if outcome == Outcome.MOVED:
                by_month[month] += n
        elif dimension == facts.DEPARTURE:
            departure[value] += n
        elif dimension == facts.DESTINATION:
            destination[value] += n
        elif dimension == facts.NATIONALITY:
            nationality[value] += n
        elif dimension == facts.PROGRAMME:
            programme[value] += n
        elif dimension == facts.CARRIAGE:
            mode, charter = value.split(":")
            carriage[(mode, int(charter))] += n
        elif dimension == facts.PYRAMID:
            sex, group = value.split(":")
            pyramid_cells[(sex, group)] += n

    tallied = selectors.tallies_apply(user, f)
    whole, cell_periods = selectors.split_months(f) if tallied else (None, [f])
    if tallied and selectors.world_tallies_apply(user, f):
        if whole is not None:
            rows = selectors.world_tallies("month", *whole).values_list(
                "date", "outcome", "dimension", "value").annotate(n=Sum("persons")).order_by()
            for month, outcome, dimension, value, n in _raw_rows(rows):
                add(str(month)[:7], outcome, dimension, value, n)
        for edge in cell_periods:
            for piece in selectors.within_months(edge):
                rows = selectors.world_tallies("day", piece.date_from, piece.date_to).values_list(
                    "outcome", "dimension", "value").annotate(n=Sum("persons")).order_by()
                for outcome, dimension, value, n in _raw_rows(rows):
                    add(piece.date_from.isoformat()[:7], outcome, dimension, value, n)
        cell_periods = []
    elif whole is not None:
        rows = selectors.monthly_tallies(user, f, *whole).values_list("month", "outcome", "dimension", "value").annotate(
            n=Sum("persons")).order_by()
        for month, outcome, dimension, value, n in _raw_rows(rows):
            add(str(month)[:7], outcome, dimension, value, n)
    for period in cell_periods:
        cells = selectors.daily_facts(user, period).values_list(
            "outcome", "date", "departure_country", "destination_country", "nationality", "programme", "mode",
            "charter", "sex", "age_group", "persons")
        for outcome, day, dep, dest, nat, prog, mode, charter, sex, group, n in _raw_rows(cells):
            outcomes[outcome] += n
            if outcome != Outcome.MOVED:
                continue
            by_month[str(day)[:7]] += n
            departure[dep] += n
            destination[dest] += n
            nationality[nat] += n
            programme[prog] += n
            carriage[(mode, int(charter))] += n
            pyramid_cells[(sex, group)] += n
    for counter in (by_month, departure, destination, nationality, programme, carriage, pyramid_cells):
        for key in [k for k, n in counter.items() if not n]:
            del counter[key]
    total = outcomes.get(Outcome.MOVED, 0)
    sectors = _sectors(user, f, hide)
    by_region = {"departure": Counter(), "destination": Counter()}
    for code, n in departure.items():
        by_region["departure"][regions.region_of(code)] += n
    for code, n in destination.items():
        by_region["destination"][regions.region_of(code)] += n
    modes = Counter()
    commercial = Counter()
    for (mode, charter), n in carriage.items():
        modes[mode] += n
        commercial["charter" if charter else "commercial"] += n
    sexes = Counter()
    for (sex, _group), n in pyramid_cells.items():
        sexes[sex] += n
    programmes = dict(Programme.choices)
    mode_labels = dict(Mode.choices)
    return {
        "filters": f,
        "suppressed": hide.active,
        "totals": {
            "persons_moved": hide(total),
            "movements": sectors["movements"],
            "flight_sectors": sectors["flight_sectors"],
            "charters": sectors["charter_count"],
            "nationalities": len(nationality),
            "departure_countries": len(departure),
            "destination_countries": len(destination),
            "cancellations": hide(outcomes.get(Outcome.CANCELLED, 0)),
            "no_shows": hide(outcomes.get(Outcome.NO_SHOW, 0)),
            "female_percent": _share(sexes["F"], total) if hide(sexes["F"]) is not None else None,
            "male_percent": _share(sexes["M"], total) if hide(sexes["M"]) is not None else None,
        },
        "series": _rows_in_order(by_month, hide),
        "departure_countries": _rows(departure, country_name, hide, TOP_N),
        "destination_countries": _rows(destination, country_name, hide, TOP_N),
        "nationalities": _rows(nationality, country_name, hide, TOP_N),
        "departure_regions": _rows(by_region["departure"], regions.region_label, hide),
        "destination_regions": _rows(by_region["destination"], regions.region_label, hide),
        "programmes": _rows(programme, lambda k: str(programmes.get(k, k)), hide),
        "modes": _rows(modes, lambda k: str(mode_labels.get(k, k)), hide),
        "carriage": _rows(commercial, lambda k: _("Charter") if k == "charter" else _("Commercial"), hide),
        "pyramid": _pyramid(pyramid_cells, hide),
        "charter_loads": sectors["charters"],
    }


def _rows_in_order(counter: Counter, hide: Suppressor) -> list[Row]:
    return [Row(key=k, label=k, count=hide(n)) for k, n in sorted(counter.items())]


def _pyramid(cells: Counter, hide: Suppressor) -> list[dict]:
    """One row per age group, oldest first (the way a pyramid is drawn), with counts by sex."""
    out = []
    for code in reversed(AGE_GROUP_CODES):
        counts = {sex: hide(cells.get((sex, code), 0)) for sex in SEXES}
        out.append({"key": code, "label": str(AGE_GROUP_LABELS[code]), **counts})
    return out


def _sectors(user: User, f: Filters, hide: Suppressor) -> dict:
    """Flight sectors (distinct air legs with someone departed), movements (departed passenger-legs)
    and each charter's load: its most-loaded leg against its seats."""
    qs = selectors.sector_facts(user, f)
    # Counted by the database: a year is tens of thousands of sector rows.
    sums = qs.aggregate(movements=Sum("passengers"), sectors=Count("leg_id", distinct=True, filter=Q(mode="air")))
    movements = sums["movements"] or 0
    loads: dict[int, int] = defaultdict(int)
    for charter_id, _leg_id, n in qs.filter(charter_id__isnull=False).values_list("charter_id", "leg_id").annotate(
            n=Sum("passengers")).order_by():
        loads[charter_id] = max(loads[charter_id], n)
    charters = []
    # The charters through the same filtered rows (a subquery: thousands of ids over ten years).
    in_period = Charter.objects.filter(pk__in=qs.filter(charter_id__isnull=False).values("charter_id"))
    for pk, operator, aircraft, departs_on, seats in in_period.order_by("departs_on", "pk").values_list(
            "pk", "operator", "aircraft", "departs_on", "seats"):
        passengers = loads[pk]
        charters.append(Row(key=str(pk), label=f"{operator} {aircraft}", count=hide(passengers), extra={
            "date": departs_on, "seats": seats,
            "load_factor": (round(100 * passengers / seats, 1) if seats and hide(passengers) is not None else None)}))
    return {"movements": hide(movements), "flight_sectors": sums["sectors"] or 0,
            "charter_count": len(loads), "charters": charters}


def flows(user: User, f: Filters, top: int = 40) -> dict:
    """Persons moved by departure country, by destination country, and the largest departure ->
    destination flows, for the map (counted by the database from the daily cells)."""
    hide = Suppressor(selectors.is_partner_view(user))
    pairs: Counter = Counter()
    rows = selectors.daily_facts(user, f).filter(outcome=Outcome.MOVED).values_list(
        "departure_country", "destination_country").annotate(n=Sum("persons")).order_by()
    for departure, destination, n in rows:
        if n:
            pairs[(departure, destination)] += n
    departures: Counter = Counter()
    destinations: Counter = Counter()
    for (departure, destination), n in pairs.items():
        departures[departure] += n
        destinations[destination] += n
    largest = sorted(pairs.items(), key=lambda kv: (-kv[1], kv[0]))[:top]
    return {
        "filters": f, "suppressed": hide.active,
        "departures": _rows(departures, country_name, hide),
        "destinations": _rows(destinations, country_name, hide),
        "flows": [Row(key=f"{d}-{a}", label=f"{country_name(d)} → {country_name(a)}", count=hide(n),
                      extra={"departure": d, "destination": a}) for (d, a), n in largest],
        "flow_count": len(pairs),
    }


def sectors_by_person(user: User, f: Filters) -> dict:
    """Flight sectors (distinct air legs carrying at least one such person) and movements
    (departed passenger-legs) by the passengers' nationality, sex and age group (age on the leg's
    date). A leg with passengers of two nationalities counts once under each."""
    hide = Suppressor(selectors.is_partner_view(user))
    qs = selectors.sector_person_facts(user, f)
    out = {}
    labels = {"nationality": country_name, "sex": sex_label, "age_group": lambda k: str(AGE_GROUP_LABELS.get(k, k))}
    for name, label in labels.items():
        grouped = qs.values_list(name).annotate(sectors=Count("leg_id", distinct=True, filter=Q(mode="air")),
                                                movements=Sum("passengers")).order_by()
        rows = [Row(key=key, label=label(key), count=sectors, extra={"movements": hide(movements)})
                for key, sectors, movements in grouped if movements]
        if name == "age_group":
            rows.sort(key=lambda r: AGE_GROUP_CODES.index(r.key) if r.key in AGE_GROUP_CODES else 99)
        else:
            rows.sort(key=lambda r: (-(r.extra["movements"] or 0), r.label))
        out[name] = rows
    return {"filters": f, "suppressed": hide.active, **out}


def snapshot(user: User, day: dt.date, f: Filters | None = None) -> dict:
    """The one-day figures: persons by air, countries, flight sectors, nationalities, sex, ages."""
    base = f or Filters(date_from=day, date_to=day)
    f = Filters(**{**base.__dict__, "date_from": day, "date_to": day})
    hide = Suppressor(selectors.is_partner_view(user))
    moved = selectors.daily_facts(user, f).filter(outcome=Outcome.MOVED)
    cells = list(moved.values("departure_country", "destination_country", "nationality", "sex", "age_group",
                              "mode").annotate(n=Sum("persons")).order_by())
    total = sum(c["n"] for c in cells)
    tally = {name: Counter() for name in ("departure_country", "destination_country", "nationality", "sex",
                                          "age_group", "mode")}
    for c in cells:
        for name, counter in tally.items():
            counter[c[name]] += c["n"]
    air_sectors = selectors.sector_facts(user, f).filter(mode="air").aggregate(n=Count("leg_id", distinct=True))["n"]
    return {
        "date": day,
        "suppressed": hide.active,
        "persons_moved": hide(total),
        "persons_by_air": hide(tally["mode"]["air"]),
        "departure_countries": len(tally["departure_country"]),
        "destination_countries": len(tally["destination_country"]),
        "flight_sectors": air_sectors,
        "nationalities": len(tally["nationality"]),
        "female_percent": _share(tally["sex"]["F"], total) if hide(tally["sex"]["F"]) is not None else None,
        "male_percent": _share(tally["sex"]["M"], total) if hide(tally["sex"]["M"]) is not None else None,
        "age_groups": [Row(key=code, label=str(AGE_GROUP_LABELS[code]), count=hide(tally["age_group"][code]))
                       for code in AGE_GROUP_CODES],
        "top_departure": _rows(tally["departure_country"], country_name, hide, TOP_N),
        "top_destination": _rows(tally["destination_country"], country_name, hide, TOP_N),
        "top_nationalities": _rows(tally["nationality"], country_name, hide, TOP_N),
    }


def breakdown(user: User, f: Filters) -> list[dict]:
    """The table behind the exports: persons moved by departure country, destination country and
    nationality, with a column per sex and age group."""
    hide = Suppressor(selectors.is_partner_view(user))
    moved = selectors.daily_facts(user, f).filter(outcome=Outcome.MOVED)
    rows: dict[tuple, Counter] = {}
    for r in moved.values("departure_country", "destination_country", "nationality", "sex", "age_group").annotate(
            n=Sum("persons")).order_by():
        key = (r["departure_country"], r["destination_country"], r["nationality"])
        rows.setdefault(key, Counter())[(r["sex"], r["age_group"])] += r["n"]
    out = []
    for (departure, destination, nationality), cells in sorted(rows.items()):
        line = {"departure": departure, "destination": destination, "nationality": nationality,
                "total": hide(sum(cells.values()))}
        for sex in SEXES:
            line[sex] = hide(sum(n for (s, _g), n in cells.items() if s == sex))
            for code in AGE_GROUP_CODES:
                line[f"{sex}_{code}"] = hide(cells.get((sex, code), 0))
        out.append(line)
    return out
