"""Reads of orientation, scoped to the acting user."""

from __future__ import annotations

import datetime as dt

from django.db.models import Count, Prefetch, QuerySet

from passage.core.models import User
from passage.core.scoping import scoped
from passage.orientation.models import Attendance, Course, Curriculum, Enrolment


def curricula() -> QuerySet[Curriculum]:
    """Curricula are teaching material, not an office's data: every staff user reads them."""
    return Curriculum.objects.all()


def courses_for(*, user: User, office_id: int | None = None, from_day: dt.date | None = None,
                to_day: dt.date | None = None) -> QuerySet[Course]:
    qs = (scoped(Course.objects.select_related("curriculum", "office"), user)
          .annotate(enrolled=Count("enrolments", distinct=True))
          .prefetch_related("trainers"))
    if office_id:
        qs = qs.filter(office_id=office_id)
    if from_day:
        qs = qs.filter(end_date__gte=from_day)
    if to_day:
        qs = qs.filter(start_date__lte=to_day)
    return qs


def course_for(*, user: User, course_id: int) -> Course:
    """Course.DoesNotExist when outside the user's scope."""
    return courses_for(user=user).get(pk=course_id)


def roster(course: Course) -> list[Enrolment]:
    return list(Enrolment.objects.filter(course=course).select_related("person")
                .prefetch_related(Prefetch("attendance", queryset=Attendance.objects.order_by("day")))
                .order_by("person__family_name", "person__given_name", "pk"))
