"""Case registry API: cases, their members and status, persons, documents, clearances,
vulnerabilities, notes, travel loans and expedite requests; all scoped to the caller."""

from __future__ import annotations

from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Query, Router, Status

from passage.core.pagination import keyset_page
from passage.core.schemas import PageOut
from passage.registry import records, selectors, services
from passage.registry.models import Case, ExpediteRequest
from passage.registry.schemas import (
    CaseIn,
    CaseOut,
    CasePatch,
    CaseSummaryOut,
    CaseWrittenOut,
    ClearanceIn,
    ClearanceOut,
    ClearancePatch,
    DocumentIn,
    DocumentOut,
    ExpediteDecisionIn,
    ExpediteIn,
    ExpediteOut,
    MemberAddIn,
    MemberLeaveIn,
    NoteIn,
    NoteOut,
    PersonOut,
    PersonPatch,
    TransitionIn,
    TravelLoanIn,
    TravelLoanOut,
    VulnerabilityIn,
    VulnerabilityOut,
)
from passage.registry.vulnerabilities import VulnerabilityCode, assistance_code

router = Router()


def _case(request: HttpRequest, number: str) -> Case:
    try:
        return selectors.case_for_update(user=request.user, number=number)
    except Case.DoesNotExist as exc:
        raise Http404 from exc


def _detail(request: HttpRequest, number: str) -> Case:
    try:
        return selectors.case_detail(user=request.user, number=number)
    except Case.DoesNotExist as exc:
        raise Http404 from exc


def _written(request: HttpRequest, written: services.Written) -> dict:
    return {"case": _detail(request, written.case.number),
            "warnings": [{"field": w.field, "detail": w.detail} for w in written.warnings]}


# --- Cases ------------------------------------------------------------------------------------

@router.get("/cases", response=PageOut[CaseSummaryOut], tags=["cases"], operation_id="listCases",
            summary="Cases in the caller's scope",
            description="Search by case number, UNHCR or government reference, document number or name (spelling "
                        "variants included), and filter; newest first, paged by cursor.")
def list_cases(
    request: HttpRequest,
    q: str | None = Query(None, max_length=200, description="Case number, reference, document number or name."),
    status: Case.Status | None = None,
    programme: str | None = None,
    office_id: int | None = None,
    destination: str | None = Query(None, description="ISO 3166-1 alpha-3 destination country."),
    nationality: str | None = Query(None, description="ISO 3166-1 alpha-3 nationality of a current member."),
    priority: Case.Priority | None = None,
    cursor: str | None = None,
    limit: int = Query(50, ge=1, le=200),
):
    qs = selectors.cases_for(user=request.user, q=q, status=status, office_id=office_id, destination=destination,
                             programme=programme, nationality=nationality, priority=priority)
    return keyset_page(qs, cursor=cursor, limit=limit)


@router.post("/cases", response={201: CaseWrittenOut}, tags=["cases"], operation_id="registerCase",
             summary="Register a case with its members",
             description="Creates the case and a person for each member (exactly one principal applicant). Unusual "
                         "but legitimate compositions are accepted and returned as `warnings`.")
def register_case(request: HttpRequest, payload: CaseIn):
    return Status(201, _written(request, services.register_case(actor=request.user, data=payload)))


@router.get("/cases/{number}", response=CaseOut, tags=["cases"], operation_id="getCase",
            summary="One case with members, documents, clearances and history",
            description="The case with its current members (documents, open vulnerabilities), clearances and events.")
def get_case(request: HttpRequest, number: str):
    return _detail(request, number)


@router.patch("/cases/{number}", response=CaseOut, tags=["cases"], operation_id="updateCase",
              summary="Change a case's programme, destination, project, partner or references",
              description="Only the fields sent change; status changes go through transitions.")
def update_case(request: HttpRequest, number: str, payload: CasePatch):
    services.update_case(actor=request.user, case=_case(request, number), data=payload)
    return _detail(request, number)


@router.post("/cases/{number}/transitions", response=CaseOut, tags=["cases"], operation_id="transitionCase",
             summary="Move a case to another status",
             description="Allowed moves follow the case workflow; holds, withdrawals, rejections and cancellations "
                         "need a reason. Send `expected_status` to be refused (409) if someone moved it meanwhile.")
