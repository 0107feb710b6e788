"""Health pages: the clinic screen (find a person, record, go on to the next), a person's health
page (clinical record for medical officers, fitness and requirements for other staff), consent,
the rules per destination and the morbidity report. Views call the same services and selectors
as the API and show a DomainError on the field it names."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.forms import Form
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods
from pydantic import ValidationError

from passage.core.errors import DomainError, PermissionDeniedError
from passage.core.home import Task
from passage.core.models import Role, User
from passage.core.scoping import can_act_in, scope_for
from passage.health import fhir, forms, schemas, selectors, services
from passage.health.models import FALLBACK, Assessment, HealthRule
from passage.registry.models import CaseMember, Clearance, Person

MEDICAL = (Role.MEDICAL_OFFICER,)
BOARD_READERS = (Role.MEDICAL_OFFICER, Role.CASEWORKER, Role.MOVEMENT_OFFICER, Role.OFFICE_ADMIN,
                 Role.CHARTER_MANAGER)


def home_tasks(roles: set[str]) -> list[Task]:
    tasks = []
    if Role.MEDICAL_OFFICER in roles:
        tasks.append(Task(gettext_lazy("Clinic"), reverse("health-clinic")))
        tasks.append(Task(gettext_lazy("Pre-embarkation checks"), reverse("health-pre-embarkation")))
    if roles & set(BOARD_READERS):
        tasks.append(Task(gettext_lazy("Fitness board"), reverse("health-fitness-board")))
    if roles & set(selectors.MORBIDITY_READERS):
        tasks.append(Task(gettext_lazy("Morbidity report"), reverse("health-morbidity")))
    if roles & {Role.MEDICAL_OFFICER, Role.SYSTEM_ADMIN}:
        tasks.append(Task(gettext_lazy("Health rules"), reverse("health-rules")))
    return tasks


def partner_home_tasks(user: User) -> list[Task]:
    return []


def _show(form: Form, exc: DomainError | ValidationError) -> None:
    if isinstance(exc, ValidationError):
        for error in exc.errors():
            field = ".".join(str(p) for p in error["loc"]) or None
            form.add_error(field if field in form.fields else None, str(error["msg"]).removeprefix("Value error, "))
    else:
        form.add_error(exc.field if exc.field in form.fields else None, exc.message)


def _is_medical(user) -> bool:
    scope = scope_for(user, MEDICAL)
    return scope.is_global or bool(scope.office_ids)


# --- Clinic -------------------------------------------------------------------------------------

@login_required
def clinic(request: HttpRequest) -> HttpResponse:
    if not _is_medical(request.user):
        raise PermissionDenied
    form = forms.ClinicSearchForm(request.GET or None)
    results = []
    if form.is_valid() and form.cleaned_data["q"]:
        results = selectors.clinic_queue(user=request.user, q=form.cleaned_data["q"])
        if len(results) == 1:
            return redirect("health-person", person_id=results[0].pk)
    rows = [(p, selectors.health_clearance(p)) for p in results]
    return render(request, "health/clinic.html", {"form": form, "rows": rows, "searched": form.is_bound})


# What each form on a person's page writes: form class, schema, service, and the fields to pass.
RECORDERS: dict[str, tuple[type[Form], type, Callable]] = {
    "assessment": (forms.AssessmentForm, schemas.AssessmentIn, services.record_assessment),
    "xray": (forms.ChestXrayForm, schemas.ChestXrayIn, services.record_chest_xray),
    "lab": (forms.LabTestForm, schemas.LabTestIn, services.record_lab_test),
    "vaccination": (forms.VaccinationForm, schemas.VaccinationIn, services.record_vaccination),
    "fitness": (forms.FitnessForm, schemas.FitnessIn, services.decide_fitness),
}


def _payload(name: str, data: dict) -> dict:
    data = {k: v for k, v in data.items() if v not in (None, "")}
    if name == "assessment" and isinstance(data.get("performed_at"), dt.datetime):
        data["performed_at"] = data["performed_at"].replace(tzinfo=dt.UTC)
    if name == "fitness":
        data.setdefault("requirements", [])
    return data


def _next_member(person: Person) -> Person | None:
    """The next current member of the person's case, so the clinic goes through a family in order."""
    membership = CaseMember.objects.filter(person=person, left_on__isnull=True).order_by("id").first()
    if membership is None:
        return None
    following = (CaseMember.objects.filter(case_id=membership.case_id, left_on__isnull=True, id__gt=membership.id)
                 .select_related("person").order_by("id").first())
    return following.person if following else None


