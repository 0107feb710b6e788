"""The list of pre-embarkation checks due, by flight date and flight: everyone in the medical
officer's offices booked (held, confirmed or ticketed) on a departure in the coming days, with
whether their pre-embarkation check is done, due now, not yet due or missed.

The bookings come from the movements module (`movements.selectors.booked_departures`, imported
only when that app is installed); the check's window is the destination's rule, as when the check
is recorded (`clearance.pre_embarkation_refusal`)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from importlib import import_module

from django.apps import apps
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from passage.core.errors import DomainError, PermissionDeniedError
from passage.core.models import Office, Role, User
from passage.core.scoping import scope_for, scoped
from passage.health.models import FALLBACK, Assessment, HealthRule
from passage.registry.models import Person

MEDICAL = (Role.MEDICAL_OFFICER,)
DEFAULT_DAYS = 7  # today and the six days after it
MAX_DAYS = 31
LIMIT = 2000  # travellers on one list; narrow the dates beyond that

DONE, DUE, NOT_YET_DUE, MISSED = "done", "due", "not_yet_due", "missed"
STATUS_LABELS = {
    DONE: gettext_lazy("Done"),
    DUE: gettext_lazy("Due now"),
    NOT_YET_DUE: gettext_lazy("Not yet due"),
    MISSED: gettext_lazy("Missed: departure passed"),
}


def check_status(*, departs_at: dt.datetime, window_hours: int, checks: Iterable[dt.datetime],
                 now: dt.datetime) -> tuple[str, dt.datetime | None]:
    """Where a traveller's pre-embarkation check stands at `now`, and when it was done.

    The window is the `window_hours` before departure, both ends included (as when a check is
    recorded): a check inside it is done; without one the check is not yet due before the window
    opens, due inside it, and missed once the departure has passed."""
    opens = departs_at - dt.timedelta(hours=window_hours)
    inside = [at for at in checks if opens <= at <= departs_at]
    if inside:
        return DONE, max(inside)
    if now < opens:
        return NOT_YET_DUE, None
    if now <= departs_at:
        return DUE, None
    return MISSED, None


@dataclass
class Check:
    """One traveller on one departure and where their pre-embarkation check stands."""

    person: Person
    case_number: str
    booking_status: str
    booking_status_label: str
    destination_country: str
    leg_id: int
    flight: str
    departure_airport: str
    arrival_airport: str
    departs_at: dt.datetime
    departs_local: dt.datetime
    departure_date: dt.date
    window_hours: int
    window_opens: dt.datetime
    status: str
    checked_at: dt.datetime | None

    @property
    def status_label(self) -> str:
        return str(STATUS_LABELS[self.status])

    @property
    def window_opens_local(self) -> dt.datetime:
        return self.window_opens.astimezone(self.departs_local.tzinfo)

    @property
    def checked_local(self) -> dt.datetime | None:
        return self.checked_at.astimezone(self.departs_local.tzinfo) if self.checked_at else None


@dataclass
class Flight:
    leg_id: int
    flight: str
    departure_airport: str
    arrival_airport: str
    departs_local: dt.datetime
    checks: list[Check] = field(default_factory=list)

    def count(self, status: str) -> int:
        return sum(1 for c in self.checks if c.status == status)

    @property
    def due(self) -> int:
        return self.count(DUE)

    @property
    def missed(self) -> int:
        return self.count(MISSED)


@dataclass
class Day:
    day: dt.date
    flights: list[Flight] = field(default_factory=list)


@dataclass
class DueList:
    day_from: dt.date
    day_to: dt.date
    checks: list[Check]
    truncated: bool
    office_id: int | None = None

    def by_day_and_flight(self) -> list[Day]:
        days: dict[dt.date, Day] = {}
        flights: dict[tuple[dt.date, int], Flight] = {}
        for check in self.checks:
            day = days.setdefault(check.departure_date, Day(check.departure_date))
            key = (check.departure_date, check.leg_id)
            if key not in flights:
                flights[key] = Flight(check.leg_id, check.flight, check.departure_airport, check.arrival_airport,
                                      check.departs_local)
                day.flights.append(flights[key])
            flights[key].checks.append(check)
        return list(days.values())


def default_range(today: dt.date | None = None) -> tuple[dt.date, dt.date]:
    today = today or timezone.localdate()
    span = dt.timedelta(days=DEFAULT_DAYS - 1)
    # A first day at the very end of the calendar (a mistyped year) ends on its last day, not in an error.
    return today, today + span if today <= dt.date.max - span else dt.date.max


def may_read(user: User) -> bool:
    scope = scope_for(user, MEDICAL)
    return scope.partner_country is None and (scope.is_global or bool(scope.office_ids))


def offices_for(user: User) -> QuerySet[Office]:
    """The offices the list can be narrowed to: those of the user's scope as a medical officer."""
    return scoped(Office.objects.all(), user, roles=MEDICAL)


