"""Health API: record what the clinic does, read a person's health summary (clinical details only
for medical officers and consenting partners), export FHIR under consent, the rules per
destination and the morbidity report."""

from __future__ import annotations

import json

from django.http import HttpRequest, HttpResponse
from ninja import Query, Router, Status
from ninja.errors import HttpError

from passage.core.errors import PermissionDeniedError
from passage.core.schemas import QueryDate
from passage.core.scoping import scope_for
from passage.health import embarkation, fhir, selectors, services
from passage.health.schemas import (
    AssessmentIn,
    ChestXrayIn,
    ConsentIn,
    ConsentOut,
    ConsentWithdrawIn,
    FitnessIn,
    HealthSummaryOut,
    LabTestIn,
    MorbidityOut,
    PreEmbarkationListOut,
    RecordedOut,
    RuleIn,
    RuleOut,
    TbClassificationIn,
    TreatmentIn,
    VaccinationIn,
)

router = Router(tags=["health"])
FHIR_JSON = "application/fhir+json"


def _recorded(recorded: services.Recorded) -> tuple[int, dict]:
    return Status(201, {"id": recorded.obj.pk, "kind": recorded.kind, "clearance_status": recorded.clearance.status,
                        "clearance_reason": recorded.clearance.reason, "notice": recorded.notice})


def _person(request: HttpRequest, person_id: int, *, with_destination: bool = False):
    return selectors.person_for(user=request.user, person_id=person_id, with_destination=with_destination)


@router.post("/persons/{person_id}/assessments", response={201: RecordedOut}, operation_id="recordAssessment",
             summary="Record a health assessment or pre-embarkation check",
             description="Migration health assessment, pre-departure medical procedures or pre-embarkation check "
                         "with clinic, physician and clinical notes (encrypted). A pre-embarkation check outside the "
                         "destination's window before the booked departure is refused on `performed_at`. Returns "
                         "the person's health clearance after the record.")
def record_assessment(request: HttpRequest, person_id: int, payload: AssessmentIn):
    person = _person(request, person_id, with_destination=True)
    return _recorded(services.record_assessment(actor=request.user, person=person, data=payload))


@router.post("/persons/{person_id}/chest-xrays", response={201: RecordedOut}, operation_id="recordChestXray",
             summary="Record a chest X-ray and its reading", description="Medical officers only.")
def record_chest_xray(request: HttpRequest, person_id: int, payload: ChestXrayIn):
    return _recorded(services.record_chest_xray(actor=request.user, person=_person(request, person_id), data=payload))


@router.post("/persons/{person_id}/lab-tests", response={201: RecordedOut}, operation_id="recordLabTest",
             summary="Record a laboratory test and its result",
             description="TB tests (smear, culture, molecular, drug susceptibility) and other tests; the specimen "
                         "date is required, and a reported result needs its date.")
def record_lab_test(request: HttpRequest, person_id: int, payload: LabTestIn):
    return _recorded(services.record_lab_test(actor=request.user, person=_person(request, person_id), data=payload))


@router.post("/persons/{person_id}/tb-classifications", response={201: RecordedOut},
             operation_id="recordTbClassification", summary="Record the TB classification",
             description="As the destination defines it (defaults to the person's case destination).")
def record_tb_classification(request: HttpRequest, person_id: int, payload: TbClassificationIn):
    return _recorded(services.record_tb_classification(
        actor=request.user, person=_person(request, person_id, with_destination=True), data=payload))


@router.post("/persons/{person_id}/vaccinations", response={201: RecordedOut}, operation_id="recordVaccination",
             summary="Record a vaccination", description="Vaccine code, dose number, date (not before birth) and lot.")
def record_vaccination(request: HttpRequest, person_id: int, payload: VaccinationIn):
    return _recorded(services.record_vaccination(actor=request.user, person=_person(request, person_id), data=payload))


@router.post("/persons/{person_id}/treatments", response={201: RecordedOut}, operation_id="recordTreatment",
             summary="Record a treatment or stabilisation", description="Condition (encrypted), start, end, "
                                                                         "directly observed.")
def record_treatment(request: HttpRequest, person_id: int, payload: TreatmentIn):
    return _recorded(services.record_treatment(actor=request.user, person=_person(request, person_id), data=payload))


@router.post("/persons/{person_id}/fitness", response={201: RecordedOut}, operation_id="decideFitness",
             summary="Decide fitness to travel",
             description="Fit, fit with requirements (wheelchair kinds, stretcher, oxygen, medical escort, ambulance, "
                         "seating; mapped to IATA SSR codes), not fit until a date, or deferred.")
def decide_fitness(request: HttpRequest, person_id: int, payload: FitnessIn):
    return _recorded(services.decide_fitness(actor=request.user, person=_person(request, person_id), data=payload))


