"""Case registry pages: the case list, registering and editing cases, the case page with its
members, documents, clearances, history and notes, and the small forms that act on a case.

Views are thin: they read a form, build the pydantic input, call a service or record function and
show its DomainError (or the schema's ValidationError) on the field it names."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.forms import Form
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods
from pydantic import ValidationError

from passage.core import selectors as core_selectors
from passage.core.errors import DomainError
from passage.core.pagination import BadCursor, keyset_page
from passage.core.problems import field_error_message
from passage.core.scoping import can_act_in
from passage.registry import forms, records, selectors, services
from passage.registry.models import Case, CaseMember, Clearance, ExpediteRequest, Person
from passage.registry.schemas import (
    CaseIn,
    CasePatch,
    ClearanceIn,
    DocumentIn,
    ExpediteDecisionIn,
    ExpediteIn,
    MemberAddIn,
    MemberLeaveIn,
    NoteIn,
    PersonIn,
    PersonPatch,
    TransitionIn,
    TravelLoanIn,
    VulnerabilityIn,
)
from passage.registry.vulnerabilities import VulnerabilityCode, assistance_code

EXPIRY_WARNING_DAYS = 14


# --- Errors onto fields -----------------------------------------------------------------------

def _schema_errors(exc: ValidationError) -> list[tuple[str | None, str]]:
    """Each pydantic error as (dotted field path, message): ("members.2.date_of_birth", "...")."""
    out = []
    for error in exc.errors():
        path = ".".join(str(part) for part in error["loc"]) or None
        out.append((path, field_error_message(error)))
    return out


def _add_error(form: Form, field: str | None, message: str) -> None:
    visible = field in form.fields and not form.fields[field].widget.is_hidden
    form.add_error(field if visible else None, message)


def _show(form: Form, exc: DomainError | ValidationError) -> None:
    if isinstance(exc, ValidationError):
        for field, message in _schema_errors(exc):
            _add_error(form, field, message)
    else:
        _add_error(form, exc.field, exc.message)


def _code_lists() -> dict:
    return {"country_options": forms.country_list_options(), "language_options": forms.language_list_options()}


# --- Case list --------------------------------------------------------------------------------

@login_required
@require_GET
def case_list(request: HttpRequest) -> HttpResponse:
    form = forms.CaseFilterForm(request.GET or None, offices=core_selectors.offices_for(user=request.user))
    filters = {}
    if form.is_valid():
        data = form.cleaned_data
        filters = {"q": data["q"] or None, "status": data["status"] or None, "programme": data["programme"] or None,
                   "destination": data["destination"] or None, "nationality": data["nationality"] or None,
                   "priority": data["priority"] or None, "office_id": data["office"]}
    cases = selectors.cases_for(user=request.user, **filters)
    try:
        page = keyset_page(cases, cursor=request.GET.get("cursor"), limit=50)
    except BadCursor:
        page = keyset_page(cases, cursor=None, limit=50)
    query = request.GET.copy()
    query.pop("cursor", None)
    can_register = selectors.offices_for_registration(user=request.user).exists()
    return render(request, "registry/case_list.html",
                  {"form": form, "page": page, "query": query.urlencode(), "can_register": can_register})


# --- Registering a case -----------------------------------------------------------------------

def _rows_from(data: QueryDict, *, add: bool, remove: int | None) -> list[dict]:
    """The member rows as typed, to re-render the form with one row more or fewer, unvalidated."""
    try:
        total = max(1, min(int(data.get("members-TOTAL_FORMS", 1)), 40))
    except ValueError:
        total = 1
    rows = [{name: data.get(f"members-{i}-{name}", "") for name in forms.MemberForm.base_fields} for i in range(total)]
    if remove is not None and 0 < remove < len(rows):
        del rows[remove]
    if add and len(rows) < 40:
        rows.append({"relationship": CaseMember.Relationship.CHILD, "nationality": rows[0].get("nationality", "")})
    return rows


def _place(case_form: Form, formset, field: str | None, message: str) -> None:
    """Put a service or schema error on its form: "members.2.date_of_birth" goes to the third row."""
    if field and field.startswith("members."):
        _, index, *rest = field.split(".", 2)
        if index.isdigit() and int(index) < len(formset.forms):
            _add_error(formset.forms[int(index)], rest[0] if rest else None, message)
            return
    _add_error(case_form, field, message)


def _with_choices(data: dict) -> dict:
    """The form's project and partner selects as the schema's project_code / receiving_partner_id."""
    data = dict(data)
    if "receiving_partner_id" in data:
        data["receiving_partner_id"] = int(data["receiving_partner_id"]) if data["receiving_partner_id"] else None
    return data


def _choice_lists(office_ids: list[int], destination: str | None, case: Case | None = None) -> dict:
    projects, partners = selectors.choices_for_case(office_ids=office_ids, destination=destination or None)
    # The case's current choices stay listed even if they no longer fit, so other fields can be saved.
    if case is not None and case.project is not None and case.project not in projects:
        projects.append(case.project)
    if case is not None and case.receiving_partner is not None and case.receiving_partner not in partners:
        partners.append(case.receiving_partner)
    return {"projects": projects, "partners": partners}


def _member_label(formset, field: str) -> str:
    parts = field.split(".")
    if len(parts) > 1 and parts[0] == "members" and parts[1].isdigit() and int(parts[1]) < len(formset.forms):
        form = formset.forms[int(parts[1])]
        name = " ".join(form.cleaned_data.get(n, "") for n in ("given_name", "family_name")).strip()
        return _("Member %(number)d (%(name)s)") % {"number": int(parts[1]) + 1, "name": name}
    return _("Case")


def _register(request: HttpRequest, case_form: Form, formset, confirm: Form) -> services.Written | None:
    from passage.registry.duplicates import find_duplicates_for

    try:
        # Dicts, not MemberIn objects, so that an error's location names its row: members.2.nationality.
        data = CaseIn(**_with_choices(case_form.cleaned_data), members=[
            {**form.person_data(), "relationship": form.cleaned_data["relationship"]} for form in formset.forms])
    except ValidationError as exc:
        for field, message in _schema_errors(exc):
            _place(case_form, formset, field, message)
        return None
    if not confirm.cleaned_data["different_people"]:
        found = False
        for form, member in zip(formset.forms, data.members, strict=True):
            form.duplicates = find_duplicates_for(user=request.user, data=member)
            found = found or bool(form.duplicates)
        if found:
            return None
    try:
        return services.register_case(actor=request.user, data=data)
    except DomainError as exc:
        _place(case_form, formset, exc.field, exc.message)
        return None


@login_required
@require_http_methods(["GET", "POST"])
def case_register(request: HttpRequest) -> HttpResponse:
    offices = list(selectors.offices_for_registration(user=request.user))
    if not offices:
        return render(request, "core/forbidden.html", status=403)
    post = request.POST if request.method == "POST" else None
    chosen = [o.pk for o in offices if post is not None and str(o.pk) == post.get("office_id")]
    choices = _choice_lists(chosen or [o.pk for o in offices], post.get("destination_country") if post else None)
    case_form = forms.CaseForm(post, offices=offices, **choices)
    formset = forms.MemberFormSet(post, prefix="members", initial=[{"relationship": CaseMember.Relationship.PRINCIPAL}])
    confirm = forms.ConfirmDifferentForm(post)
    remove = request.POST.get("remove_member")
    if post is not None and ("add_member" in post or remove):
        # Change the number of rows without validating anything: nothing was meant to be saved yet.
        rows = _rows_from(post, add="add_member" in post, remove=int(remove) if remove and remove.isdigit() else None)
        case_form = forms.CaseForm(initial={name: post.get(name) for name in forms.CaseForm.base_fields}, offices=offices,
                                   **choices)
        formset = forms.MemberFormSet(prefix="members", initial=rows)
        confirm = forms.ConfirmDifferentForm()
    elif post is not None and all([case_form.is_valid(), formset.is_valid(), confirm.is_valid()]):
        written = _register(request, case_form, formset, confirm)
        if written is not None:
            count = len(formset.forms)
            messages.success(request, ngettext("Case %(number)s registered with %(count)d member.",
                                               "Case %(number)s registered with %(count)d members.", count)
                             % {"number": written.case.number, "count": count})
            for warning in written.warnings:
                messages.warning(request, f"{_member_label(formset, warning.field)}: {warning.detail}")
            return redirect("case-detail", written.case.number)
    duplicates_found = any(getattr(form, "duplicates", None) for form in formset.forms)
    context = {"case_form": case_form, "formset": formset, "confirm": confirm, "duplicates_found": duplicates_found,
               **_code_lists()}
    return render(request, "registry/case_register.html", context)


# --- The case page ----------------------------------------------------------------------------

@dataclass
class TimelineRow:
    clearance: Clearance
    holder: str
    days_left: int | None
    state: str  # "expired", "expiring", "valid", "open" (no end date) or "inactive" (not granted)

    @property
    def editable(self) -> bool:
        return self.clearance.kind not in Clearance.DERIVED_KINDS

    @property
    def days_ago(self) -> int | None:
        return -self.days_left if self.days_left is not None else None


def clearance_timeline(clearances: Iterable[Clearance], names: dict[int, str], today: dt.date) -> list[TimelineRow]:
    """Clearances by the day they end (open-ended last), with the days left and a state to highlight."""
    rows = []
    for clearance in sorted(clearances, key=lambda c: (c.valid_until is None, c.valid_until or dt.date.max, c.kind)):
        days = (clearance.valid_until - today).days if clearance.valid_until else None
        if clearance.status != Clearance.Status.GRANTED:
            state = "inactive"
        elif days is None:
            state = "open"
        elif days < 0:
            state = "expired"
        elif days <= EXPIRY_WARNING_DAYS:
            state = "expiring"
        else:
            state = "valid"
        holder = names.get(clearance.person_id, _("Former member")) if clearance.person_id else _("Whole case")
        rows.append(TimelineRow(clearance=clearance, holder=holder, days_left=days, state=state))
    return rows


def _case(request: HttpRequest, number: str) -> Case:
    try:
        return selectors.case_detail(user=request.user, number=number)
    except Case.DoesNotExist as exc:
        raise Http404 from exc


def _can_edit(request: HttpRequest, case: Case) -> bool:
    return can_act_in(request.user, case.office_id, services.CASE_EDITORS)


@login_required
@require_GET
def case_detail(request: HttpRequest, number: str) -> HttpResponse:
    case = _case(request, number)
    names = {m.person_id: m.person.full_name for m in case.current_members}
    for member in case.current_members:
        member.open_needs = [(v, VulnerabilityCode(v.code).label, assistance_code(v.code))
                             for v in member.person.vulnerabilities.all() if v.resolved_on is None]
    for event in case.events.all():
        event.from_label = Case.Status(event.from_status).label if event.from_status else ""
        event.to_label = Case.Status(event.to_status).label if event.to_status else ""
    can_edit = _can_edit(request, case)
    audit = None
    if core_selectors.can_read_audit(request.user):
        audit = list(core_selectors.audit_events(user=request.user, object_type="registry.case",
                                                 object_id=str(case.pk))[:50])
    context = {
        "case": case,
        "timeline": clearance_timeline(case.clearances.all(), names, timezone.localdate()),
        "notes": list(selectors.notes_for(user=request.user, case=case)),
        "expedites": list(selectors.expedite_requests_for(user=request.user).filter(case=case).order_by("-id")),
        "audit": audit,
        "can_edit": can_edit,
        "can_record_clearances": can_act_in(request.user, case.office_id, records.CLEARANCE_EDITORS),
        "show_sensitive": not request.user.is_partner,
        "next_statuses": services.TRANSITIONS[case.status],
        "note_form": forms.NoteForm() if can_edit else None,
        "warning_days": EXPIRY_WARNING_DAYS,
    }
    return render(request, "registry/case_detail.html", context)


# --- Acting on a case: one small form each ----------------------------------------------------

def _handle(request: HttpRequest, case: Case, form: Form, save: Callable[[dict], str]) -> HttpResponse | None:
    """On a valid POST, save; on success go back to the case page with the message save returns."""
    if request.method != "POST" or not form.is_valid():
        return None
    try:
        message = save(dict(form.cleaned_data))
    except (DomainError, ValidationError) as exc:
        _show(form, exc)
        return None
    messages.success(request, message)
    return redirect("case-detail", case.number)


def _action_page(request: HttpRequest, case: Case, form: Form, title: str, submit: str, **extra) -> HttpResponse:
    return render(request, "registry/case_action.html",
                  {"case": case, "form": form, "title": title, "submit": submit, **extra})


def _member(case: Case, person_id: int) -> Person:
    for member in case.current_members:
        if member.person_id == person_id:
            return member.person
    raise Http404


def _warn(request: HttpRequest, warnings: list[services.Warning]) -> None:
    for warning in warnings:
        messages.warning(request, warning.detail)


@login_required
@require_http_methods(["GET", "POST"])
def case_edit(request: HttpRequest, number: str) -> HttpResponse:
    case = _case(request, number)
    initial = {name: getattr(case, name) for name in forms.CaseEditForm.base_fields
               if name not in ("project_code", "receiving_partner_id")}
    initial.update(project_code=case.project.code if case.project else "",
                   receiving_partner_id=str(case.receiving_partner_id or ""))
    destination = request.POST.get("destination_country") or case.destination_country
    form = forms.CaseEditForm(request.POST or None, initial=initial,
                              **_choice_lists([case.office_id], destination, case))

    def save(data: dict) -> str:
        changed = _with_choices({name: data[name] for name in form.changed_data})
        services.update_case(actor=request.user, case=case, data=CasePatch(**changed))
        return _("Case %(number)s saved.") % {"number": case.number}

    return _handle(request, case, form, save) or _action_page(request, case, form, _("Edit the case"), _("Save"))


@login_required
@require_http_methods(["GET", "POST"])
def case_transition(request: HttpRequest, number: str) -> HttpResponse:
    case = _case(request, number)
    form = forms.TransitionForm(request.POST or None, allowed=services.TRANSITIONS[case.status],
                                initial={"expected_status": case.status})

    def save(data: dict) -> str:
        move = TransitionIn(to_status=data["to_status"], reason=data["reason"],
                            expected_status=data["expected_status"] or None)
        services.transition_case(actor=request.user, case=case, to_status=move.to_status, reason=move.reason,
                                 expected_status=move.expected_status)
        return _("The case is now “%(status)s”.") % {"status": Case.Status(move.to_status).label}

    return _handle(request, case, form, save) or _action_page(
        request, case, form, _("Change the status"), _("Change status"))


@login_required
@require_http_methods(["GET", "POST"])
def member_add(request: HttpRequest, number: str) -> HttpResponse:
    case = _case(request, number)
    form = forms.MemberAddForm(request.POST or None)
    confirm = forms.ConfirmDifferentForm(request.POST or None)
    duplicates: list = []

    def save(data: dict) -> str:
        from passage.registry.duplicates import find_duplicates_for

        person = PersonIn(**form.person_data())
        MemberAddIn(relationship=data["relationship"], reason=data["reason"], person=person)
        if confirm.is_valid() and not confirm.cleaned_data["different_people"]:
            duplicates.extend(find_duplicates_for(user=request.user, data=person, exclude_case=case))
            if duplicates:
                raise DomainError(_("This person may be registered already: see the possible duplicates below."))
        written = services.add_member(actor=request.user, case=case, relationship=data["relationship"],
                                      reason=data["reason"], person_data=person)
        _warn(request, written.warnings)
        return _("%(name)s joined the case.") % {"name": " ".join([person.given_name, person.family_name]).strip()}

    return _handle(request, case, form, save) or _action_page(
        request, case, form, _("Add a member"), _("Add member"),
        confirm=confirm if duplicates or request.POST.get("different_people") else None,
        duplicates=duplicates, **_code_lists())


@login_required
@require_http_methods(["GET", "POST"])
def member_leave(request: HttpRequest, number: str, person_id: int) -> HttpResponse:
    case = _case(request, number)
    person = _member(case, person_id)
    form = forms.MemberLeaveForm(request.POST or None)

    def save(data: dict) -> str:
        leave = MemberLeaveIn(reason=data["reason"])
        services.remove_member(actor=request.user, case=case, person=person, reason=leave.reason)
        return _("%(name)s left the case.") % {"name": person.full_name}

    title = _("%(name)s leaves the case") % {"name": person.full_name}
    return _handle(request, case, form, save) or _action_page(request, case, form, title, _("Record leaving"))


@login_required
@require_http_methods(["GET", "POST"])
def person_edit(request: HttpRequest, number: str, person_id: int) -> HttpResponse:
    case = _case(request, number)
    person = _member(case, person_id)
    form = forms.PersonForm(request.POST or None, initial={name: getattr(person, name) for name in forms.PersonForm.base_fields})

    def save(data: dict) -> str:
        changes = PersonPatch(**{name: data[name] for name in form.changed_data})
        services.update_person(actor=request.user, person=person, changes=changes.model_dump(exclude_unset=True))
        return _("%(name)s saved.") % {"name": person.full_name}

    title = _("Edit %(name)s") % {"name": person.full_name}
    return _handle(request, case, form, save) or _action_page(request, case, form, title, _("Save"), **_code_lists())


@login_required
@require_http_methods(["GET", "POST"])
def document_add(request: HttpRequest, number: str) -> HttpResponse:
    case = _case(request, number)
    form = forms.DocumentForm(request.POST or None, members=case.current_members,
                              initial={"person_id": request.GET.get("person")})

    def save(data: dict) -> str:
        person = _member(case, data.pop("person_id"))
        document = records.add_document(actor=request.user, person=person, data=DocumentIn(**data))
        return _("%(kind)s %(number)s recorded for %(name)s.") % {
            "kind": document.get_kind_display(), "number": document.number, "name": person.full_name}

    return _handle(request, case, form, save) or _action_page(request, case, form, _("Add a document"),
                                                              _("Save document"))


@login_required
@require_http_methods(["GET", "POST"])
def clearance_add(request: HttpRequest, number: str) -> HttpResponse:
    case = _case(request, number)
    form = forms.ClearanceForm(request.POST or None, members=case.current_members,
                               initial={"kind": request.GET.get("kind")})

    def save(data: dict) -> str:
        clearance = records.record_clearance(actor=request.user, case=case, data=ClearanceIn(**data))
        return _("%(kind)s recorded.") % {"kind": clearance.get_kind_display()}

    return _handle(request, case, form, save) or _action_page(request, case, form, _("Record a clearance"),
                                                              _("Save clearance"))


@login_required
@require_http_methods(["GET", "POST"])
def vulnerability_add(request: HttpRequest, number: str) -> HttpResponse:
    case = _case(request, number)
    form = forms.VulnerabilityForm(request.POST or None, members=case.current_members,
                                   initial={"person_id": request.GET.get("person")})

    def save(data: dict) -> str:
        person = _member(case, data.pop("person_id"))
        vulnerability = records.add_vulnerability(actor=request.user, person=person, data=VulnerabilityIn(**data))
        need = VulnerabilityCode(vulnerability.code).label
        return _("%(need)s recorded for %(name)s.") % {"need": need, "name": person.full_name}

    return _handle(request, case, form, save) or _action_page(request, case, form, _("Record a vulnerability"),
                                                              _("Save"))


@login_required
@require_http_methods(["GET", "POST"])
def note_add(request: HttpRequest, number: str) -> HttpResponse:
    case = _case(request, number)
    form = forms.NoteForm(request.POST or None)

    def save(data: dict) -> str:
        records.add_note(actor=request.user, case=case, data=NoteIn(**data))
        return _("Note saved.")

    return _handle(request, case, form, save) or _action_page(request, case, form, _("Write a note"), _("Save note"))


@login_required
@require_http_methods(["GET", "POST"])
def travel_loan(request: HttpRequest, number: str) -> HttpResponse:
    case = _case(request, number)
    loan = getattr(case, "travel_loan", None)
    initial = {"amount": loan.amount, "currency": loan.currency,
               "promissory_note_signed_on": loan.promissory_note_signed_on} if loan else {}
    form = forms.TravelLoanForm(request.POST or None, initial=initial)

    def save(data: dict) -> str:
        records.record_travel_loan(actor=request.user, case=case, data=TravelLoanIn(**data))
        return _("Travel loan recorded.")

    return _handle(request, case, form, save) or _action_page(request, case, form, _("Travel loan"), _("Save loan"))


@login_required
@require_http_methods(["GET", "POST"])
def expedite_request(request: HttpRequest, number: str) -> HttpResponse:
    case = _case(request, number)
    form = forms.ExpediteForm(request.POST or None)

    def save(data: dict) -> str:
        ask = ExpediteIn(**data)
        services.request_expedite(actor=request.user, case=case, priority=ask.requested_priority, reason=ask.reason)
        return _("Expedite requested; an office administrator will decide.")

    return _handle(request, case, form, save) or _action_page(request, case, form, _("Ask to expedite the case"),
                                                              _("Send request"))


# --- Expedite decisions -----------------------------------------------------------------------

@login_required
@require_GET
def expedite_queue(request: HttpRequest) -> HttpResponse:
    status = request.GET.get("status", ExpediteRequest.Status.PENDING)
    if status not in ExpediteRequest.Status.values:
        status = ExpediteRequest.Status.PENDING
    requests = selectors.expedite_requests_for(user=request.user, status=status)
    try:
        page = keyset_page(requests, cursor=request.GET.get("cursor"), limit=50)
    except BadCursor:
        page = keyset_page(requests, cursor=None, limit=50)
    return render(request, "registry/expedite_queue.html",
                  {"page": page, "status": status, "statuses": ExpediteRequest.Status.choices})


@login_required
@require_http_methods(["GET", "POST"])
def expedite_decide(request: HttpRequest, request_id: int) -> HttpResponse:
    try:
        ask = selectors.expedite_requests_for(user=request.user).get(pk=request_id)
    except ExpediteRequest.DoesNotExist as exc:
        raise Http404 from exc
    form = forms.ExpediteDecisionForm(request.POST or None)

    def save(data: dict) -> str:
        decision = ExpediteDecisionIn(approve=data["decision"] == "approve", note=data["note"])
        services.decide_expedite(actor=request.user, request=ask, approve=decision.approve, note=decision.note)
        return _("Expedite approved: the case is now %(priority)s.") % {
            "priority": Case.Priority(ask.requested_priority).label} if decision.approve else _("Expedite refused.")

    # The form shows to supervisors; the service still decides (and refuses the requester).
    is_requester = ask.requested_by_id == request.user.pk
    supervisor = can_act_in(request.user, ask.case.office_id, services.SUPERVISORS)
    show_form = ask.status == ExpediteRequest.Status.PENDING and ((supervisor and not is_requester) or form.is_bound)
    return _handle(request, ask.case, form, save) or render(
        request, "registry/expedite_decide.html",
        {"ask": ask, "form": form, "show_form": show_form, "is_requester": is_requester})
