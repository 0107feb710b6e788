"""Courses, enrolment and attendance: refusals name the field, warnings where they help, and
completion grants the orientation clearance the readiness engine reads."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from passage.core.errors import DomainError
from passage.core.models import AuditEvent
from passage.orientation import services
from passage.orientation.models import Curriculum
from passage.orientation.schemas import CourseIn
from passage.orientation.tests.conftest import make_course
from passage.registry.models import Clearance

from .conftest import Training  # noqa: F401


@pytest.mark.django_db
def test_course_days_must_match_the_curriculum(world, training):
    with pytest.raises(DomainError) as exc:
        services.create_course(actor=training.trainer, data=CourseIn(
            curriculum_id=training.curriculum.pk, office_id=world.office_a.pk, language="som", place="Kakuma",
            days=[dt.date(2027, 1, 4), dt.date(2027, 1, 5)]))
    assert exc.value.field == "days"
    with pytest.raises(DomainError) as exc:
        services.create_course(actor=training.trainer, data=CourseIn(
            curriculum_id=training.curriculum.pk, office_id=world.office_a.pk, language="som", place="Kakuma",
            days=[dt.date(2027, 1, 4), dt.date(2027, 1, 5), dt.date(2027, 1, 6)], trainer_ids=[world.caseworker_a.pk]))
    assert exc.value.field == "trainer_ids"


@pytest.mark.django_db
def test_enrolling_warns_about_language_and_a_child_in_an_adult_course(training):
    english = make_course(training.trainer, training.course.office, training.curriculum,
                          first=training.course.start_date, language="eng")
    enrolled = services.enrol(actor=training.trainer, course=english, person=training.child)
    fields = [(w.field, w.detail) for w in enrolled.warnings]
    assert any("not recorded as speaking English" in d for _f, d in fields)
    assert any("a child in an adult course" in d for _f, d in fields)
    assert enrolled.enrolment.warnings  # kept with the enrolment
    assert services.enrol(actor=training.trainer, course=training.course, person=training.adult).warnings == []


@pytest.mark.django_db
def test_enrolling_warns_when_the_course_is_long_before_departure(training):
    from passage.readiness.models import ReadinessState

    today = timezone.localdate()
    ReadinessState.objects.update_or_create(case=training.family, defaults={
        "status": "ready", "window_start": today + dt.timedelta(days=40), "window_end": today + dt.timedelta(days=70),
        "as_of": today, "computed_at": timezone.now()})
    enrolled = services.enrol(actor=training.trainer, course=training.course, person=training.adult)
    assert [w.field for w in enrolled.warnings] == ["course_id"]
    assert "more than 14" in enrolled.warnings[0].detail


@pytest.mark.django_db
def test_same_person_twice_and_over_capacity_are_refused_naming_the_field(training):
    small = make_course(training.trainer, training.course.office, training.curriculum,
                        first=training.course.start_date, capacity=1)
    services.enrol(actor=training.trainer, course=small, person=training.adult)
    with pytest.raises(DomainError) as exc:
        services.enrol(actor=training.trainer, course=small, person=training.adult)
    assert exc.value.field == "person_id"
    with pytest.raises(DomainError) as exc:
        services.enrol(actor=training.trainer, course=small, person=training.spouse)
    assert exc.value.field == "capacity"
    assert small.enrolments.count() == 1


@pytest.mark.django_db
def test_enrolment_needs_an_organiser_of_the_office(world, training):
    with pytest.raises(DomainError) as exc:
        services.enrol(actor=world.caseworker_b, course=training.course, person=training.adult)
    assert exc.value.status == 403


@pytest.mark.django_db
def test_attending_every_day_grants_the_orientation_clearance(training, settings):
    settings.PASSAGE_ORIENTATION_VALIDITY_DAYS = 180
    course = training.course
    services.enrol(actor=training.trainer, course=course, person=training.adult)
    pending = Clearance.objects.get(person=training.adult, kind="orientation")
    assert pending.status == "pending"
    days = services.course_days(course)
    with pytest.raises(DomainError) as exc:
        services.record_attendance(actor=training.trainer, course=course, person=training.adult,
                                   day=days[-1] + dt.timedelta(days=1), present=True)
    assert exc.value.field == "day"
    for day in days:
        services.record_attendance(actor=training.trainer, course=course, person=training.adult, day=day, present=True)
    clearance = Clearance.objects.get(person=training.adult, kind="orientation")
    assert (clearance.status, clearance.valid_from, clearance.valid_until) == (
        "granted", days[-1], days[-1] + dt.timedelta(days=180))
    assert AuditEvent.objects.filter(action="course.completion").count() == 1
    # Unmarking a day takes the completion (and the clearance) back.
    services.record_attendance(actor=training.trainer, course=course, person=training.adult, day=days[0],
                               present=False)
    assert Clearance.objects.get(person=training.adult, kind="orientation").status == "pending"


@pytest.mark.django_db
def test_all_but_one_rule(world, training):
    curriculum = Curriculum.objects.get(destination_country="USA", audience="adults")
    assert curriculum.absences_allowed == 1
    course = make_course(training.trainer, world.office_a, curriculum, first=dt.date(2027, 1, 4))
    services.enrol(actor=training.trainer, course=course, person=training.adult)
    days = services.course_days(course)
    for day in days[:-1]:
        enrolment = services.record_attendance(actor=training.trainer, course=course, person=training.adult, day=day,
                                               present=True)
    assert enrolment.completed_on == days[-2]
    assert Clearance.objects.get(person=training.adult, kind="orientation").status == "granted"


@pytest.mark.django_db
def test_attendance_for_someone_not_enrolled_is_refused(training):
    with pytest.raises(DomainError) as exc:
        services.record_attendance(actor=training.trainer, course=training.course, person=training.adult,
                                   day=training.course.start_date, present=True)
    assert exc.value.field == "person_id"
