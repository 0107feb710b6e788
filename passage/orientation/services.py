"""Writes of orientation: curricula, courses, enrolment and attendance. Each checks the actor's role
in the course's office, runs in one transaction with its audit row, and refuses with a DomainError
naming the field. Completing a course grants the participant's orientation clearance through the
registry (records.set_derived_clearance), which recomputes the readiness of their cases."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from passage.core import audit, reference
from passage.core.errors import ConflictError, DomainError, PermissionDeniedError
from passage.core.models import Role, User
from passage.core.scoping import can_act_in, scope_for
from passage.orientation.models import AUDIENCE_AGES, Attendance, Audience, Course, Curriculum, Enrolment
from passage.orientation.schemas import CourseIn, CurriculumIn
from passage.readiness.engine import age_on
from passage.readiness.models import ReadinessState
from passage.registry import records
from passage.registry.models import CaseMember, Clearance, Person

ORGANISERS = (Role.TRAINER, Role.OFFICE_ADMIN)
CURRICULUM_EDITORS = (Role.TRAINER, Role.OFFICE_ADMIN, Role.SYSTEM_ADMIN)
COURSE_BEFORE_DEPARTURE_DAYS = 14


def validity_days() -> int:
    """How long a completed orientation counts for readiness (settings.PASSAGE_ORIENTATION_VALIDITY_DAYS)."""
    return int(getattr(settings, "PASSAGE_ORIENTATION_VALIDITY_DAYS", 180))


@dataclass
class Warning:
    field: str
    detail: str


@dataclass
class Enrolled:
    enrolment: Enrolment
    warnings: list[Warning] = field(default_factory=list)


def _require(actor: User, office_id: int, roles: tuple[str, ...], what: str) -> None:
    if not can_act_in(actor, office_id, roles):
        raise PermissionDeniedError(f"Your role does not allow you to {what} in this office.")


def create_curriculum(*, actor: User, data: CurriculumIn) -> Curriculum:
    scope = scope_for(actor, CURRICULUM_EDITORS)
    if scope.partner_country is not None or not (scope.is_global or scope.office_ids):
        raise PermissionDeniedError("Your role does not allow you to write curricula.")
    if not 3 <= data.days <= 5:
        raise DomainError("Orientation lasts 3 to 5 days.", field="days")
    if data.destination_country and not reference.is_country(data.destination_country.upper()):
        raise DomainError("Not an ISO 3166-1 alpha-3 country code.", field="destination_country")
    with transaction.atomic():
        curriculum = Curriculum.objects.create(
            destination_country=data.destination_country.upper(), audience=data.audience, title=data.title,
            days=data.days, absences_allowed=data.absences_allowed, topics=[t.model_dump() for t in data.topics])
        audit.record(actor=actor, action="curriculum.create", obj=curriculum, after=audit.snapshot(curriculum))
    return curriculum


def _check_course(data: CourseIn, curriculum: Curriculum) -> list[dt.date]:
    days = list(data.days)
    if len(days) != curriculum.days:
        raise DomainError(f"This curriculum takes {curriculum.days} days; {len(days)} given.", field="days")
    if len(set(days)) != len(days):
        raise DomainError("A day is listed twice.", field="days")
    return sorted(days)


def create_course(*, actor: User, data: CourseIn) -> Course:
    _require(actor, data.office_id, ORGANISERS, "organise orientation courses")
    curriculum = Curriculum.objects.filter(pk=data.curriculum_id).first()
    if curriculum is None:
        raise DomainError("No such curriculum.", field="curriculum_id")
    days = _check_course(data, curriculum)
    trainers = list(User.objects.filter(pk__in=data.trainer_ids))
    if len(trainers) != len(set(data.trainer_ids)):
        raise DomainError("No such user.", field="trainer_ids")
    for trainer in trainers:
        if not can_act_in(trainer, data.office_id, (Role.TRAINER,)):
            raise DomainError(f"{trainer.get_username()} is not a trainer in this office.", field="trainer_ids")
    with transaction.atomic():
        course = Course.objects.create(curriculum=curriculum, office_id=data.office_id, language=data.language,
                                       place=data.place, days=[d.isoformat() for d in days], start_date=days[0],
                                       end_date=days[-1], capacity=data.capacity, created_by=actor)
        course.trainers.set(trainers)
        audit.record(actor=actor, action="course.create", obj=course, office=data.office_id,
                     after={**audit.snapshot(course), "trainers": [t.pk for t in trainers]})
    return course


def course_days(course: Course) -> list[dt.date]:
    return [dt.date.fromisoformat(d) for d in course.days]


def planned_departure(person: Person, today: dt.date | None = None) -> dt.date | None:
    """The earliest day the person's case can leave: the readiness window's start (not before
    today). Bookings, when they exist, will say it more precisely."""
    today = today or timezone.localdate()
    case_ids = CaseMember.objects.filter(person=person, left_on__isnull=True).values_list("case_id", flat=True)
    starts = list(ReadinessState.objects.filter(case_id__in=case_ids, status="ready").values_list(
        "window_start", "window_end"))
    days = [max(start or today, today) for start, end in starts if end is None or end >= today]
    return min(days) if days else None


def enrolment_warnings(course: Course, person: Person, today: dt.date | None = None) -> list[Warning]:
    warnings = []
    departure = planned_departure(person, today)
    if departure and (departure - course.start_date).days > COURSE_BEFORE_DEPARTURE_DAYS:
        warnings.append(Warning("course_id", f"The course starts {(departure - course.start_date).days} days before "
                                             f"the planned departure on {departure:%Y-%m-%d} (more than 14)."))
    if departure and course.end_date > departure:
        warnings.append(Warning("course_id", f"The course ends after the planned departure on {departure:%Y-%m-%d}."))
    spoken = {*person.languages, person.preferred_language} - {""}
    if course.language not in spoken:
        warnings.append(Warning("person_id", f"{person.full_name} is not recorded as speaking "
                                             f"{reference.languages()[course.language].name}."))
    low, high = AUDIENCE_AGES[Audience(course.curriculum.audience)]
    age = age_on(person.date_of_birth, course.start_date)
    if course.curriculum.audience == Audience.ADULTS and age < low:
        warnings.append(Warning("person_id", f"{person.full_name} is {age}: a child in an adult course."))
    elif not low <= age < high:
        warnings.append(Warning("person_id", f"{person.full_name} is {age}, outside this course's audience."))
    return warnings


def enrol(*, actor: User, course: Course, person: Person) -> Enrolled:
    """Enrol a person. The course row is locked first, so concurrent enrolments never exceed capacity."""
    _require(actor, course.office_id, ORGANISERS, "enrol participants")
    if not CaseMember.objects.filter(person=person, left_on__isnull=True).exists():
        raise DomainError("This person is not a current member of any case.", field="person_id")
    with transaction.atomic():
        course = Course.objects.select_for_update().select_related("curriculum").get(pk=course.pk)
        if Enrolment.objects.filter(course=course, person=person).exists():
            raise ConflictError("This person is already enrolled in this course.", field="person_id")
        if Enrolment.objects.filter(course=course).count() >= course.capacity:
            raise ConflictError(f"The course is full ({course.capacity} places).", field="capacity")
        warnings = enrolment_warnings(course, person)
        enrolment = Enrolment.objects.create(course=course, person=person, enrolled_by=actor,
                                             warnings=[w.__dict__ for w in warnings])
        audit.record(actor=actor, action="course.enrol", obj=enrolment, office=course.office_id,
                     after={"course": course.pk, "person": person.pk, "warnings": enrolment.warnings})
        if not _has_valid_orientation(person, course.end_date):
            records.set_derived_clearance(
                actor=actor, person=person, kind="orientation", status=Clearance.Status.PENDING,
                reason=f"Enrolled in orientation from {course.start_date:%Y-%m-%d} to {course.end_date:%Y-%m-%d}",
                reference=f"PDO-{course.pk}")
    return Enrolled(enrolment=enrolment, warnings=warnings)


def _has_valid_orientation(person: Person, day: dt.date) -> bool:
    return Clearance.objects.filter(person=person, kind="orientation", status="granted",
                                    valid_from__lte=day).exclude(valid_until__lt=day).exists()


def required_days(course: Course) -> int:
    return len(course.days) - course.curriculum.absences_allowed


def record_attendance(*, actor: User, course: Course, person: Person, day: dt.date, present: bool) -> Enrolment:
    """Mark a participant present or absent on a course day; completing (or un-completing) the course
    sets the orientation clearance."""
    _require(actor, course.office_id, ORGANISERS, "take attendance")
    if day not in course_days(course):
        raise DomainError(f"{day:%Y-%m-%d} is not a day of this course.", field="day")
    with transaction.atomic():
        enrolment = (Enrolment.objects.select_for_update().select_related("course__curriculum", "person")
                     .filter(course=course, person=person).first())
        if enrolment is None:
            raise DomainError("This person is not enrolled in this course.", field="person_id")
        row, _created = Attendance.objects.update_or_create(enrolment=enrolment, day=day,
                                                            defaults={"present": present, "recorded_by": actor})
        audit.record(actor=actor, action="course.attendance", obj=row, office=course.office_id,
                     after={"course": course.pk, "person": person.pk, "day": day.isoformat(), "present": present})
        _settle_completion(actor, enrolment)
    return enrolment


def _settle_completion(actor: User, enrolment: Enrolment) -> None:
    course = enrolment.course
    present = sorted(enrolment.attendance.filter(present=True).values_list("day", flat=True))
    completed_on = present[-1] if len(present) >= required_days(course) else None
    if completed_on == enrolment.completed_on:
        return
    enrolment.completed_on = completed_on
    enrolment.save(update_fields=["completed_on"])
    audit.record(actor=actor, action="course.completion", obj=enrolment, office=course.office_id,
                 after={"completed_on": completed_on.isoformat() if completed_on else None})
    if completed_on:
        records.set_derived_clearance(
            actor=actor, person=enrolment.person, kind="orientation", status=Clearance.Status.GRANTED,
            valid_from=completed_on, valid_until=completed_on + dt.timedelta(days=validity_days()),
            reason="", reference=f"PDO-{course.pk}")
    else:
        records.set_derived_clearance(
            actor=actor, person=enrolment.person, kind="orientation", status=Clearance.Status.PENDING,
            reason=f"Orientation from {course.start_date:%Y-%m-%d} not completed", reference=f"PDO-{course.pk}")


def accept_proposal(*, actor: User, proposal, office_id: int, place: str, first_day: dt.date,
                    trainer_ids: list[int], capacity: int = 25) -> tuple[Course, list[Warning]]:
    """Create the proposed course (as the officer edited it) and enrol its participants, in one
    transaction: all or nothing."""
    from passage.orientation.planner import _weekdays

    if not place.strip():
        raise DomainError("Say where the course is held.", field="place")
    days = _weekdays(first_day, proposal.curriculum.days)
    warnings: list[Warning] = []
    with transaction.atomic():
        course = create_course(actor=actor, data=CourseIn(
            curriculum_id=proposal.curriculum.pk, office_id=office_id, language=proposal.language, place=place,
            days=days, capacity=max(capacity, 1), trainer_ids=trainer_ids))
        for participant in proposal.participants:
            person = Person.objects.get(pk=participant.person_id)
            warnings += enrol(actor=actor, course=course, person=person).warnings
    return course, warnings
