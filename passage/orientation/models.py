"""Pre-departure orientation: curricula per destination and audience, courses held by an office in
one language, who is enrolled, and attendance per participant per day."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from passage.core.models import Office, ScopeFields
from passage.registry.models import Person


class Audience(models.TextChoices):
    ADULTS = "adults", _("Adults (18 and over)")
    YOUTH = "youth", _("Youth (12 to 17)")
    CHILDREN = "children", _("Children (under 12)")


# Ages (inclusive lower, exclusive upper) each audience is meant for.
AUDIENCE_AGES = {Audience.ADULTS: (18, 200), Audience.YOUTH: (12, 18), Audience.CHILDREN: (0, 12)}


class Curriculum(models.Model):
    """What a course teaches: `topics` is [{"title", "key_messages": [...]}, ...]."""

    destination_country = models.CharField(_("destination country"), max_length=3, blank=True,
                                           help_text=_("Empty: for any destination."))
    audience = models.CharField(_("audience"), max_length=10, choices=Audience.choices)
    title = models.CharField(_("title"), max_length=200)
    days = models.PositiveSmallIntegerField(_("days"), default=3)
    absences_allowed = models.PositiveSmallIntegerField(
        _("days that may be missed"), default=0,
        help_text=_("0: every day must be attended; 1: all but one."))
    topics = models.JSONField(_("topics"), default=list)

    class Meta:
        ordering = ["destination_country", "audience", "title"]
        constraints = [
            models.CheckConstraint(condition=models.Q(days__gte=3, days__lte=5), name="curriculum_three_to_five_days"),
        ]

    def __str__(self) -> str:
        return self.title


class Course(models.Model):
    curriculum = models.ForeignKey(Curriculum, on_delete=models.PROTECT, related_name="courses")
    office = models.ForeignKey(Office, on_delete=models.PROTECT, related_name="+")
    language = models.CharField(_("language"), max_length=3, help_text=_("ISO 639-3 code."))
    trainers = models.ManyToManyField(settings.AUTH_USER_MODEL, related_name="orientation_courses", blank=True)
    place = models.CharField(_("place"), max_length=200)
    days = models.JSONField(_("days"), default=list, help_text="The course days, ISO dates in order.")
    start_date = models.DateField(_("first day"))
    end_date = models.DateField(_("last day"))
    capacity = models.PositiveSmallIntegerField(_("capacity"), default=25)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")

    SCOPE = ScopeFields(office="office")

    class Meta:
        ordering = ["start_date", "id"]
        indexes = [models.Index(fields=["office", "start_date"], name="course_office_start_idx")]

    def __str__(self) -> str:
        return f"{self.curriculum.title} · {self.start_date:%Y-%m-%d} · {self.language}"


class Enrolment(models.Model):
    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="enrolments")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="orientation_enrolments")
    enrolled_at = models.DateTimeField(auto_now_add=True)
    enrolled_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    warnings = models.JSONField(default=list, blank=True, help_text="[{field, detail}] shown when enrolled.")
    completed_on = models.DateField(_("completed on"), null=True, blank=True)

    SCOPE = ScopeFields(office="course__office")

    class Meta:
        ordering = ["course_id", "person__family_name", "person__given_name", "id"]
        constraints = [models.UniqueConstraint(fields=["course", "person"], name="enrolment_once_per_course")]


class Attendance(models.Model):
    enrolment = models.ForeignKey(Enrolment, on_delete=models.CASCADE, related_name="attendance")
    day = models.DateField(_("day"))
    present = models.BooleanField(_("present"), default=False)
    recorded_at = models.DateTimeField(auto_now=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")

    SCOPE = ScopeFields(office="enrolment__course__office")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["enrolment", "day"], name="attendance_once_per_day")]


def default_curriculum(audience: str = Audience.ADULTS) -> Curriculum:
    """The any-destination curriculum of an audience (seeded by migration 0002; recreated here for a
    database that was emptied, e.g. by a test that flushes)."""
    from passage.orientation.migrations import _defaults

    return _defaults.default_curriculum(Curriculum, audience)