@login_required
@require_http_methods(["GET", "POST"])
def person(request: HttpRequest, person_id: int) -> HttpResponse:
    subject = selectors.person_for(user=request.user, person_id=person_id,
                                   with_destination=request.POST.get("form") == "assessment")
    can_record = can_act_in(request.user, subject.office_id, MEDICAL)
    now = timezone.now().replace(second=0, microsecond=0, tzinfo=None)
    bound: dict[str, Form] = {}
    if request.method == "POST":
        name = request.POST.get("form", "")
        if name not in RECORDERS or not can_record:
            raise PermissionDenied
        form_class, schema, service = RECORDERS[name]
        form = form_class(request.POST)
        if form.is_valid():
            try:
                recorded = service(actor=request.user, person=subject, data=schema(**_payload(name, form.cleaned_data)))
            except (DomainError, ValidationError) as exc:
                _show(form, exc)
            else:
                status = dict(Clearance.Status.choices).get(recorded.clearance.status, "")
                text = _("Saved. Health clearance: %(status)s.") % {"status": status}
                if recorded.clearance.reason:
                    text += " " + recorded.clearance.reason
                if recorded.notice:
                    text += " " + recorded.notice
                messages.success(request, text)
                return redirect("health-person", person_id=subject.pk)
        bound[name] = form
    summary = selectors.summary_for(user=request.user, person=subject)
    context = {"subject": subject, "summary": summary, "can_record": can_record,
               "can_export": summary.clinical is not None,
               "membership": CaseMember.objects.filter(person=subject, left_on__isnull=True)
               .select_related("case").order_by("id").first(),
               "next_person": _next_member(subject) if can_record else None,
               "search": forms.ClinicSearchForm()}
    if can_record:
        # From the list of pre-embarkation checks the assessment form comes ready for one.
        kind = Assessment.Kind.PRE_EMBARKATION if request.GET.get("record") == "pec" else Assessment.Kind.MIGRATION_HEALTH
        initial = {"assessment": {"performed_at": now, "kind": kind},
                   "xray": {"taken_on": now.date()}, "lab": {"taken_on": now.date()},
                   "vaccination": {"given_on": now.date()}, "fitness": {}}
        titles = {"assessment": _("Assessment"), "xray": _("Chest X-ray"), "lab": _("Laboratory test"),
                  "vaccination": _("Vaccination"), "fitness": _("Fitness to travel")}
        context["forms"] = [(name, titles[name], bound.get(name) or RECORDERS[name][0](initial=initial[name]))
                            for name in RECORDERS]
    status = 422 if bound else 200
    return render(request, "health/person.html", context, status=status)


# --- Consent -------------------------------------------------------------------------------------

@login_required
@require_http_methods(["GET", "POST"])
def consent(request: HttpRequest, person_id: int) -> HttpResponse:
    subject = selectors.person_for(user=request.user, person_id=person_id)
    can_record = can_act_in(request.user, subject.office_id, services.CONSENT_RECORDERS)
    form = forms.ConsentForm(initial={"given_on": timezone.now().date()})
    if request.method == "POST":
        if not can_record:
            raise PermissionDenied
        try:
            if "withdraw" in request.POST:
                services.withdraw_consent(actor=request.user, person=subject,
                                          data=schemas.ConsentWithdrawIn(purpose=request.POST["withdraw"]))
                messages.success(request, _("Consent withdrawn."))
                return redirect("health-consent", person_id=subject.pk)
            form = forms.ConsentForm(request.POST)
            if form.is_valid():
                services.record_consent(actor=request.user, person=subject,
                                        data=schemas.ConsentIn(**form.cleaned_data))
                messages.success(request, _("Consent recorded."))
                return redirect("health-consent", person_id=subject.pk)
        except (DomainError, ValidationError) as exc:
            _show(form, exc)
    consents = list(subject.health_consents.all()) if (can_record or request.user.is_partner) else []
    return render(request, "health/consent.html", {"subject": subject, "form": form, "consents": consents,
                                                   "can_record": can_record},
                  status=422 if form.errors else 200)


