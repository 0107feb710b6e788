"""Statistics pages: the dashboard (filters, SVG charts with table alternatives, drill-down links),
the one-day snapshot, and the exports of the figures as filtered on the page."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET

from passage.core import audit
from passage.core.home import Task
from passage.core.models import Role, User
from passage.core.scoping import scope_for
from passage.reports import charts, exports, figures
from passage.reports.forms import FilterForm
from passage.reports.selectors import Filters

CSV = "text/csv; charset=utf-8"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# Row-level lists name persons by id: staff who publish or check figures, never partners.
ROW_LEVEL_ROLES = (Role.INFORMATION_MANAGEMENT, Role.SYSTEM_ADMIN, Role.OFFICE_ADMIN, Role.COMPLIANCE_OFFICER)


def home_tasks(roles: set[str]) -> list[Task]:
    return [Task(gettext_lazy("Movement statistics"), reverse("reports-dashboard"))] if roles else []


def partner_tasks(user: User) -> list[Task]:
    return [Task(gettext_lazy("Arrival statistics"), reverse("reports-dashboard"))]


def _reader(request: HttpRequest) -> User:
    scope = scope_for(request.user)
    if scope.partner_country is None and not scope.is_global and not scope.office_ids:
        raise PermissionDenied
    return request.user


def _filters(request: HttpRequest, user: User) -> tuple[FilterForm, Filters]:
    form = FilterForm(request.GET or None, user=user)
    if form.is_bound and form.is_valid():
        return form, form.filters()
    return form, Filters.default()


def _link(name: str, f: Filters, **changes) -> str:
    return f"{reverse(name)}?{urlencode(f.query(**changes))}"


def _month_range(key: str) -> tuple[dt.date, dt.date]:
    start = dt.date.fromisoformat(key + "-01")
    following = (start.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
    return start, following - dt.timedelta(days=1)


@login_required
@require_GET
def dashboard(request: HttpRequest) -> HttpResponse:
    user = _reader(request)
    form, f = _filters(request, user)
    data = figures.dashboard(user, f)

    def drill(**changes):
        return lambda row: _link("reports-dashboard", f, **{k: (row.key if v is None else v) for k, v in changes.items()})

    def month_link(row):
        start, end = _month_range(row.key)
        return _link("reports-dashboard", f, date_from=start, date_to=end)

    context = {
        "form": form, "f": f, "data": data, "totals": data["totals"],
        "series": charts.columns(data["series"], month_link),
        "destinations": charts.bars(data["destination_countries"], drill(destination=None)),
        "departures": charts.bars(data["departure_countries"], drill(departure=None)),
        "nationalities": charts.bars(data["nationalities"], drill(nationality=None)),
        "regions": charts.bars(data["departure_regions"], drill(region=None)),
        "destination_regions": charts.bars(data["destination_regions"], lambda row: ""),
        "programmes": charts.bars(data["programmes"], drill(programme=None)),
        "modes": charts.bars(data["modes"], drill(mode=None)),
        "carriage": charts.bars(data["carriage"], lambda row: ""),
        "pyramid": charts.pyramid(data["pyramid"]),
        "exports": {name: _link(f"reports-{name}", f) for name in ("csv", "xlsx", "hxl", "pdf", "persons")},
        "snapshot_link": f"{reverse('reports-snapshot')}?{urlencode({'date': f.date_to.isoformat()})}",
        "sectors_link": _link("reports-sectors", f),
        "map_link": _link("reports-map", f),
        "clear_link": reverse("reports-dashboard"),
        "row_level": not user.is_partner and user.has_role(*ROW_LEVEL_ROLES),
    }
    return render(request, "reports/dashboard.html", context)


@login_required
@require_GET
def sectors(request: HttpRequest) -> HttpResponse:
    """Flight sectors and movements by the passengers' nationality, sex and age group."""
    user = _reader(request)
    form, f = _filters(request, user)
    data = figures.sectors_by_person(user, f)
    for row in data["nationality"]:
        row.extra["href"] = _link("reports-sectors", f, nationality=row.key)
    return render(request, "reports/sectors.html", {
        "form": form, "f": f, "data": data, "dashboard_link": _link("reports-dashboard", f),
        "clear_link": reverse("reports-sectors")})


@login_required
@require_GET
def flow_map(request: HttpRequest) -> HttpResponse:
    """Departures and destinations on a map drawn on the server, with the same figures as tables;
    a country's circle or row drills down to the dashboard filtered to it."""
    user = _reader(request)
    form, f = _filters(request, user)
    data = figures.flows(user, f)

    def to_dashboard(name: str):
        return lambda row: _link("reports-dashboard", f, **{name: row.key})

    for row in data["departures"]:
        row.extra["href"] = _link("reports-dashboard", f, departure=row.key)
    for row in data["destinations"]:
        row.extra["href"] = _link("reports-dashboard", f, destination=row.key)
    for row in data["flows"]:
        row.extra["href"] = _link("reports-dashboard", f, departure=row.extra["departure"],
                                  destination=row.extra["destination"])
    return render(request, "reports/map.html", {
        "form": form, "f": f, "data": data,
        "map": charts.flow_map(data, to_dashboard("departure"), to_dashboard("destination")),
        "dashboard_link": _link("reports-dashboard", f), "clear_link": reverse("reports-map")})


@login_required
@require_GET
def snapshot(request: HttpRequest) -> HttpResponse:
    user = _reader(request)
    error = ""
    day = timezone.localdate() - dt.timedelta(days=1)
    if request.GET.get("date"):
        try:
            day = dt.date.fromisoformat(request.GET["date"])
        except ValueError:
            error = _("Enter a date as YYYY-MM-DD.")
    data = figures.snapshot(user, day)
    return render(request, "reports/snapshot.html", {"data": data, "day": day, "error": error})


def _download(content, name: str, content_type: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def _stem(f: Filters) -> str:
    return f"passage-movements-{f.date_from:%Y%m%d}-{f.date_to:%Y%m%d}"


@login_required
@require_GET
def export(request: HttpRequest, kind: str) -> HttpResponse:
    user = _reader(request)
    _form, f = _filters(request, user)
    if kind == "csv":
        return _download(exports.csv_text(user, f), f"{_stem(f)}.csv", CSV)
    if kind == "hxl":
        return _download(exports.csv_text(user, f, hxl=True), f"{_stem(f)}-hxl.csv", CSV)
    if kind == "xlsx":
        return _download(exports.xlsx_bytes(user, f), f"{_stem(f)}.xlsx", XLSX)
    return _download(exports.summary_pdf(user, f), f"{_stem(f)}-summary.pdf", "application/pdf")


@login_required
@require_GET
def export_persons(request: HttpRequest) -> StreamingHttpResponse:
    """One line per person moved, streamed; the download is audited (it lists persons)."""
    user = _reader(request)
    if user.is_partner or not user.has_role(*ROW_LEVEL_ROLES):
        raise PermissionDenied
    _form, f = _filters(request, user)
    with transaction.atomic():
        audit.record(actor=user, action="reports.export_persons", object_type="reports",
                     after=f.query())
    response = StreamingHttpResponse(exports.person_rows(user, f), content_type=CSV)
    response["Content-Disposition"] = f'attachment; filename="{_stem(f)}-persons.csv"'
    return response
