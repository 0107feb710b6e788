"""Pages of the core app: home, sign-in and second factor, API tokens, audit trail, airlines,
and the health check. Views are thin: they call selectors and services."""

from __future__ import annotations

import base64
import datetime as dt

import segno
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from passage.core import selectors, services
from passage.core.errors import DomainError
from passage.core.forms import AirlineForm, AuditFilterForm, TokenForm, TotpForm
from passage.core.home import home_sections
from passage.core.models import Airline, Role
from passage.core.pagination import BadCursor, keyset_page


@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:  # any database failure means unhealthy
        return JsonResponse({"status": "unavailable", "database": "unreachable"}, status=503)
    return JsonResponse({"status": "ok", "database": connection.vendor})


class LoginView(auth_views.LoginView):
    template_name = "registration/login.html"
    redirect_authenticated_user = True


@login_required
def home(request: HttpRequest) -> HttpResponse:
    return render(request, "core/home.html", {"sections": home_sections(request.user)})


def _safe_next(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or "/"
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return "/"
    return target


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def second_factor(request: HttpRequest) -> HttpResponse:
    """Verify a TOTP code, or enrol an authenticator first if the user has none."""
    user = request.user
    if user.is_verified():
        return redirect(_safe_next(request))
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    enrolling = device is None
    if enrolling:
        device = services.start_totp_enrolment(actor=user)
    form = TotpForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        code = form.cleaned_data["code"]
        try:
            if enrolling:
                services.confirm_totp_enrolment(actor=user, device=device, code=code)
            elif not device.verify_token(code.strip()):
                raise DomainError(_("That code is not valid now; enter the one your app shows."), field="code")
        except DomainError as exc:
            form.add_error(exc.field, exc.message)
        else:
            otp_login(request, device)
            return redirect(_safe_next(request))
    context = {"form": form, "enrolling": enrolling, "next": _safe_next(request)}
    if enrolling:
        context["secret"] = _base32(device.bin_key)
        context["qr_svg"] = segno.make(device.config_url, error="m").svg_inline(scale=4, title=_("Enrolment code"))
    return render(request, "core/second_factor.html", context)


def _base32(key: bytes) -> str:
    raw = base64.b32encode(key).decode().rstrip("=")
    return " ".join(raw[i : i + 4] for i in range(0, len(raw), 4))


@login_required
@require_http_methods(["GET", "POST"])
def api_tokens(request: HttpRequest) -> HttpResponse:
    form = TokenForm(request.POST or None)
    issued = None
    if request.method == "POST" and form.is_valid():
        try:
            issued = services.create_api_token(
                actor=request.user, name=form.cleaned_data["name"], expires_at=form.cleaned_data["expires_at"]
            )
        except DomainError as exc:
            form.add_error(exc.field, exc.message)
        else:
            form = TokenForm()
    tokens = selectors.api_tokens_of(user=request.user)
    return render(request, "core/api_tokens.html", {"form": form, "tokens": tokens, "issued": issued})


@login_required
@require_POST
def revoke_api_token(request: HttpRequest, token_id: int) -> HttpResponse:
    token = get_object_or_404(selectors.api_tokens_of(user=request.user), pk=token_id)
    services.revoke_api_token(actor=request.user, token=token)
    messages.success(request, _("Token “%(name)s” revoked.") % {"name": token.name})
    return redirect("api-tokens")


@login_required
@require_GET
def audit_trail(request: HttpRequest) -> HttpResponse:
    if not selectors.can_read_audit(request.user):
        return render(request, "core/forbidden.html", status=403)
    form = AuditFilterForm(request.GET or None, offices=selectors.offices_for(user=request.user))
    filters = {}
    if form.is_valid():
        data = form.cleaned_data
        filters = {
            "actor": data["actor"] or None, "action": data["action"] or None,
            "object_type": data["object_type"] or None, "object_id": data["object_id"] or None,
            "office_id": data["office"].pk if data["office"] else None,
            "since": _day_start(data["since"]), "until": _day_start(data["until"], plus_days=1),
        }
    events = selectors.audit_events(user=request.user, **filters)
    try:
        page = keyset_page(events, cursor=request.GET.get("cursor"), limit=50)
    except BadCursor:
        page = keyset_page(events, cursor=None, limit=50)
    query = request.GET.copy()
    query.pop("cursor", None)
    context = {"form": form, "page": page, "query": query.urlencode()}
    template = "core/_audit_rows.html" if request.headers.get("HX-Request") else "core/audit.html"
    return render(request, template, context)


def _day_start(day: dt.date | None, plus_days: int = 0) -> dt.datetime | None:
    if day is None:
        return None
    return dt.datetime.combine(day + dt.timedelta(days=plus_days), dt.time.min, tzinfo=dt.UTC)


@login_required
@require_http_methods(["GET", "POST"])
def airlines(request: HttpRequest) -> HttpResponse:
    can_edit = request.user.has_role(Role.SYSTEM_ADMIN) and not request.user.is_partner
    form = AirlineForm(request.POST or None) if can_edit else None
    if request.method == "POST":
        if not can_edit:
            return render(request, "core/forbidden.html", status=403)
        if form.is_valid():
            try:
                airline = services.create_airline(actor=request.user, **form.cleaned_data)
            except DomainError as exc:
                form.add_error(exc.field, exc.message)
            else:
                messages.success(request, _("Airline %(code)s added.") % {"code": airline.iata_code})
                return redirect("airlines")
    rows = selectors.airlines(user=request.user, include_inactive=can_edit)
    return render(request, "core/airlines.html", {"airlines": rows, "form": form, "can_edit": can_edit})


@login_required
@require_http_methods(["GET", "POST"])
def airline_edit(request: HttpRequest, airline_id: int) -> HttpResponse:
    if not request.user.has_role(Role.SYSTEM_ADMIN) or request.user.is_partner:
        return render(request, "core/forbidden.html", status=403)
    airline = get_object_or_404(Airline, pk=airline_id)
    initial = {f: getattr(airline, f) for f in services.AIRLINE_FIELDS}
    form = AirlineForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_airline(actor=request.user, airline=airline, **form.cleaned_data)
        except DomainError as exc:
            form.add_error(exc.field, exc.message)
        else:
            messages.success(request, _("Airline %(code)s saved.") % {"code": form.cleaned_data["iata_code"]})
            return redirect("airlines")
    return render(request, "core/airline_edit.html", {"form": form, "airline": airline})


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    return render(request, "core/csrf_failure.html", status=403)
