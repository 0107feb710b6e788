"""Pages acting on one record of a case: change a clearance (status, reference, validity), mark a
document verified, resolve a vulnerability. Verify and resolve are small POST forms on the case
page; with htmx they swap their own row, without it they go back to the case page."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from passage.core.errors import DomainError
from passage.registry import forms, records, selectors
from passage.registry.models import Case, Clearance, IdentityDocument, Person, Vulnerability
from passage.registry.schemas import ClearancePatch
from passage.registry.views import _action_page, _handle
from passage.registry.vulnerabilities import VulnerabilityCode, assistance_code


def _case_of(request: HttpRequest, person: Person) -> Case | None:
    """The case page to go back to: the one named in the form if the person is a current member,
    else the person's newest current case in the user's scope."""
    cases = selectors.cases_for(user=request.user).filter(members__person=person, members__left_on__isnull=True)
    named = request.POST.get("case") or request.GET.get("case")
    return (cases.filter(number=named).first() if named else None) or cases.order_by("-pk").first()


def _back(request: HttpRequest, case: Case | None) -> HttpResponse:
    return redirect("case-detail", case.number) if case else redirect("case-list")


def _is_htmx(request: HttpRequest) -> bool:
    return request.headers.get("HX-Request") == "true"


@login_required
@require_http_methods(["GET", "POST"])
def clearance_edit(request: HttpRequest, clearance_id: int) -> HttpResponse:
    try:
        clearance = selectors.clearances_for(user=request.user).get(pk=clearance_id)
    except Clearance.DoesNotExist as exc:
        raise Http404 from exc
    case = clearance.case
    initial = {"status": clearance.status, "reference": clearance.reference, "valid_from": clearance.valid_from,
               "valid_until": clearance.valid_until}
    form = forms.ClearanceEditForm(request.POST or None, initial=initial)

    def save(data: dict) -> str:
        changes = ClearancePatch(**{name: data[name] for name in form.changed_data})
        records.update_clearance(actor=request.user, clearance=clearance, data=changes)
        return _("%(kind)s saved.") % {"kind": clearance.get_kind_display()}

    title = _("Change the clearance: %(kind)s") % {"kind": clearance.get_kind_display()}
    if clearance.transit_country:
        title += f" ({clearance.transit_country})"
    return _handle(request, case, form, save) or _action_page(request, case, form, title, _("Save"))


@login_required
@require_POST
def document_verify(request: HttpRequest, document_id: int) -> HttpResponse:
    try:
        document = selectors.documents_for(user=request.user).select_related("verified_by").get(pk=document_id)
    except IdentityDocument.DoesNotExist as exc:
        raise Http404 from exc
    case = _case_of(request, document.person)
    error = None
    try:
        document = records.verify_document(actor=request.user, document=document)
    except DomainError as exc:
        error = exc.message
    if _is_htmx(request):
        return render(request, "registry/_document.html",
                      {"document": document, "case": case, "can_edit": error is None, "error": error, "announce": True})
    if error:
        messages.error(request, error)
    else:
        messages.success(request, _("Document %(number)s marked verified.") % {"number": document.number})
    return _back(request, case)


@login_required
@require_POST
def vulnerability_resolve(request: HttpRequest, vulnerability_id: int) -> HttpResponse:
    try:
        vulnerability = selectors.vulnerabilities_for(user=request.user).get(pk=vulnerability_id)
    except Vulnerability.DoesNotExist as exc:
        raise Http404 from exc
    case = _case_of(request, vulnerability.person)
    error = None
    try:
        vulnerability = records.resolve_vulnerability(actor=request.user, vulnerability=vulnerability)
    except DomainError as exc:
        error = exc.message
    label = VulnerabilityCode(vulnerability.code).label
    if _is_htmx(request):
        return render(request, "registry/_need.html",
                      {"need": vulnerability, "label": label, "iata": assistance_code(vulnerability.code),
                       "case": case, "can_edit": error is None, "error": error, "announce": True})
    if error:
        messages.error(request, error)
    else:
        messages.success(request, _("%(need)s marked resolved.") % {"need": label})
    return _back(request, case)
