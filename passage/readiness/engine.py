"""The readiness engine: each case's departure window(s) and what blocks it.

`compute_readiness` is a pure function over intervals: for every requirement of the case's rule set
and every member it applies to, the union of the granted clearances' validity (open-ended
valid_until = unbounded; shortened by the rule's travel days when it must still hold on arrival);
the window is the intersection of all of them. `recompute` loads inputs for many cases with a fixed
number of queries and upserts ReadinessState rows; the receiver runs it inside the transaction that
changed an input. `check_travel` is what bookings ask before a case travels on given dates."""

from __future__ import annotations

import datetime as dt
import json
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from django.db import connection, transaction
from django.db.models import Q
from django.dispatch import receiver
from django.utils import timezone
from django.utils.translation import gettext as _

from passage.core.errors import DomainError
from passage.readiness.intervals import EVERYTHING, Interval, covers, intersect, union
from passage.readiness.rules import ACTORS, KIND_NAMES, Requirement, RuleBook, RuleSet
from passage.registry.models import Case, CaseMember, Clearance
from passage.registry.signals import case_inputs_changed

EXPIRING_DAYS = 14
INACTIVE_STATUSES = frozenset({"departed", "arrived", "closed", "withdrawn", "rejected", "cancelled"})
BLOCKING = frozenset({"missing", "pending", "refused", "expired", "on_hold", "no_common_window"})
# Order in which a case's main reason is chosen for the board (the first blocking item).
PROBLEM_ORDER = {"on_hold": 0, "refused": 1, "expired": 2, "missing": 3, "pending": 4, "no_common_window": 5}
CHUNK = 2000


@dataclass(frozen=True)
class Member:
    person_id: int
    name: str
    date_of_birth: dt.date


@dataclass(frozen=True)
class Grant:
    """One clearance row as the engine sees it."""

    kind: str
    status: str
    person_id: int | None = None
    valid_from: dt.date | None = None
    valid_until: dt.date | None = None
    transit_country: str = ""


@dataclass
class Blocker:
    kind: str
    problem: str  # missing, pending, refused, expired, expiring, not_yet_valid, on_hold, no_common_window
    actor: str
    person_id: int | None = None
    person: str = ""
    date: str | None = None  # the expiry or start date the problem is about
    blocking: bool = True

    def as_json(self) -> dict:
        # dataclasses.asdict deep-copies each field: a third of a full recompute's time.
        return {"kind": self.kind, "problem": self.problem, "actor": self.actor, "person_id": self.person_id,
                "person": self.person, "date": self.date, "blocking": self.blocking}


@dataclass
class Readiness:
    status: str
    windows: list[Interval] = field(default_factory=list)
    blockers: list[Blocker] = field(default_factory=list)

    @property
    def reason(self) -> str:
        blocking = [b for b in self.blockers if b.blocking]
        if not blocking:
            return ""
        first = min(blocking, key=lambda b: PROBLEM_ORDER.get(b.problem, 9))
        return f"{first.kind}:{first.problem}"


def age_on(date_of_birth: dt.date, day: dt.date) -> int:
    return day.year - date_of_birth.year - ((day.month, day.day) < (date_of_birth.month, date_of_birth.day))


def subjects(requirement: Requirement, members: Sequence[Member], day: dt.date) -> list[Member | None]:
    """Who a requirement applies to: the case itself (None) or the members of the minimum age."""
    if requirement.per == "case":
        return [None]
    return [m for m in members if requirement.min_age is None or age_on(m.date_of_birth, day) >= requirement.min_age]


def validity(grants: Iterable[Grant], *, shorten_by: int = 0) -> list[Interval]:
    """The days covered by the granted rows (open end = unbounded), each end pulled in by
    `shorten_by` days (a clearance that must hold on arrival covers departures that many days fewer)."""
    spans = []
    for g in grants:
        if g.status != Clearance.Status.GRANTED or g.valid_from is None:
            continue
        end = dt.date.max if g.valid_until is None else g.valid_until - dt.timedelta(days=shorten_by)
        spans.append((g.valid_from, end))
    return union(spans)


