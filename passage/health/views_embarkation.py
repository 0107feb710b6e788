"""The page of pre-embarkation checks due, by flight date and flight, for medical officers."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from passage.core.errors import DomainError, PermissionDeniedError
from passage.health import embarkation
from passage.health.forms import PreEmbarkationFilterForm


@login_required
def pre_embarkation(request: HttpRequest) -> HttpResponse:
    if not embarkation.may_read(request.user):
        raise PermissionDenied
    day_from, day_to = embarkation.default_range()
    offices = list(embarkation.offices_for(request.user))
    form = PreEmbarkationFilterForm(request.GET or None, offices=offices,
                                    initial={"day_from": day_from, "day_to": day_to})
    office_id = None
    if form.is_bound and form.is_valid():
        day_from, day_to = form.cleaned_data["day_from"], form.cleaned_data["day_to"]
        office_id = form.cleaned_data["office"]
    due = None
    if not form.errors:
        try:
            due = embarkation.checks_due(user=request.user, day_from=day_from, day_to=day_to, office_id=office_id)
        except PermissionDeniedError as exc:
            raise PermissionDenied(exc.message) from exc
        except DomainError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            if form.is_bound and not (form.cleaned_data["day_from"] and form.cleaned_data["day_to"]):
                # A day left blank shows the one the list used.
                form = PreEmbarkationFilterForm({"day_from": due.day_from, "day_to": due.day_to,
                                                 "office": office_id or ""}, offices=offices)
    return render(request, "health/pre_embarkation.html",
                  {"form": form, "due": due, "days": due.by_day_and_flight() if due else [],
                   "limit": embarkation.LIMIT}, status=422 if form.errors else 200)
