"""Office and user administration pages: the staff of my offices with their roles, granting and
revoking a role, the offices I administer, and creating an office (system administrators).
The rules are in core/staff.py; every change is audited by core/services.py."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from passage.core import forms, staff
from passage.core.errors import DomainError
from passage.core.models import Membership, Role, User
from passage.core.pagination import BadCursor, keyset_page
from passage.core.selectors import offices_for


def _forbidden(request: HttpRequest) -> HttpResponse:
    return render(request, "core/forbidden.html", status=403)


@login_required
@require_GET
def staff_list(request: HttpRequest) -> HttpResponse:
    if not staff.is_admin(request.user):
        return _forbidden(request)
    people = staff.staff_for(user=request.user)
    query = (request.GET.get("q") or "").strip()
    if query:
        people = people.filter(username__icontains=query)
    try:
        page = keyset_page(people, cursor=request.GET.get("cursor"), limit=50)
    except BadCursor:
        page = keyset_page(people, cursor=None, limit=50)
    return render(request, "core/staff_list.html", {"page": page, "q": query,
                                                    "can_create_office": request.user.has_role(Role.SYSTEM_ADMIN)})


def _subject(request: HttpRequest, staff_user_id: int) -> User:
    try:
        return staff.staff_for(user=request.user).get(pk=staff_user_id)
    except User.DoesNotExist as exc:
        raise Http404 from exc


@login_required
@require_http_methods(["GET", "POST"])
def staff_user(request: HttpRequest, staff_user_id: int) -> HttpResponse:
    subject = _subject(request, staff_user_id)
    form = forms.GrantRoleForm(request.POST or None, offices=staff.admin_offices(user=request.user),
                               roles=staff.grantable_roles(request.user))
    if request.method == "POST" and form.is_valid():
        try:
            staff.grant(actor=request.user, subject=subject, office_id=form.cleaned_data["office_id"],
                        role=form.cleaned_data["role"])
        except DomainError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            messages.success(request, _("Role granted to %(user)s.") % {"user": subject.get_username()})
            return redirect("staff-user", subject.pk)
    return render(request, "core/staff_user.html", {"subject": subject, "form": form,
                                                    "is_self": subject.pk == request.user.pk})


@login_required
@require_POST
def membership_revoke(request: HttpRequest, membership_id: int) -> HttpResponse:
    try:
        membership = staff.memberships_for(user=request.user).get(pk=membership_id)
    except Membership.DoesNotExist as exc:
        raise Http404 from exc
    subject = membership.user
    try:
        staff.revoke(actor=request.user, membership=membership)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Role %(role)s in %(office)s revoked.") % {
            "role": membership.get_role_display(), "office": membership.office.code})
    return redirect("staff-user", subject.pk)


@login_required
@require_GET
def office_list(request: HttpRequest) -> HttpResponse:
    if not staff.is_admin(request.user):
        return _forbidden(request)
    offices = staff.admin_offices(user=request.user).select_related("parent", "region")
    return render(request, "core/office_list.html", {
        "offices": offices[:500], "can_create_office": request.user.has_role(Role.SYSTEM_ADMIN)})


@login_required
@require_http_methods(["GET", "POST"])
def office_new(request: HttpRequest) -> HttpResponse:
    if not request.user.has_role(Role.SYSTEM_ADMIN):
        return _forbidden(request)
    form = forms.OfficeForm(request.POST or None, offices=offices_for(user=request.user).order_by("code"))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            office = staff.create_office(actor=request.user, code=data["code"], name=data["name"], kind=data["kind"],
                                         country=data["country"], parent_id=data["parent"])
        except DomainError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            messages.success(request, _("Office %(code)s created.") % {"code": office.code})
            return redirect("staff-offices")
    return render(request, "core/office_new.html", {"form": form})
