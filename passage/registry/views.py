"""Case registry pages: the scoped case list and a case's members."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from passage.core.pagination import BadCursor, keyset_page
from passage.registry import selectors
from passage.registry.models import Case


@login_required
@require_GET
def case_list(request: HttpRequest) -> HttpResponse:
    status = request.GET.get("status") or None
    if status not in Case.Status.values:
        status = None
    cases = selectors.cases_for(user=request.user, status=status)
    try:
        page = keyset_page(cases, cursor=request.GET.get("cursor"), limit=50)
    except BadCursor:
        page = keyset_page(cases, cursor=None, limit=50)
    return render(request, "registry/case_list.html",
                  {"page": page, "status": status, "statuses": Case.Status.choices})


@login_required
@require_GET
def case_detail(request: HttpRequest, number: str) -> HttpResponse:
    try:
        case = selectors.case_detail(user=request.user, number=number)
    except Case.DoesNotExist as exc:
        raise Http404 from exc
    return render(request, "registry/case_detail.html", {"case": case})