# --- FHIR download --------------------------------------------------------------------------------

@login_required
def fhir_download(request: HttpRequest, person_id: int) -> HttpResponse:
    """The person's FHIR Bundle as a file, for those who may export it; without the person's consent
    the health page says why instead."""
    subject = selectors.person_for(user=request.user, person_id=person_id)
    try:
        body = fhir.export(user=request.user, person=subject)
    except PermissionDeniedError as exc:
        raise PermissionDenied(exc.message) from exc
    except DomainError as exc:
        messages.error(request, _("FHIR export refused: %(reason)s") % {"reason": exc.message})
        return redirect("health-person", person_id=subject.pk)
    response = HttpResponse(json.dumps(body), content_type="application/fhir+json")
    response["Content-Disposition"] = f'attachment; filename="health-record-{subject.pk}.fhir.json"'
    return response


# --- Rules ---------------------------------------------------------------------------------------

@login_required
@require_http_methods(["GET", "POST"])
def rules(request: HttpRequest) -> HttpResponse:
    if request.user.is_partner or not request.user.roles():
        raise PermissionDenied
    can_edit = scope_for(request.user, (Role.SYSTEM_ADMIN,)).is_global
    form = forms.RuleForm(initial={"chest_xray_min_age": 15, "assessment_validity_days": 180,
                                   "pre_embarkation_window_hours": 72})
    if request.method == "POST":
        if not can_edit:
            raise PermissionDenied
        form = forms.RuleForm(request.POST)
        if form.is_valid():
            data = dict(form.cleaned_data)
            destination = data.pop("destination_country")
            try:
                services.save_rule(actor=request.user, destination=destination, data=schemas.RuleIn(**data))
            except (DomainError, ValidationError) as exc:
                _show(form, exc)
            else:
                messages.success(request, _("Rule for %(destination)s saved.") % {"destination": destination.upper()})
                return redirect("health-rules")
    edit = request.GET.get("edit")
    if edit and can_edit and request.method == "GET":
        rule = HealthRule.objects.filter(destination_country=edit.upper()).first()
        if rule is not None:
            form = forms.RuleForm(initial={f: getattr(rule, f) for f in forms.RuleForm.base_fields})
    return render(request, "health/rules.html", {"rules": selectors.rules(), "form": form, "can_edit": can_edit,
                                                 "fallback": FALLBACK}, status=422 if form.errors else 200)


# --- Morbidity -----------------------------------------------------------------------------------

@login_required
def morbidity(request: HttpRequest) -> HttpResponse:
    scope = scope_for(request.user, selectors.MORBIDITY_READERS)
    if scope.partner_country is not None or not (scope.is_global or scope.office_ids):
        raise PermissionDenied
    form = forms.MorbidityForm(request.GET or {"by": "nationality"})
    by = form.cleaned_data["by"] if form.is_valid() else "nationality"
    return render(request, "health/morbidity.html", {"form": form, "rows": selectors.morbidity(user=request.user, by=by),
                                                     "by_label": dict(form.fields["by"].choices).get(by, by)})


# --- Fitness board -------------------------------------------------------------------------------

@login_required
def fitness_board(request: HttpRequest) -> HttpResponse:
    """Who in the user's offices travels with requirements, is not fit, or waits for a decision."""
    if request.user.is_partner or not request.user.roles():
        raise PermissionDenied
    from passage.core import selectors as core_selectors

    offices = core_selectors.offices_for(user=request.user)
    try:
        office_id = int(request.GET.get("office") or 0) or None
    except ValueError:
        office_id = None
    rows = list(selectors.fitness_board(user=request.user, office_id=office_id)[:500])
    return render(request, "health/fitness_board.html", {"rows": rows, "offices": offices, "office_id": office_id})