def _index(grants: Iterable[Grant]) -> dict[tuple[str, int | None], list[Grant]]:
    by_key: dict[tuple[str, int | None], list[Grant]] = defaultdict(list)
    for g in grants:
        by_key[(g.kind, g.person_id)].append(g)
    return by_key


def _problem(rows: list[Grant], spans: list[Interval], as_of: dt.date) -> tuple[str, dt.date | None] | None:
    ahead = [s for s in spans if s[1] >= as_of]
    if not ahead:
        granted = [g for g in rows if g.status == Clearance.Status.GRANTED and g.valid_from]
        if granted:
            return "expired", max((g.valid_until for g in granted if g.valid_until), default=None)
        for status, problem in (("refused", "refused"), ("pending", "pending")):
            if any(g.status == status for g in rows):
                return problem, None
        return "missing", None
    start, end = ahead[0]
    if start > as_of:
        return "not_yet_valid", start
    if end != dt.date.max and end <= as_of + dt.timedelta(days=EXPIRING_DAYS):
        return "expiring", end
    return None


def compute_readiness(*, rule: RuleSet, members: Sequence[Member], grants: Iterable[Grant], as_of: dt.date,
                      case_status: str = "approved") -> Readiness:
    """The windows (every one not ended on `as_of`) and the items that block or threaten them."""
    if case_status in INACTIVE_STATUSES:
        return Readiness(status="inactive")
    by_key = _index(grants)
    window = EVERYTHING
    blockers: list[Blocker] = []
    if case_status == "on_hold":
        blockers.append(Blocker(kind="case", problem="on_hold", actor="caseworker"))
    for requirement in rule.requirements:
        if requirement.kind == "transit_waiver":
            continue  # depends on the route: checked per transit country when a journey is booked
        shorten = rule.travel_days if requirement.valid_on_arrival else 0
        for member in subjects(requirement, members, as_of):
            person_id = member.person_id if member else None
            rows = by_key.get((requirement.kind, person_id))
            if not rows:  # the common case of a case early in processing: no need for interval work
                window = []
                blockers.append(Blocker(kind=requirement.kind, problem="missing", actor=ACTORS[requirement.kind],
                                        person_id=person_id, person=member.name if member else ""))
                continue
            spans = validity(rows, shorten_by=shorten)
            window = intersect(window, spans) if window else window
            found = _problem(rows, spans, as_of)
            if found:
                problem, day = found
                blockers.append(Blocker(
                    kind=requirement.kind, problem=problem, actor=ACTORS[requirement.kind], person_id=person_id,
                    person=member.name if member else "", date=day.isoformat() if day else None,
                    blocking=problem in BLOCKING,
                ))
    windows = [w for w in window if w[1] >= as_of]
    if not windows and not any(b.blocking for b in blockers):
        blockers.append(Blocker(kind="case", problem="no_common_window", actor="caseworker"))
    if case_status == "on_hold" or not windows:
        return Readiness(status="blocked", windows=windows if case_status != "on_hold" else [], blockers=blockers)
    return Readiness(status="ready", windows=windows, blockers=blockers)


# --- Loading inputs and storing results ------------------------------------------------------

def _bound(day: dt.date, unbounded: dt.date) -> dt.date | None:
    return None if day == unbounded else day


def _iso(day: dt.date, unbounded: dt.date) -> str | None:
    return None if day == unbounded else day.isoformat()


def load_inputs(case_filter: Q) -> tuple[list[tuple], dict[int, list[Member]], dict[int, list[Grant]]]:
    """(case_id, destination, programme, status) rows of the matching cases, and their current
    members and clearances by case id, in three queries."""
    cases = list(Case.objects.filter(case_filter).order_by().values_list("pk", "destination_country", "programme",
                                                                          "status"))
    ids = [c[0] for c in cases]
    members: dict[int, list[Member]] = defaultdict(list)
    grants: dict[int, list[Grant]] = defaultdict(list)
    if not ids:
        return cases, members, grants
    lo, hi = min(ids), max(ids)
    in_range = Q(case_id__in=ids) if len(ids) < 100 else Q(case_id__gte=lo, case_id__lte=hi)
    rows = (CaseMember.objects.filter(in_range, left_on__isnull=True).order_by()
            .values_list("case_id", "person_id", "person__given_name", "person__family_name",
                         "person__date_of_birth"))
    wanted = set(ids)
    for case_id, person_id, given, family, dob in rows:
        if case_id in wanted:
            members[case_id].append(Member(person_id, f"{given} {family}".strip(), dob))
    clearance_rows = (Clearance.objects.filter(in_range).exclude(status=Clearance.Status.WITHDRAWN).order_by()
                      .values_list("case_id", "person_id", "kind", "status", "valid_from", "valid_until",
                                   "transit_country"))
    for case_id, person_id, kind, status, start, end, transit in clearance_rows:
        if case_id in wanted:
            grants[case_id].append(Grant(kind, status, person_id, start, end, transit))
    return cases, members, grants


