"""Reads of the summary tables, scoped to the acting user (offices via the booking's office,
partners via the destination country) and narrowed by the dashboard's filters."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, fields, replace

from django.db.models import QuerySet
from django.utils import timezone

from passage.core.models import Office, User
from passage.core.scoping import scope_for, scoped
from passage.reports import regions
from passage.reports.definitions import Outcome
from passage.reports.models import (
    DailyFact,
    MonthlyTally,
    PersonMovement,
    SectorFact,
    SectorPersonFact,
    WorldTally,
)

MAX_DAYS = 366 * 80


@dataclass(frozen=True)
class Filters:
    """What the figures are about. Dates are inclusive local dates of departure."""

    date_from: dt.date
    date_to: dt.date
    office_id: int | None = None
    region: str | None = None  # region of the departure country
    programme: str | None = None
    destination: str | None = None
    departure: str | None = None
    nationality: str | None = None
    mode: str | None = None

    @classmethod
    def default(cls, today: dt.date | None = None) -> Filters:
        today = today or timezone.localdate()
        return cls(date_from=today - dt.timedelta(days=364), date_to=today)

    def query(self, **changes) -> dict[str, str]:
        """The filters (with changes) as query-string parameters, for links that drill down."""
        values = replace(self, **changes) if changes else self
        out = {}
        for f in fields(values):
            value = getattr(values, f.name)
            if value not in (None, ""):
                out[f.name] = value.isoformat() if isinstance(value, dt.date) else str(value)
        return out


def _office_and_below(office_id: int) -> set[int]:
    children: dict[int | None, list[int]] = {}
    for pk, parent_id in Office.objects.values_list("pk", "parent_id"):
        children.setdefault(parent_id, []).append(pk)
    found, todo = set(), [office_id]
    while todo:
        pk = todo.pop()
        if pk not in found:
            found.add(pk)
            todo.extend(children.get(pk, []))
    return found


def is_partner_view(user: User) -> bool:
    return scope_for(user).partner_country is not None


def offices_for(user: User) -> QuerySet[Office]:
    return scoped(Office.objects.all(), user).order_by("name")


def _narrow(qs: QuerySet, f: Filters, *, departure_field: str = "departure_country",
            nationality: bool = True) -> QuerySet:
    qs = qs.filter(date__gte=f.date_from, date__lte=f.date_to)
    if f.office_id is not None:
        qs = qs.filter(office_id__in=_office_and_below(f.office_id))
    if f.region:
        qs = qs.filter(**{f"{departure_field}__in": regions.countries_of(f.region)})
    if f.programme:
        qs = qs.filter(programme=f.programme)
    if f.destination:
        qs = qs.filter(destination_country=f.destination)
    if f.departure:
        qs = qs.filter(**{departure_field: f.departure})
    if f.mode:
        qs = qs.filter(mode=f.mode)
    if nationality and f.nationality:
        qs = qs.filter(nationality=f.nationality)
    return qs


def daily_facts(user: User, f: Filters) -> QuerySet[DailyFact]:
    return _narrow(scoped(DailyFact.objects.all(), user), f)


def sector_facts(user: User, f: Filters) -> QuerySet[SectorFact]:
    """Legs do not carry nationality: a nationality filter does not narrow sectors (said on the page)."""
    return _narrow(scoped(SectorFact.objects.all(), user), f, nationality=False)


def sector_person_facts(user: User, f: Filters) -> QuerySet[SectorPersonFact]:
    return _narrow(scoped(SectorPersonFact.objects.all(), user), f)


def persons_moved(user: User, f: Filters) -> QuerySet[PersonMovement]:
    return _narrow(scoped(PersonMovement.objects.filter(outcome=Outcome.MOVED), user), f)


def tallies_apply(user: User, f: Filters) -> bool:
    """The monthly tallies answer a period narrowed by office only (and staff scope); partners and
    the other filters read the daily cells."""
    return not is_partner_view(user) and not any(
        (f.region, f.programme, f.destination, f.departure, f.nationality, f.mode))


def split_months(f: Filters) -> tuple[tuple[dt.date, dt.date] | None, list[Filters]]:
    """The period's whole calendar months (first and last month, as first days) and the filters
    for the days before and after them; no whole month: None and the period itself."""
    first = f.date_from if f.date_from.day == 1 else (f.date_from.replace(day=1) + dt.timedelta(days=32)).replace(day=1)
    after = f.date_to + dt.timedelta(days=1)
    end = after if after.day == 1 else f.date_to.replace(day=1)  # first day after the whole months
    if first >= end:
        return None, [f]
    last = (end - dt.timedelta(days=1)).replace(day=1)
    edges = []
    if f.date_from < first:
        edges.append(replace(f, date_to=first - dt.timedelta(days=1)))
    if end <= f.date_to:
        edges.append(replace(f, date_from=end))
    return (first, last), edges


def within_months(f: Filters) -> list[Filters]:
    """The period cut at month boundaries: pieces that each lie within one calendar month."""
    pieces = []
    start = f.date_from
    while start <= f.date_to:
        following = (start.replace(day=1) + dt.timedelta(days=32)).replace(day=1)
        end = min(following - dt.timedelta(days=1), f.date_to)
        pieces.append(replace(f, date_from=start, date_to=end))
        start = following
    return pieces


def monthly_tallies(user: User, f: Filters, first: dt.date, last: dt.date) -> QuerySet[MonthlyTally]:
    qs = scoped(MonthlyTally.objects.all(), user).filter(month__gte=first, month__lte=last)
    if f.office_id is not None:
        qs = qs.filter(office_id__in=_office_and_below(f.office_id))
    return qs


def world_tallies_apply(user: User, f: Filters) -> bool:
    """A user who sees the world, no filter but the dates: the tallies of all offices together."""
    return tallies_apply(user, f) and f.office_id is None and scope_for(user).is_global


def world_tallies(period: str, first: dt.date, last: dt.date) -> QuerySet[WorldTally]:
    """Unscoped: callers check world_tallies_apply first."""
    return WorldTally.objects.filter(period=period, date__gte=first, date__lte=last)
