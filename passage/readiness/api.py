"""Readiness API: each case's departure window and blockers (the board's data), the travel check
bookings use, and the rule sets, editable by system and office administrators."""

from __future__ import annotations

from typing import Literal

from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Query, Router, Status

from passage.core.pagination import keyset_page
from passage.core.schemas import PageOut
from passage.readiness import engine, selectors, services
from passage.readiness.models import ReadinessState
from passage.readiness.schemas import ReadinessOut, RuleIn, RuleOut, TravelCheckIn, TravelCheckOut
from passage.registry import selectors as registry_selectors
from passage.registry.models import Case

router = Router(tags=["readiness"])


@router.get("/readiness", response=PageOut[ReadinessOut], operation_id="listReadiness",
            summary="Cases' departure windows and blockers",
            description="The readiness board as data: `view` ready_now (window open today), ready_soon (opens within "
                        "14 days), closing (open, closes within 14 days) or blocked; filter by office, main reason "
                        "(`kind:problem`, e.g. `exit_permit:expired`) and destination. Paged by cursor.")
def list_readiness(
    request: HttpRequest,
    view: Literal["ready_now", "ready_soon", "closing", "blocked"] | None = None,
    office_id: int | None = None,
    reason: str | None = Query(None, max_length=40),
    destination: str | None = Query(None, max_length=3, description="ISO 3166-1 alpha-3 destination."),
    cursor: str | None = None,
    limit: int = Query(50, ge=1, le=200),
):
    qs = selectors.states_for(user=request.user, view=view, office_id=office_id, reason=reason,
                              destination=destination)
    return keyset_page(qs, cursor=cursor, limit=limit)


def _case(request: HttpRequest, number: str) -> Case:
    try:
        return registry_selectors.case_for_update(user=request.user, number=number)
    except Case.DoesNotExist as exc:
        raise Http404 from exc


@router.get("/cases/{number}/readiness", response=ReadinessOut, operation_id="getCaseReadiness",
            summary="One case's departure window and blockers",
            description="As last computed (on every change of a clearance, the composition or the destination, "
                        "and nightly).")
def get_case_readiness(request: HttpRequest, number: str):
    case = _case(request, number)
    state = ReadinessState.objects.select_related("case").filter(case=case).first()
    if state is None:
        engine.recompute([case.pk])
        state = ReadinessState.objects.select_related("case").get(case=case)
    return state


@router.post("/cases/{number}/travel-check", response=TravelCheckOut, operation_id="checkCaseTravel",
             summary="Can the case travel on these dates?",
             description="Checks every required clearance of every current member on the departure day (and on the "
                         "arrival day where the rule says so) and a transit waiver for each transit country; lists "
                         "each problem in a sentence. Changes nothing.")
def travel_check(request: HttpRequest, number: str, payload: TravelCheckIn):
    check = engine.check_travel(_case(request, number), payload.departure, payload.arrival,
                                [c.upper() for c in payload.transit_countries])
    return {"ok": check.ok, "problems": check.problems}


@router.get("/readiness/rules", response=list[RuleOut], operation_id="listReadinessRules",
            summary="Readiness rule sets",
            description="Per destination (and programme where it differs) the clearances required; the rule with an "
                        "empty destination and programme is the fallback.")
def list_rules(request: HttpRequest):
    return list(selectors.rules())


@router.post("/readiness/rules", response={201: RuleOut}, operation_id="createReadinessRule",
             summary="Add a rule set", description="For system and office administrators; the cases it governs are "
                                                   "recomputed. A requirement naming an unknown clearance kind is "
                                                   "refused naming the field (e.g. `requirements.2.kind`).")
def create_rule(request: HttpRequest, payload: RuleIn):
    return Status(201, services.create_rule(actor=request.user, data=payload))


@router.put("/readiness/rules/{rule_id}", response=RuleOut, operation_id="replaceReadinessRule",
            summary="Replace a rule set", description="For system and office administrators; the cases it governs "
                                                      "are recomputed.")
def replace_rule(request: HttpRequest, rule_id: int, payload: RuleIn):
    rule = get_object_or_404(selectors.rules(), pk=rule_id)
    return services.update_rule(actor=request.user, rule=rule, data=payload)


@router.delete("/readiness/rules/{rule_id}", response={204: None}, operation_id="deleteReadinessRule",
               summary="Delete a rule set", description="The cases it governed fall back to the next rule that "
                                                        "applies. The fallback rule cannot be deleted.")
def delete_rule(request: HttpRequest, rule_id: int):
    services.delete_rule(actor=request.user, rule=get_object_or_404(selectors.rules(), pk=rule_id))
    return Status(204, None)