UPDATE_FIELDS = ["status", "window_start", "window_end", "windows", "blockers", "reason", "as_of", "computed_at"]


def _upsert_sql() -> str:
    """INSERT ... ON CONFLICT DO UPDATE, the same on SQLite (3.24+) and PostgreSQL. Written by hand:
    Django's bulk_create(update_conflicts=True) spent a third of a full recompute preparing values."""
    from passage.readiness.models import ReadinessState

    table = connection.ops.quote_name(ReadinessState._meta.db_table)
    columns = ["case_id", *UPDATE_FIELDS]
    names = ", ".join(connection.ops.quote_name(c) for c in columns)
    updates = ", ".join(f"{connection.ops.quote_name(c)} = excluded.{connection.ops.quote_name(c)}"
                        for c in UPDATE_FIELDS)
    marks = ", ".join(["%s"] * len(columns))
    key = connection.ops.quote_name("case_id")
    # Identifiers come from the model's metadata, quoted; every value is a query parameter.
    return f"INSERT INTO {table} ({names}) VALUES ({marks}) ON CONFLICT ({key}) DO UPDATE SET {updates}"  # nosec B608


def _row(case_id: int, result: Readiness, as_of, now) -> tuple:
    ops = connection.ops
    first = result.windows[0] if result.windows else None
    start = _bound(first[0], dt.date.min) if first else None
    end = _bound(first[1], dt.date.max) if first else None
    windows = [[_iso(s, dt.date.min), _iso(e, dt.date.max)] for s, e in result.windows]
    return (case_id, result.status, ops.adapt_datefield_value(start), ops.adapt_datefield_value(end),
            json.dumps(windows), json.dumps([b.as_json() for b in result.blockers]), result.reason, as_of, now)


def _recompute_filter(case_filter: Q, *, rules: RuleBook, as_of: dt.date) -> int:
    cases, members, grants = load_inputs(case_filter)
    ops = connection.ops
    now = ops.adapt_datetimefield_value(timezone.now())
    day = ops.adapt_datefield_value(as_of)
    rows = []
    for case_id, destination, programme, status in cases:
        result = compute_readiness(rule=rules.for_case(destination, programme), members=members.get(case_id, []),
                                   grants=grants.get(case_id, []), as_of=as_of, case_status=status)
        rows.append(_row(case_id, result, day, now))
    if rows:
        with connection.cursor() as cursor:
            cursor.executemany(_upsert_sql(), rows)
    return len(rows)


def recompute(case_ids: Iterable[int], *, as_of: dt.date | None = None, rules: RuleBook | None = None) -> int:
    """Recompute and store the readiness of these cases (in chunks); returns how many were written."""
    as_of = as_of or timezone.localdate()
    rules = rules or RuleBook.load()
    ids = sorted(set(case_ids))
    done = 0
    for start in range(0, len(ids), CHUNK):
        done += _recompute_filter(Q(pk__in=ids[start:start + CHUNK]), rules=rules, as_of=as_of)
    return done


def recompute_all(*, as_of: dt.date | None = None, chunk: int = 5000, progress=None) -> int:
    """Every case, by primary-key ranges (each range one read of cases, members and clearances)."""
    as_of = as_of or timezone.localdate()
    rules = RuleBook.load()
    bounds = Case.objects.order_by("pk").values_list("pk", flat=True)
    first, last = bounds.first(), bounds.last()
    if first is None:
        return 0
    done = 0
    for lo in range(first, last + 1, chunk):
        with transaction.atomic():
            done += _recompute_filter(Q(pk__gte=lo, pk__lt=lo + chunk), rules=rules, as_of=as_of)
        if progress:
            progress(done)
    return done