def transition_case(request: HttpRequest, number: str, payload: TransitionIn):
    services.transition_case(actor=request.user, case=_case(request, number), to_status=payload.to_status,
                             reason=payload.reason, expected_status=payload.expected_status)
    return _detail(request, number)


@router.post("/cases/{number}/members", response={201: CaseWrittenOut}, tags=["cases"], operation_id="addMember",
             summary="Add a member to a case",
             description="Either a new person (`person`) or an existing one in the caller's scope (`person_id`).")
def add_member(request: HttpRequest, number: str, payload: MemberAddIn):
    case = _case(request, number)
    person = None
    if payload.person_id is not None:
        person = get_object_or_404(selectors.persons_for(user=request.user), pk=payload.person_id)
    written = services.add_member(actor=request.user, case=case, relationship=payload.relationship,
                                  reason=payload.reason, person=person, person_data=payload.person)
    return Status(201, _written(request, written))


@router.post("/cases/{number}/members/{person_id}/leave", response=CaseOut, tags=["cases"],
             operation_id="removeMember", summary="A member leaves a case",
             description="The membership is kept with the date and reason; the principal applicant cannot leave.")
def remove_member(request: HttpRequest, number: str, person_id: int, payload: MemberLeaveIn):
    case = _case(request, number)
    person = get_object_or_404(selectors.persons_for(user=request.user), pk=person_id)
    services.remove_member(actor=request.user, case=case, person=person, reason=payload.reason)
    return _detail(request, number)


# --- Clearances, notes, loans, expedite -------------------------------------------------------

@router.post("/cases/{number}/clearances", response={201: ClearanceOut}, tags=["clearances"],
             operation_id="recordClearance", summary="Record a clearance of the case or one member",
             description="Security check, case approval, exit permit, visa, transit waiver (with its country) or "
                         "reception assurance, with status, reference and validity.")
def record_clearance(request: HttpRequest, number: str, payload: ClearanceIn):
    return Status(201, records.record_clearance(actor=request.user, case=_case(request, number), data=payload))


@router.patch("/clearances/{clearance_id}", response=ClearanceOut, tags=["clearances"],
              operation_id="updateClearance", summary="Change a clearance's status, reference or validity",
              description="Only the fields sent change.")
def update_clearance(request: HttpRequest, clearance_id: int, payload: ClearancePatch):
    clearance = get_object_or_404(selectors.clearances_for(user=request.user), pk=clearance_id)
    return records.update_clearance(actor=request.user, clearance=clearance, data=payload)


@router.get("/cases/{number}/notes", response=list[NoteOut], tags=["cases"], operation_id="listNotes",
            summary="Case and counselling notes the caller may read",
            description="Restricted notes are for caseworkers and office administrators; confidential ones for "
                        "their author and office administrators. Partners read none.")
def list_notes(request: HttpRequest, number: str):
    return list(selectors.notes_for(user=request.user, case=_case(request, number))[:500])


@router.post("/cases/{number}/notes", response={201: NoteOut}, tags=["cases"], operation_id="addNote",
             summary="Write a case or counselling note", description="The text is encrypted at rest.")
def add_note(request: HttpRequest, number: str, payload: NoteIn):
    return Status(201, records.add_note(actor=request.user, case=_case(request, number), data=payload))


@router.put("/cases/{number}/travel-loan", response=TravelLoanOut, tags=["cases"], operation_id="recordTravelLoan",
            summary="Record the case's travel loan",
            description="The fare lent by the receiving state: amount, ISO 4217 currency, promissory note date.")
def record_travel_loan(request: HttpRequest, number: str, payload: TravelLoanIn):
    return records.record_travel_loan(actor=request.user, case=_case(request, number), data=payload)


@router.post("/cases/{number}/expedite", response={201: ExpediteOut}, tags=["cases"],
             operation_id="requestExpedite", summary="Ask for a case to be expedited",
             description="For an urgent protection or medical need; a supervisor decides.")
def request_expedite(request: HttpRequest, number: str, payload: ExpediteIn):
    return Status(201, services.request_expedite(actor=request.user, case=_case(request, number),
                                                 priority=payload.requested_priority, reason=payload.reason))