def _office_ids(user: User, office_id: int | None) -> frozenset[int] | None:
    """The offices to list: the user's (None: every office, for headquarters), or the one chosen
    among them; an office outside them is refused as if it did not exist."""
    if not may_read(user):
        raise PermissionDeniedError(_("The list of pre-embarkation checks is for medical officers."))
    scope = scope_for(user, MEDICAL)
    if office_id is None:
        return None if scope.is_global else scope.office_ids
    if office_id not in scope.office_ids and not (scope.is_global and Office.objects.filter(pk=office_id).exists()):
        raise DomainError(_("Choose one of your offices."), field="office")
    return frozenset({office_id})


def _windows() -> dict[str, int]:
    return dict(HealthRule.objects.values_list("destination_country", "pre_embarkation_window_hours"))


def checks_due(*, user: User, day_from: dt.date | None = None, day_to: dt.date | None = None,
               office_id: int | None = None, now: dt.datetime | None = None) -> DueList:
    """The travellers of the user's offices (as a medical officer), or of `office_id` among them,
    departing from `day_from` to `day_to` (local dates at the departure airport; default: the next
    seven days), ordered by departure, flight and name; a fixed number of queries whatever the
    length."""
    office_ids = _office_ids(user, office_id)
    day_from = day_from or default_range()[0]
    day_to = day_to or default_range(day_from)[1]
    if day_to < day_from:
        raise DomainError(_("The last day is before the first day."), field="day_to")
    if (day_to - day_from).days >= MAX_DAYS:
        raise DomainError(_("Show at most %(days)d days at a time.") % {"days": MAX_DAYS}, field="day_to")
    if not apps.is_installed("passage.movements"):
        return DueList(day_from, day_to, [], False, office_id)
    movements = import_module("passage.movements.selectors")
    departures = movements.booked_departures(office_ids=office_ids, day_from=day_from, day_to=day_to,
                                             limit=LIMIT + 1)
    truncated = len(departures) > LIMIT
    departures = departures[:LIMIT]
    if not departures:
        return DueList(day_from, day_to, [], False, office_id)
    now = now or timezone.now()
    windows = _windows()
    fallback = windows.get(FALLBACK, 72)
    person_ids = {d.person_id for d in departures}
    persons = Person.objects.only("given_name", "middle_name", "family_name", "office_id").in_bulk(person_ids)
    earliest = min(d.departs_at for d in departures) - dt.timedelta(hours=max([fallback, *windows.values()]))
    done: dict[int, list[dt.datetime]] = {}
    for pk, at in Assessment.objects.filter(
            kind=Assessment.Kind.PRE_EMBARKATION, person_id__in=person_ids, performed_at__gte=earliest,
            performed_at__lte=max(d.departs_at for d in departures)).values_list("person_id", "performed_at"):
        done.setdefault(pk, []).append(at)
    checks = []
    for d in departures:
        hours = windows.get(d.destination_country, fallback)
        status, checked_at = check_status(departs_at=d.departs_at, window_hours=hours,
                                          checks=done.get(d.person_id, ()), now=now)
        checks.append(Check(
            person=persons[d.person_id], case_number=d.case_number, booking_status=d.booking_status,
            booking_status_label=d.booking_status_label,
            destination_country=d.destination_country, leg_id=d.leg_id, flight=d.flight,
            departure_airport=d.departure_airport, arrival_airport=d.arrival_airport, departs_at=d.departs_at,
            departs_local=d.departs_local, departure_date=d.departure_date, window_hours=hours,
            window_opens=d.departs_at - dt.timedelta(hours=hours), status=status, checked_at=checked_at))
    checks.sort(key=lambda c: (c.departure_date, c.departs_at, c.leg_id, c.person.family_name.casefold(),
                               c.person.given_name.casefold(), c.person.pk))
    return DueList(day_from, day_to, checks, truncated, office_id)