@receiver(case_inputs_changed, dispatch_uid="readiness.recompute")
def _on_case_inputs_changed(sender, case_ids, **kwargs) -> None:
    recompute(case_ids)


# --- The question bookings ask ---------------------------------------------------------------

@dataclass
class TravelCheck:
    ok: bool
    problems: list[str] = field(default_factory=list)


def _who(member: Member | None, case: Case) -> str:
    return member.name if member else _("case %(number)s") % {"number": case.number}


def _label(kind: str, transit_country: str = "") -> str:
    if kind == "transit_waiver" and transit_country:
        return _("Transit waiver for %(country)s") % {"country": transit_country}
    return str(KIND_NAMES[kind])


def _check(label: str, who: str, rows: list[Grant], days: list[tuple[dt.date, str]]) -> list[str]:
    spans = validity(rows)
    if not spans:
        if any(g.status == "refused" for g in rows):
            return [_("%(what)s of %(who)s was refused") % {"what": label, "who": who}]
        if any(g.status == "pending" for g in rows):
            return [_("%(what)s of %(who)s is still pending") % {"what": label, "who": who}]
        return [_("%(what)s of %(who)s is missing") % {"what": label, "who": who}]
    problems = []
    for day, moment in days:
        if covers(spans, day):
            continue
        later = [s for s in spans if s[0] > day]
        earlier = [s for s in spans if s[1] < day]
        values = {"what": label, "who": who, "day": day.isoformat(), "moment": moment}
        if earlier and not later:
            values["end"] = earlier[-1][1].isoformat()
            problems.append(_("%(what)s of %(who)s expires %(end)s, before %(moment)s on %(day)s") % values)
        else:
            values["start"] = later[0][0].isoformat() if later else "?"
            problems.append(_("%(what)s of %(who)s is valid only from %(start)s, after %(moment)s on %(day)s") % values)
        break
    return problems


def check_travel(case: Case, departure: dt.date, arrival: dt.date,
                 transit_countries: Sequence[str] = ()) -> TravelCheck:
    """Whether every required clearance of every current member holds for this journey: on the
    departure day, also on the arrival day where the rule says so, and a transit waiver for each
    transit country (per the rule's transit line, or for every member if the rule has none).
    Refuses an arrival before the departure (field `arrival`)."""
    if arrival < departure:
        raise DomainError(_("The arrival is before the departure."), field="arrival")
    rule = RuleBook.load().for_case(case.destination_country, case.programme)
    _cases, members_by_case, grants_by_case = load_inputs(Q(pk=case.pk))
    members = members_by_case.get(case.pk, [])
    by_key = _index(grants_by_case.get(case.pk, []))
    problems: list[str] = []
    if case.status in INACTIVE_STATUSES or case.status == "on_hold":
        problems.append(_("Case %(number)s is %(status)s") % {"number": case.number,
                                                              "status": case.get_status_display()})
    transit_rule = next((r for r in rule.requirements if r.kind == "transit_waiver"), Requirement("transit_waiver"))
    leave, land = (departure, _("departure")), (arrival, _("arrival"))
    for requirement in rule.requirements:
        if requirement.kind == "transit_waiver":
            continue
        days = [leave, land] if requirement.valid_on_arrival else [leave]
        for member in subjects(requirement, members, departure):
            rows = by_key.get((requirement.kind, member.person_id if member else None), [])
            problems += _check(_label(requirement.kind), _who(member, case), rows, days)
    for country in dict.fromkeys(c.upper() for c in transit_countries):
        for member in subjects(transit_rule, members, departure):
            rows = [g for g in by_key.get(("transit_waiver", member.person_id if member else None), [])
                    if g.transit_country == country]
            problems += _check(_label("transit_waiver", country), _who(member, case), rows, [leave, land])
    return TravelCheck(ok=not problems, problems=problems)