@router.get("/expedite-requests", response=PageOut[ExpediteOut], tags=["cases"],
            operation_id="listExpediteRequests", summary="Expedite requests in the caller's scope",
            description="Filter by status (pending for the supervisor's queue).")
def list_expedite_requests(request: HttpRequest, status: ExpediteRequest.Status | None = None,
                           cursor: str | None = None, limit: int = Query(50, ge=1, le=200)):
    return keyset_page(selectors.expedite_requests_for(user=request.user, status=status), cursor=cursor, limit=limit)


@router.post("/expedite-requests/{request_id}/decision", response=ExpediteOut, tags=["cases"],
             operation_id="decideExpedite", summary="Approve or refuse an expedite request",
             description="Office administrators only, never the requester; approval raises the case's priority.")
def decide_expedite(request: HttpRequest, request_id: int, payload: ExpediteDecisionIn):
    expedite = get_object_or_404(selectors.expedite_requests_for(user=request.user), pk=request_id)
    return services.decide_expedite(actor=request.user, request=expedite, approve=payload.approve, note=payload.note)


# --- Persons, documents, vulnerabilities ------------------------------------------------------

@router.get("/persons/{person_id}", response=PersonOut, tags=["persons"], operation_id="getPerson",
            summary="One person's biodata", description="Names in Latin and native script, birth, nationality, "
                                                        "languages and references.")
def get_person(request: HttpRequest, person_id: int):
    return get_object_or_404(selectors.persons_for(user=request.user), pk=person_id)


@router.patch("/persons/{person_id}", response=PersonOut, tags=["persons"], operation_id="updatePerson",
              summary="Correct a person's biodata", description="Only the fields sent change; audited before/after.")
def update_person(request: HttpRequest, person_id: int, payload: PersonPatch):
    person = get_object_or_404(selectors.persons_for(user=request.user), pk=person_id)
    return services.update_person(actor=request.user, person=person, changes=payload.model_dump(exclude_unset=True))


@router.post("/persons/{person_id}/documents", response={201: DocumentOut}, tags=["persons"],
             operation_id="addDocument", summary="Record an identity or travel document",
             description="A number already recorded for another person is refused (409): check for a duplicate.")
def add_document(request: HttpRequest, person_id: int, payload: DocumentIn):
    person = get_object_or_404(selectors.persons_for(user=request.user), pk=person_id)
    return Status(201, records.add_document(actor=request.user, person=person, data=payload))


@router.post("/documents/{document_id}/verify", response=DocumentOut, tags=["persons"],
             operation_id="verifyDocument", summary="Mark a document as verified",
             description="Records who verified it and when.")
def verify_document(request: HttpRequest, document_id: int):
    document = get_object_or_404(selectors.documents_for(user=request.user), pk=document_id)
    return records.verify_document(actor=request.user, document=document)


@router.post("/persons/{person_id}/vulnerabilities", response={201: VulnerabilityOut}, tags=["persons"],
             operation_id="addVulnerability", summary="Record a vulnerability or special need",
             description="From the coded list; the detail is encrypted at rest and the IATA assistance code follows.")
def add_vulnerability(request: HttpRequest, person_id: int, payload: VulnerabilityIn):
    person = get_object_or_404(selectors.persons_for(user=request.user), pk=person_id)
    return Status(201, records.add_vulnerability(actor=request.user, person=person, data=payload))


@router.post("/vulnerabilities/{vulnerability_id}/resolve", response=VulnerabilityOut, tags=["persons"],
             operation_id="resolveVulnerability", summary="Close a vulnerability that no longer applies",
             description="Kept in the record with the date it was resolved.")
def resolve_vulnerability(request: HttpRequest, vulnerability_id: int):
    vulnerability = get_object_or_404(selectors.vulnerabilities_for(user=request.user), pk=vulnerability_id)
    return records.resolve_vulnerability(actor=request.user, vulnerability=vulnerability)


@router.get("/reference/vulnerability-codes", response=list[dict[str, str | None]], tags=["reference"],
            operation_id="listVulnerabilityCodes", summary="The coded list of vulnerabilities",
            description="Each code with its label and the IATA assistance code it implies, if any.")
def list_vulnerability_codes(request: HttpRequest):
    return [{"code": c.value, "label": str(c.label), "iata_code": assistance_code(c.value)} for c in VulnerabilityCode]

