"""Pages to keep projects and receiving partners: lists (global entries and the user's offices')
and the forms to add and change them. The rules are in registry/projects.py."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods
from pydantic import ValidationError

from passage.core.errors import DomainError
from passage.core.models import Office, Role
from passage.core.pagination import BadCursor, keyset_page
from passage.core.scoping import scoped
from passage.registry import forms, projects, selectors
from passage.registry.models import Project, ReceivingPartner
from passage.registry.schemas import ProjectIn, ProjectPatch, ReceivingPartnerIn, ReceivingPartnerPatch
from passage.registry.views import _show


def _keeper_offices(request: HttpRequest) -> list[Office]:
    return list(scoped(Office.objects.filter(is_active=True), request.user, roles=projects.KEEPERS).order_by("code"))


def _may_add(request: HttpRequest) -> bool:
    return request.user.has_role(Role.SYSTEM_ADMIN) or bool(_keeper_offices(request))


def _page(request: HttpRequest, queryset):
    try:
        return keyset_page(queryset.order_by(), cursor=request.GET.get("cursor"), limit=50)
    except BadCursor:
        return keyset_page(queryset.order_by(), cursor=None, limit=50)


def _save(request: HttpRequest, form, write, done: str, back: str) -> HttpResponse | None:
    if request.method != "POST" or not form.is_valid():
        return None
    try:
        write(form.payload())
    except (DomainError, ValidationError) as exc:
        _show(form, exc)
        return None
    messages.success(request, done)
    return redirect(back)


def _form_page(request: HttpRequest, form, title: str, back: str) -> HttpResponse:
    return render(request, "registry/reference_form.html", {"form": form, "title": title, "back": back})


# --- Projects ---------------------------------------------------------------------------------

@login_required
@require_GET
def project_list(request: HttpRequest) -> HttpResponse:
    page = _page(request, selectors.projects_for(user=request.user))
    for project in page.items:
        project.can_keep = projects.can_keep(request.user, project.office_id)
    return render(request, "registry/project_list.html", {"page": page, "may_add": _may_add(request)})


@login_required
@require_http_methods(["GET", "POST"])
def project_new(request: HttpRequest) -> HttpResponse:
    offices = _keeper_offices(request)
    allow_global = request.user.has_role(Role.SYSTEM_ADMIN)
    if not offices and not allow_global:
        return render(request, "core/forbidden.html", status=403)
    form = forms.ProjectForm(request.POST or None, offices=offices, allow_global=allow_global)

    def write(data: dict) -> None:
        projects.create_project(actor=request.user, data=ProjectIn(**data))

    return _save(request, form, write, _("Project saved."), "project-list") or _form_page(
        request, form, _("New project"), "project-list")


@login_required
@require_http_methods(["GET", "POST"])
def project_edit(request: HttpRequest, project_id: int) -> HttpResponse:
    try:
        project = selectors.projects_for(user=request.user).get(pk=project_id)
    except Project.DoesNotExist as exc:
        raise Http404 from exc
    initial = {"name": project.name, "donor": project.donor, "is_active": project.is_active,
               "destination_countries": ", ".join(project.destination_countries)}
    form = forms.ProjectForm(request.POST or None, initial=initial, editing=True)

    def write(data: dict) -> None:
        changed = {name: data[name] for name in form.changed_data}
        projects.update_project(actor=request.user, project=project, data=ProjectPatch(**changed))

    title = _("Project %(code)s") % {"code": project.code}
    return _save(request, form, write, _("Project saved."), "project-list") or _form_page(
        request, form, title, "project-list")


# --- Receiving partners -----------------------------------------------------------------------

@login_required
@require_GET
def partner_list(request: HttpRequest) -> HttpResponse:
    page = _page(request, selectors.receiving_partners_for(user=request.user))
    for partner in page.items:
        partner.can_keep = projects.can_keep(request.user, partner.office_id)
    return render(request, "registry/partner_list.html", {"page": page, "may_add": _may_add(request)})


@login_required
@require_http_methods(["GET", "POST"])
def partner_new(request: HttpRequest) -> HttpResponse:
    offices = _keeper_offices(request)
    allow_global = request.user.has_role(Role.SYSTEM_ADMIN)
    if not offices and not allow_global:
        return render(request, "core/forbidden.html", status=403)
    form = forms.ReceivingPartnerForm(request.POST or None, offices=offices, allow_global=allow_global)

    def write(data: dict) -> None:
        projects.create_receiving_partner(actor=request.user, data=ReceivingPartnerIn(**data))

    return _save(request, form, write, _("Receiving partner saved."), "partner-list") or _form_page(
        request, form, _("New receiving partner"), "partner-list")


@login_required
@require_http_methods(["GET", "POST"])
def partner_edit(request: HttpRequest, receiving_partner_id: int) -> HttpResponse:
    try:
        partner = selectors.receiving_partners_for(user=request.user).get(pk=receiving_partner_id)
    except ReceivingPartner.DoesNotExist as exc:
        raise Http404 from exc
    initial = {"name": partner.name, "kind": partner.kind, "is_active": partner.is_active}
    form = forms.ReceivingPartnerForm(request.POST or None, initial=initial, editing=True)

    def write(data: dict) -> None:
        changed = {name: data[name] for name in form.changed_data}
        projects.update_receiving_partner(actor=request.user, partner=partner, data=ReceivingPartnerPatch(**changed))

    return _save(request, form, write, _("Receiving partner saved."), "partner-list") or _form_page(
        request, form, str(partner), "partner-list")
