"""The orientation part of the demo world, in the Kenya offices where the demo trainer works: a
course finished last month (its participants hold orientation clearances), one running now with
part of its attendance taken, and one starting soon with people enrolled."""

from __future__ import annotations

import datetime as dt

from passage.core.models import Office, User
from passage.demo.extensions import DemoContext
from passage.orientation import services
from passage.orientation.models import Audience, Curriculum
from passage.orientation.schemas import CourseIn
from passage.readiness.engine import age_on
from passage.registry.models import Case, CaseMember

PLACES = ("Kakuma transit centre, training room 2", "Nairobi orientation centre", "Dadaab field office hall")


def _weekdays(first: dt.date, count: int) -> list[dt.date]:
    days, day = [], first
    while len(days) < count:
        if day.weekday() < 5:
            days.append(day)
        day += dt.timedelta(days=1)
    return days


def seed_orientation(ctx: DemoContext) -> dict:
    trainer = User.objects.filter(username="trainer").first()
    office = Office.objects.filter(code="CO-KEN").first()
    curriculum = Curriculum.objects.filter(audience=Audience.ADULTS, destination_country="").first()
    if trainer is None or office is None or curriculum is None:
        return {"courses": 0}
    kenya = list(Office.objects.filter(code__in=["CO-KEN", "SO-KAK", "SO-DAD"]).values_list("pk", flat=True))
    case_ids = list(Case.objects.filter(pk__in=ctx.case_ids, office_id__in=kenya, status="approved")
                    .order_by("pk").values_list("pk", flat=True)[:400])
    ctx.rng.shuffle(case_ids)
    adults: dict[str, list] = {}
    for member in (CaseMember.objects.filter(case_id__in=case_ids, left_on__isnull=True)
                   .select_related("person").order_by("case_id", "pk")):
        person = member.person
        if age_on(person.date_of_birth, ctx.as_of) >= 18:
            adults.setdefault(person.preferred_language or "eng", []).append(person)
    courses = enrolments = 0
    starts = (ctx.as_of - dt.timedelta(days=30), ctx.as_of - dt.timedelta(days=1), ctx.as_of + dt.timedelta(days=3))
    languages = sorted(adults, key=lambda code: -len(adults[code]))
    for index, first in enumerate(starts):
        if not languages:
            break
        language = languages[index % len(languages)]
        people = adults[language][:20]
        adults[language] = adults[language][20:]
        days = _weekdays(first, curriculum.days)
        course = services.create_course(actor=trainer, data=CourseIn(
            curriculum_id=curriculum.pk, office_id=office.pk, language=language, place=PLACES[index % len(PLACES)],
            days=days, capacity=25, trainer_ids=[trainer.pk]))
        courses += 1
        for person in people:
            services.enrol(actor=trainer, course=course, person=person)
            enrolments += 1
            for day in days:
                if day < ctx.as_of and ctx.rng.random() < 0.93:
                    services.record_attendance(actor=trainer, course=course, person=person, day=day, present=True)
    return {"courses": courses, "enrolments": enrolments}
