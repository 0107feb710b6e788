"""Orientation API: curricula, courses, enrolment with its warnings, and attendance."""

from __future__ import annotations

from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Query, Router, Status

from passage.core.pagination import keyset_page
from passage.core.schemas import DbInt, PageOut
from passage.orientation import selectors, services
from passage.orientation.models import Course
from passage.orientation.schemas import (
    AttendanceIn,
    CourseIn,
    CourseOut,
    CurriculumIn,
    CurriculumOut,
    EnrolIn,
    EnrolmentOut,
)
from passage.registry import selectors as registry_selectors

router = Router(tags=["orientation"])


def _course(request: HttpRequest, course_id: int) -> Course:
    try:
        return selectors.course_for(user=request.user, course_id=course_id)
    except Course.DoesNotExist as exc:
        raise Http404 from exc


@router.get("/orientation/curricula", response=list[CurriculumOut], operation_id="listCurricula",
            summary="Orientation curricula", description="Per destination and audience, with topics and key messages.")
def list_curricula(request: HttpRequest):
    return list(selectors.curricula())


@router.post("/orientation/curricula", response={201: CurriculumOut}, operation_id="createCurriculum",
             summary="Write a curriculum", description="3 to 5 days; for trainers and administrators.")
def create_curriculum(request: HttpRequest, payload: CurriculumIn):
    return Status(201, services.create_curriculum(actor=request.user, data=payload))


@router.get("/orientation/courses", response=PageOut[CourseOut], operation_id="listCourses",
            summary="Orientation courses in the caller's offices", description="Newest first, paged by cursor.")
def list_courses(request: HttpRequest, office_id: DbInt | None = None, cursor: str | None = None,
                 limit: int = Query(50, ge=1, le=200)):
    return keyset_page(selectors.courses_for(user=request.user, office_id=office_id), cursor=cursor, limit=limit)


@router.post("/orientation/courses", response={201: CourseOut}, operation_id="createCourse",
             summary="Schedule a course",
             description="The number of days must match the curriculum; trainers must be trainers in the office.")
def create_course(request: HttpRequest, payload: CourseIn):
    course = services.create_course(actor=request.user, data=payload)
    return Status(201, _course(request, course.pk))


@router.get("/orientation/courses/{course_id}", response=CourseOut, operation_id="getCourse",
            summary="One course", description="With its curriculum, days, capacity and trainers.")
def get_course(request: HttpRequest, course_id: int):
    return _course(request, course_id)


@router.get("/orientation/courses/{course_id}/enrolments", response=list[EnrolmentOut],
            operation_id="listEnrolments", summary="A course's roster",
            description="Each participant with the days they were present and when they completed.")
def list_enrolments(request: HttpRequest, course_id: int):
    return selectors.roster(_course(request, course_id))


@router.post("/orientation/courses/{course_id}/enrolments", response={201: EnrolmentOut},
             operation_id="enrolParticipant", summary="Enrol a participant",
             description="Refused when the course is full (`capacity`) or the person is already enrolled "
                         "(`person_id`); accepted with `warnings` for a course more than 14 days before the planned "
                         "departure, a language the person is not recorded as speaking, or a child in an adult course.")
def enrol(request: HttpRequest, course_id: int, payload: EnrolIn):
    course = _course(request, course_id)
    person = get_object_or_404(registry_selectors.persons_for(user=request.user), pk=payload.person_id)
    enrolled = services.enrol(actor=request.user, course=course, person=person)
    return Status(201, next(e for e in selectors.roster(course) if e.pk == enrolled.enrolment.pk))


@router.post("/orientation/courses/{course_id}/attendance", response=EnrolmentOut, operation_id="recordAttendance",
             summary="Mark a participant present or absent on a course day",
             description="A day outside the course is refused (`day`). Completing the course (every day, or all but "
                         "one where the curriculum allows) grants the orientation clearance.")
def record_attendance(request: HttpRequest, course_id: int, payload: AttendanceIn):
    course = _course(request, course_id)
    person = get_object_or_404(registry_selectors.persons_for(user=request.user), pk=payload.person_id)
    enrolment = services.record_attendance(actor=request.user, course=course, person=person, day=payload.day,
                                           present=payload.present)
    return next(e for e in selectors.roster(course) if e.pk == enrolment.pk)