@router.post("/persons/{person_id}/consents", response={201: ConsentOut}, operation_id="recordHealthConsent",
             summary="Record the person's consent to share health information",
             description="Purpose (receiving health authority or resettlement agency), scope and date given.")
def record_consent(request: HttpRequest, person_id: int, payload: ConsentIn):
    return Status(201, services.record_consent(actor=request.user, person=_person(request, person_id), data=payload))


@router.post("/persons/{person_id}/consents/withdraw", response=ConsentOut, operation_id="withdrawHealthConsent",
             summary="Withdraw the person's consent for a purpose",
             description="The consent stays on record with the date it was withdrawn; sharing stops from then.")
def withdraw_consent(request: HttpRequest, person_id: int, payload: ConsentWithdrawIn):
    return services.withdraw_consent(actor=request.user, person=_person(request, person_id), data=payload)


@router.get("/persons/{person_id}", response=HealthSummaryOut, operation_id="getHealthSummary",
            summary="A person's health summary",
            description="Fitness to travel, travel requirements and the health clearance for any staff member who "
                        "sees the person; the clinical record (audited) for medical officers of the person's office "
                        "and partners of the destination with the person's active consent.")
def get_summary(request: HttpRequest, person_id: int):
    summary = selectors.summary_for(user=request.user, person=_person(request, person_id))
    return {"person_id": person_id, "fitness": summary.fitness, "clearance": summary.clearance,
            "clinical": summary.clinical}


@router.get("/persons/{person_id}/fhir", response={200: dict}, operation_id="exportHealthFhir",
            summary="The person's health record as a FHIR R4 Bundle",
            description="application/fhir+json Bundle (Patient, Encounter, Observation, Immunization, Condition, "
                        "Consent), only under the person's active consent to share with the receiving health "
                        "authority; for medical officers of the person's office and partners of the destination.")
def export_fhir(request: HttpRequest, person_id: int):
    body = fhir.export(user=request.user, person=_person(request, person_id))
    return HttpResponse(json.dumps(body), content_type=FHIR_JSON)


@router.get("/rules", response=list[RuleOut], operation_id="listHealthRules",
            summary="Health rules per destination",
            description="Minimum age for chest X-ray, required tests and vaccines, assessment validity and the "
                        "pre-embarkation window; '*' is the fallback for destinations without their own rule.")
def list_rules(request: HttpRequest):
    if request.user.is_partner:
        raise HttpError(403, "Partners do not read the health rules.")
    return list(selectors.rules())


@router.put("/rules/{destination}", response=RuleOut, operation_id="saveHealthRule",
            summary="Create or change a destination's health rule",
            description="System administrators only; health clearances of persons bound there are recomputed.")
def save_rule(request: HttpRequest, destination: str, payload: RuleIn):
    return services.save_rule(actor=request.user, destination=destination, data=payload)


@router.get("/morbidity", response=MorbidityOut, operation_id="getMorbidityReport",
            summary="Morbidity profile of the persons assessed",
            description="Persons with a migration health assessment in the caller's offices, grouped by nationality, "
                        "departure country, destination, sex or age group: TB results, vaccination coverage and "
                        "fitness outcomes. Cells under 5 read '<5'. Medical officers and information management.")
def morbidity(request: HttpRequest, by: str = Query("nationality", pattern="^(nationality|departure_country|"
                                                                          "destination|sex|age_group)$")):
    scope = scope_for(request.user, selectors.MORBIDITY_READERS)
    if scope.partner_country is not None or not (scope.is_global or scope.office_ids):
        raise PermissionDeniedError("The morbidity report is for medical officers and information management.")
    return {"by": by, "rows": selectors.morbidity(user=request.user, by=by)}


@router.get("/pre-embarkation-checks", response=PreEmbarkationListOut, operation_id="listPreEmbarkationChecks",
            summary="Pre-embarkation checks due, by departure",
            description="Persons of the caller's offices (or of `office`, one of them) booked (held, confirmed or "
                        "ticketed) on a first leg departing from `day_from` to `day_to` (local dates at the departure "
                        "airport; default: today and the next six days, at most 31 days), ordered by departure, "
                        "flight and name, each with where their pre-embarkation check stands against the "
                        "destination's window. An office outside the caller's is a 422 problem naming `office`. "
                        "Medical officers only.")
def list_pre_embarkation_checks(request: HttpRequest, day_from: QueryDate | None = None, day_to: QueryDate | None = None,
                                office: int | None = Query(None, description="An office id: only its persons.")):
    due = embarkation.checks_due(user=request.user, day_from=day_from, day_to=day_to, office_id=office)
    return {"day_from": due.day_from, "day_to": due.day_to, "office": due.office_id, "truncated": due.truncated,
            "checks": due.checks}
