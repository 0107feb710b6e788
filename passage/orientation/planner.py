"""Proposes orientation courses for everyone due to depart in the coming weeks.

A case is due when orientation is all that blocks it, or when it is ready and some member still
needs orientation; its departure is taken as the start of the window it would have with orientation
done (the readiness engine run without the orientation requirement). Participants are grouped by
language, destination and audience; each group is cut into courses of at most the capacity, each
inside the 14 days before every participant's departure, with a trainer of the office who has no
other course on those days."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Q

from passage.core.models import Office, Role, User
from passage.orientation.models import AUDIENCE_AGES, Audience, Course, Curriculum, Enrolment
from passage.readiness import engine
from passage.readiness.models import ReadinessState
from passage.readiness.rules import RuleBook, RuleSet
from passage.registry.models import Person

BEFORE_DEPARTURE_DAYS = 14


@dataclass
class Participant:
    person_id: int
    name: str
    case_number: str
    departure: dt.date


@dataclass
class Proposal:
    language: str
    destination: str
    audience: str
    curriculum: Curriculum
    days: list[dt.date]
    trainer: User | None
    participants: list[Participant] = field(default_factory=list)

    @property
    def late(self) -> bool:
        """The course cannot end before the earliest participant's departure."""
        return self.days[-1] >= min(p.departure for p in self.participants)

    @property
    def key(self) -> str:
        return f"{self.language}-{self.destination}-{self.audience}-{self.days[0]:%Y%m%d}"


def _audience(age: int) -> str:
    for audience, (low, high) in AUDIENCE_AGES.items():
        if low <= age < high:
            return str(audience)
    return str(Audience.ADULTS)


def _weekdays(first: dt.date, count: int) -> list[dt.date]:
    days, day = [], first
    while len(days) < count:
        if day.weekday() < 5:
            days.append(day)
        day += dt.timedelta(days=1)
    return days


def _without_orientation(rule: RuleSet) -> RuleSet:
    return RuleSet(requirements=tuple(r for r in rule.requirements if r.kind != "orientation"),
                   travel_days=rule.travel_days, rule_id=rule.rule_id)


def due_participants(*, office_ids: list[int], today: dt.date, weeks: int) -> list[tuple[Participant, str, str, str]]:
    """(participant, language, destination, audience) for everyone needing orientation whose case can
    leave within `weeks` weeks once they have it."""
    horizon = today + dt.timedelta(weeks=weeks)
    states = ReadinessState.objects.filter(case__office_id__in=office_ids).filter(
        Q(status="blocked", reason__startswith="orientation:") | Q(status="ready")).values_list(
        "case_id", "status", "blockers")
    needing: dict[int, set[int]] = {}
    for case_id, status, blockers in states:
        blocking = [b for b in blockers if b["blocking"]]
        if status == "blocked" and any(b["kind"] != "orientation" for b in blocking):
            continue
        people = {b["person_id"] for b in blockers if b["kind"] == "orientation" and b["problem"] in (
            "missing", "pending", "expired", "expiring")}
        if people:
            needing[case_id] = people
    if not needing:
        return []
    enrolled = set(Enrolment.objects.filter(course__end_date__gte=today, completed_on__isnull=True)
                   .values_list("person_id", flat=True))
    rules = RuleBook.load()
    cases, members, grants = engine.load_inputs(Q(pk__in=list(needing)))
    numbers = dict(ReadinessState.objects.filter(case_id__in=list(needing)).values_list("case_id", "case__number"))
    persons = Person.objects.in_bulk([p for ids in needing.values() for p in ids])
    out = []
    for case_id, destination, programme, status in cases:
        rule = _without_orientation(rules.for_case(destination, programme))
        result = engine.compute_readiness(rule=rule, members=members.get(case_id, []), grants=grants.get(case_id, []),
                                          as_of=today, case_status=status)
        if not result.windows:
            continue
        departure = max(result.windows[0][0], today + dt.timedelta(days=1))
        if departure > horizon:
            continue
        for person_id in sorted(needing[case_id] - enrolled):
            person = persons.get(person_id)
            if person is None:
                continue
            language = person.preferred_language or (person.languages[0] if person.languages else "eng")
            audience = _audience(engine.age_on(person.date_of_birth, departure))
            out.append((Participant(person_id, person.full_name, numbers.get(case_id, ""), departure), language,
                        destination, audience))
    return out


def _curriculum(destination: str, audience: str, curricula: list[Curriculum]) -> Curriculum | None:
    for wanted in (destination, ""):
        for c in curricula:
            if c.destination_country == wanted and c.audience == audience:
                return c
    return None


def _busy(office_ids: list[int], first: dt.date, last: dt.date) -> dict[int, set[dt.date]]:
    busy: dict[int, set[dt.date]] = defaultdict(set)
    for course in Course.objects.filter(office_id__in=office_ids, end_date__gte=first,
                                        start_date__lte=last).prefetch_related("trainers"):
        for trainer in course.trainers.all():
            busy[trainer.pk].update(dt.date.fromisoformat(d) for d in course.days)
    return busy


def propose(*, office: Office, office_ids: list[int], today: dt.date, weeks: int = 4,
            capacity: int = 25) -> list[Proposal]:
    due = due_participants(office_ids=office_ids, today=today, weeks=weeks)
    groups: dict[tuple[str, str, str], list[Participant]] = defaultdict(list)
    for participant, language, destination, audience in due:
        groups[(language, destination, audience)].append(participant)
    curricula = list(Curriculum.objects.all())
    trainers = list(User.objects.filter(memberships__role=Role.TRAINER, memberships__office_id=office.pk,
                                        is_active=True).distinct().order_by("username"))
    busy = _busy(office_ids, today, today + dt.timedelta(weeks=weeks + 3))
    proposals: list[Proposal] = []
    for (language, destination, audience), people in sorted(groups.items()):
        curriculum = _curriculum(destination, audience, curricula)
        if curriculum is None:
            continue
        people.sort(key=lambda p: (p.departure, p.case_number))
        current: Proposal | None = None
        for person in people:
            window_start = person.departure - dt.timedelta(days=BEFORE_DEPARTURE_DAYS)
            fits = (current is not None and len(current.participants) < capacity
                    and current.days[0] >= window_start and current.days[-1] < person.departure)
            if not fits:
                first = max(today + dt.timedelta(days=1), window_start)
                days = _weekdays(first, curriculum.days)
                trainer = next((t for t in trainers if not busy[t.pk] & set(days)), None)
                if trainer:
                    busy[trainer.pk].update(days)
                current = Proposal(language, destination, audience, curriculum, days, trainer)
                proposals.append(current)
            current.participants.append(person)
    return proposals
