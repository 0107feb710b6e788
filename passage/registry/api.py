"""Case registry API: read cases in the caller's scope."""

from __future__ import annotations

from django.http import Http404, HttpRequest
from ninja import Query, Router

from passage.core.pagination import keyset_page
from passage.core.schemas import PageOut
from passage.registry import selectors
from passage.registry.models import Case
from passage.registry.schemas import CaseOut, CaseSummaryOut

router = Router(tags=["cases"])


@router.get("", response=PageOut[CaseSummaryOut], operation_id="listCases", summary="Cases in the caller's scope",
            description="Cases in the caller's offices (for partners, cases bound for their country), filtered by status, office"
                        " and destination, paged by cursor.")
def list_cases(
    request: HttpRequest,
    status: Case.Status | None = None,
    office_id: int | None = None,
    destination: str | None = Query(None, description="ISO 3166-1 alpha-3 destination country."),
    cursor: str | None = None,
    limit: int = Query(50, ge=1, le=200),
):
    qs = selectors.cases_for(user=request.user, status=status, office_id=office_id, destination=destination)
    return keyset_page(qs, cursor=cursor, limit=limit)


@router.get("/{number}", response=CaseOut, operation_id="getCase", summary="One case with its members",
            description="One case by its number, with its current members; cases outside the caller's scope answer 404.")
def get_case(request: HttpRequest, number: str):
    try:
        return selectors.case_detail(user=request.user, number=number)
    except Case.DoesNotExist as exc:
        raise Http404 from exc
