"""The page of pre-embarkation checks due, by flight date and flight, for medical officers."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from passage.core.errors import DomainError, PermissionDeniedError
from passage.health import embarkation
from passage.health.forms import PreEmbarkationRangeForm


@login_required
def pre_embarkation(request: HttpRequest) -> HttpResponse:
    day_from, day_to = embarkation.default_range()
    form = PreEmbarkationRangeForm(request.GET or None, initial={"day_from": day_from, "day_to": day_to})
    if form.is_bound and form.is_valid():
        day_from, day_to = form.cleaned_data["day_from"], form.cleaned_data["day_to"]
    due = None
    if not form.errors:
        try:
            due = embarkation.checks_due(user=request.user, day_from=day_from, day_to=day_to)
        except PermissionDeniedError as exc:
            raise PermissionDenied(exc.message) from exc
        except DomainError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
    elif not embarkation.may_read(request.user):
        raise PermissionDenied
    return render(request, "health/pre_embarkation.html",
                  {"form": form, "due": due, "days": due.by_day_and_flight() if due else [],
                   "limit": embarkation.LIMIT}, status=422 if form.errors else 200)
