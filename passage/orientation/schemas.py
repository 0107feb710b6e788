"""Orientation data crossing the API boundary: curricula, courses, enrolment and attendance."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from ninja import Schema
from pydantic import Field, field_validator

from passage.core import reference
from passage.core.schemas import In
from passage.orientation.models import Audience


class TopicIn(In):
    title: str = Field(..., min_length=1, max_length=200)
    key_messages: list[Annotated[str, Field(max_length=500)]] = Field(default_factory=list, max_length=20)


class CurriculumIn(In):
    destination_country: str = Field("", max_length=3, description="ISO 3166-1 alpha-3; empty for any destination.")
    audience: Audience
    title: str = Field(..., min_length=1, max_length=200)
    days: int = Field(3, description="3 to 5 days.")
    absences_allowed: int = Field(0, ge=0, le=1, description="0: every day; 1: all but one.")
    topics: list[TopicIn] = Field(default_factory=list, max_length=40)


class CurriculumOut(Schema):
    id: int
    destination_country: str
    audience: str
    title: str
    days: int
    absences_allowed: int
    topics: list[dict[str, Any]]


class CourseIn(In):
    curriculum_id: int
    office_id: int
    language: str = Field(..., description="ISO 639-3 code of the language the course is held in.")
    place: str = Field(..., min_length=1, max_length=200)
    days: list[dt.date] = Field(..., min_length=1, max_length=10, description="The course days, one per day.")
    capacity: int = Field(25, ge=1, le=200)
    trainer_ids: list[int] = Field(default_factory=list, max_length=10)

    @field_validator("language")
    @classmethod
    def _language(cls, value: str) -> str:
        code = value.strip().lower()
        if not reference.is_language(code):
            raise ValueError(f"'{value}' is not an ISO 639-3 language code (e.g. ara, som, swa)")
        return code


class CourseOut(Schema):
    id: int
    curriculum_id: int
    curriculum: str
    audience: str
    office_id: int
    language: str
    place: str
    days: list[dt.date]
    capacity: int
    enrolled: int
    trainers: list[str]

    @staticmethod
    def resolve_curriculum(obj: Any) -> str:
        return obj.curriculum.title

    @staticmethod
    def resolve_audience(obj: Any) -> str:
        return obj.curriculum.audience

    @staticmethod
    def resolve_enrolled(obj: Any) -> int:
        # Annotated by the selector; counted for a course fresh from a service.
        return obj.enrolled if hasattr(obj, "enrolled") else obj.enrolments.count()

    @staticmethod
    def resolve_trainers(obj: Any) -> list[str]:
        return [t.get_username() for t in obj.trainers.all()]


class EnrolIn(In):
    person_id: int


class WarningOut(Schema):
    field: str
    detail: str


class EnrolmentOut(Schema):
    id: int
    course_id: int
    person_id: int
    person: str
    completed_on: dt.date | None
    days_present: list[dt.date]
    warnings: list[WarningOut]

    @staticmethod
    def resolve_person(obj: Any) -> str:
        return obj.person.full_name

    @staticmethod
    def resolve_days_present(obj: Any) -> list[dt.date]:
        return sorted(a.day for a in obj.attendance.all() if a.present)


class AttendanceIn(In):
    person_id: int
    day: dt.date
    present: bool = True
