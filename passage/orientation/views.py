"""Orientation pages: the course calendar, scheduling a course, the course page (roster, enrolment
with its warnings) and the tablet attendance page where a trainer taps names."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from pydantic import ValidationError

from passage.core.errors import DomainError
from passage.core.home import Task
from passage.core.models import Role, User
from passage.core.scoping import scoped
from passage.orientation import selectors, services
from passage.orientation.forms import CourseForm, EnrolCaseForm
from passage.orientation.models import AUDIENCE_AGES, Audience, Course
from passage.orientation.schemas import CourseIn
from passage.readiness.engine import age_on
from passage.registry import selectors as registry_selectors
from passage.registry.models import Case, Person

ORIENTATION_ROLES = {Role.TRAINER, Role.OFFICE_ADMIN, Role.CASEWORKER}


def home_tasks(roles: set[str]) -> list[Task]:
    tasks = []
    if roles & ORIENTATION_ROLES:
        tasks.append(Task(gettext_lazy("Orientation courses"), reverse("orientation-courses")))
    if roles & set(services.ORGANISERS):
        tasks.append(Task(gettext_lazy("Orientation planner"), reverse("orientation-planner")))
    return tasks


def _course(request: HttpRequest, course_id: int) -> Course:
    try:
        return selectors.course_for(user=request.user, course_id=course_id)
    except Course.DoesNotExist as exc:
        raise Http404 from exc


@login_required
@require_GET
def course_calendar(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    courses = selectors.courses_for(user=request.user, from_day=today - dt.timedelta(days=7),
                                    to_day=today + dt.timedelta(days=60)).order_by("start_date", "pk")[:200]
    return render(request, "orientation/calendar.html", {
        "courses": courses, "today": today, "can_schedule": _organiser_offices(request.user).exists()})


def _organiser_offices(user: User):
    from passage.core.models import Office

    return scoped(Office.objects.filter(is_active=True), user, roles=services.ORGANISERS).order_by("name")


def _course_days(first: dt.date, count: int, skip_weekends: bool) -> list[dt.date]:
    days, day = [], first
    while len(days) < count:
        if not (skip_weekends and day.weekday() >= 5):
            days.append(day)
        day += dt.timedelta(days=1)
    return days


@login_required
@require_http_methods(["GET", "POST"])
def course_new(request: HttpRequest) -> HttpResponse:
    offices = list(_organiser_offices(request.user))
    if not offices:
        raise Http404
    curricula = list(selectors.curricula())
    trainers = User.objects.filter(memberships__role=Role.TRAINER,
                                   memberships__office__in=offices).distinct().order_by("username")
    form = CourseForm(request.POST or None, curricula=curricula, offices=offices, trainers=trainers)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        curriculum = next(c for c in curricula if c.pk == data["curriculum_id"])
        try:
            payload = CourseIn(curriculum_id=curriculum.pk, office_id=data["office_id"], language=data["language"],
                               place=data["place"], capacity=data["capacity"], trainer_ids=data["trainer_ids"],
                               days=_course_days(data["first_day"], curriculum.days, data["skip_weekends"]))
            course = services.create_course(actor=request.user, data=payload)
        except DomainError as exc:
            form.add_error(exc.field if exc.field in form.fields else ("first_day" if exc.field == "days" else None),
                           exc.message)
        except ValidationError as exc:
            for error in exc.errors():
                name = str(error["loc"][0]) if error["loc"] else None
                form.add_error(name if name in form.fields else None, str(error["msg"]).removeprefix("Value error, "))
        else:
            messages.success(request, _("Course scheduled."))
            return redirect("orientation-course", course_id=course.pk)
    return render(request, "orientation/course_new.html", {"form": form})


def _fits(course: Course, person: Person) -> bool:
    low, high = AUDIENCE_AGES[Audience(course.curriculum.audience)]
    return low <= age_on(person.date_of_birth, course.start_date) < high


@login_required
@require_http_methods(["GET", "POST"])
def course_detail(request: HttpRequest, course_id: int) -> HttpResponse:
    course = _course(request, course_id)
    form = EnrolCaseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            case = registry_selectors.case_for_update(user=request.user, number=form.cleaned_data["case_number"])
        except Case.DoesNotExist:
            form.add_error("case_number", _("No such case in your offices."))
        else:
            members = [m.person for m in case.members.filter(left_on__isnull=True).select_related("person")]
            chosen = [p for p in members if form.cleaned_data["everyone"] or _fits(course, p)]
            if not chosen:
                form.add_error("case_number", _("No member of this case is of this course's audience."))
            done = 0
            for person in chosen:
                try:
                    enrolled = services.enrol(actor=request.user, course=course, person=person)
                except DomainError as exc:
                    form.add_error("case_number", f"{person.full_name}: {exc.message}")
                    continue
                done += 1
                for warning in enrolled.warnings:
                    messages.warning(request, warning.detail)
            if done:
                messages.success(request, _("%(count)d enrolled.") % {"count": done})
            if not form.errors:
                return redirect("orientation-course", course_id=course.pk)
    roster = selectors.roster(course)
    days = services.course_days(course)
    rows = [{"enrolment": e, "present": {a.day for a in e.attendance.all() if a.present}} for e in roster]
    return render(request, "orientation/course_detail.html", {
        "course": course, "form": form, "rows": rows, "days": days, "required": services.required_days(course),
        "today": timezone.localdate(),
    })


def _attendance_rows(course: Course, day: dt.date) -> list[dict]:
    return [{"enrolment": e, "present": any(a.day == day and a.present for a in e.attendance.all())}
            for e in selectors.roster(course)]


@login_required
@require_GET
def attendance_day(request: HttpRequest, course_id: int) -> HttpResponse:
    course = _course(request, course_id)
    days = services.course_days(course)
    try:
        day = dt.date.fromisoformat(request.GET.get("day", ""))
    except ValueError:
        today = timezone.localdate()
        day = today if today in days else days[0]
    if day not in days:
        raise Http404
    return render(request, "orientation/attendance.html", {
        "course": course, "day": day, "days": days, "rows": _attendance_rows(course, day)})


@login_required
@require_POST
def attendance_toggle(request: HttpRequest, course_id: int) -> HttpResponse:
    course = _course(request, course_id)
    try:
        person = registry_selectors.persons_for(user=request.user).get(pk=int(request.POST.get("person_id", "")))
        day = dt.date.fromisoformat(request.POST.get("day", ""))
    except (ValueError, Person.DoesNotExist) as exc:
        raise Http404 from exc
    present = request.POST.get("present") == "1"
    error = None
    try:
        services.record_attendance(actor=request.user, course=course, person=person, day=day, present=present)
    except DomainError as exc:
        error = exc.message
    if not request.headers.get("HX-Request"):
        if error:
            messages.error(request, error)
        return redirect(f"{reverse('orientation-attendance', args=[course.pk])}?day={day:%Y-%m-%d}")
    row = next((r for r in _attendance_rows(course, day) if r["enrolment"].person_id == person.pk), None)
    if row is None:
        raise Http404
    return render(request, "orientation/_attendance_button.html", {"course": course, "day": day, "row": row,
                                                                    "error": error})


@login_required
@require_GET
def certificate(request: HttpRequest, course_id: int, person_id: int) -> HttpResponse:
    from passage.orientation.certificate import CertificateError, certificate_pdf

    course = _course(request, course_id)
    enrolment = next((e for e in selectors.roster(course) if e.person_id == person_id and e.completed_on), None)
    if enrolment is None:
        raise Http404
    try:
        pdf = certificate_pdf(enrolment)
    except CertificateError as exc:
        messages.error(request, str(exc))
        return redirect("orientation-course", course_id=course.pk)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="orientation-{course.pk}-{person_id}.pdf"'
    return response


@login_required
@require_http_methods(["GET", "POST"])
def planner(request: HttpRequest) -> HttpResponse:
    from passage.orientation.planner import propose

    offices = list(_organiser_offices(request.user))
    if not offices:
        raise Http404
    data = request.POST if request.method == "POST" else request.GET
    tops = [o for o in offices if o.parent_id not in {x.pk for x in offices}]
    office = next((o for o in offices if str(o.pk) == data.get("office")), tops[0] if tops else offices[0])
    try:
        weeks = max(1, min(int(data.get("weeks", 4)), 12))
    except ValueError:
        weeks = 4
    office_ids = {office.pk}
    while True:  # the office and every office below it
        below = {o.pk for o in offices if o.parent_id in office_ids} - office_ids
        if not below:
            break
        office_ids |= below
    office_ids = sorted(office_ids)
    today = timezone.localdate()
    proposals = propose(office=office, office_ids=office_ids, today=today, weeks=weeks)
    errors: dict[str, str] = {}
    if request.method == "POST":
        key = request.POST.get("key", "")
        proposal = next((p for p in proposals if p.key == key), None)
        if proposal is None:
            messages.error(request, _("This proposal changed meanwhile; look at the new one."))
        else:
            try:
                first_day = dt.date.fromisoformat(request.POST.get("first_day", ""))
                trainer = request.POST.get("trainer", "")
                course, warnings = services.accept_proposal(
                    actor=request.user, proposal=proposal, office_id=office.pk, place=request.POST.get("place", ""),
                    first_day=first_day, trainer_ids=[int(trainer)] if trainer.isdigit() else [])
            except ValueError:
                errors[key] = _("Enter the first day as a date.")
            except DomainError as exc:
                errors[key] = exc.message
            else:
                for warning in warnings:
                    messages.warning(request, warning.detail)
                messages.success(request, _("Course created with %(count)d participants.") % {
                    "count": len(proposal.participants)})
                return redirect("orientation-course", course_id=course.pk)
    trainers = User.objects.filter(memberships__role=Role.TRAINER, memberships__office=office).distinct()
    return render(request, "orientation/planner.html", {
        "offices": offices, "office": office, "weeks": weeks, "trainers": trainers, "today": today,
        "items": [{"proposal": p, "error": errors.get(p.key)} for p in proposals]})
