"""Shapes of health data crossing the boundary. Codes (tests, vaccines, readings, requirements) are
enumerations, so an unknown code is refused with its field named; rules across records (a
vaccination before birth, a check after departure) live in services."""

from __future__ import annotations

import datetime as dt

from ninja import Schema
from pydantic import Field, field_validator

from passage.core import reference
from passage.core.schemas import In
from passage.health.models import (
    FALLBACK,
    Assessment,
    ChestXray,
    Consent,
    FitnessDecision,
    LabTest,
    Requirement,
    TbClassification,
    Vaccination,
)


def _destination(value: str) -> str:
    code = value.strip().upper()
    if not reference.is_country(code):
        raise ValueError(f"'{value}' is not an ISO 3166-1 alpha-3 country code (e.g. USA, CAN)")
    return code


def _aware(value: dt.datetime) -> dt.datetime:
    if value.tzinfo is None:
        raise ValueError("give the time with its UTC offset, e.g. 2026-11-27T08:30:00Z")
    return value


class AssessmentIn(In):
    kind: Assessment.Kind
    performed_at: dt.datetime
    clinic: str = Field(..., min_length=1, max_length=200)
    physician: str = Field(..., min_length=1, max_length=200)
    destination_country: str | None = Field(None, description="Defaults to the destination of the person's case.")
    history: str = Field("", max_length=10_000)
    exam: str = Field("", max_length=10_000)
    vitals: str = Field("", max_length=2_000)
    mental_health: str = Field("", max_length=10_000)

    _when = field_validator("performed_at")(_aware)

    @field_validator("destination_country")
    @classmethod
    def _dest(cls, value: str | None) -> str | None:
        return _destination(value) if value else None


class ChestXrayIn(In):
    taken_on: dt.date
    reading: ChestXray.Reading
    radiologist: str = Field("", max_length=200)


class LabTestIn(In):
    test: LabTest.Test
    taken_on: dt.date | None = Field(..., description="The day the specimen was taken (required).")
    result: LabTest.Result
    result_on: dt.date | None = None
    detail: str = Field("", max_length=2_000)

    @field_validator("taken_on")
    @classmethod
    def _taken(cls, value: dt.date | None) -> dt.date:
        if value is None:
            raise ValueError("a result needs the date the specimen was taken")
        return value


class TbClassificationIn(In):
    classified_on: dt.date
    value: TbClassification.Value
    destination_country: str | None = None

    @field_validator("destination_country")
    @classmethod
    def _dest(cls, value: str | None) -> str | None:
        return _destination(value) if value else None


class VaccinationIn(In):
    vaccine: Vaccination.Vaccine
    dose: int = Field(1, ge=1, le=10)
    given_on: dt.date
    lot: str = Field("", max_length=40)


class TreatmentIn(In):
    condition: str = Field(..., min_length=1, max_length=500)
    started_on: dt.date
    ended_on: dt.date | None = None
    directly_observed: bool = False


class FitnessIn(In):
    decision: FitnessDecision.Decision
    decided_at: dt.datetime | None = Field(None, description="Defaults to now.")
    not_fit_until: dt.date | None = None
    requirements: list[Requirement] = Field(default_factory=list, max_length=10)
    note: str = Field("", max_length=5_000)
    assessment_id: int | None = None


class ConsentIn(In):
    purpose: Consent.Purpose
    scope: Consent.Scope = Consent.Scope.FULL_RECORD
    given_on: dt.date


class ConsentWithdrawIn(In):
    purpose: Consent.Purpose
    withdrawn_on: dt.date | None = Field(None, description="Defaults to today.")


class RuleIn(In):
    chest_xray_min_age: int = Field(..., ge=0, le=120)
    required_labs: list[LabTest.Test] = Field(default_factory=list)
    required_vaccines: list[Vaccination.Vaccine] = Field(default_factory=list)
    assessment_validity_days: int = Field(..., ge=1, le=730)
    pre_embarkation_window_hours: int = Field(..., ge=24, le=72)


class RuleOut(Schema):
    destination_country: str = Field(description=f"ISO 3166-1 alpha-3, or '{FALLBACK}' for the fallback rule.")
    chest_xray_min_age: int
    required_labs: list[str]
    required_vaccines: list[str]
    assessment_validity_days: int
    pre_embarkation_window_hours: int
    updated_at: dt.datetime


class RecordedOut(Schema):
    id: int
    kind: str = Field(description="What was recorded: assessment, chest_xray, lab_test, ...")
    clearance_status: str = Field(description="The person's health clearance after this record.")
    clearance_reason: str
    notice: str = Field("", description="Something the recorder should know, e.g. no booked departure to check "
                                        "the pre-embarkation window against.")


class FitnessOut(Schema):
    decision: str
    decided_at: dt.datetime
    not_fit_until: dt.date | None
    requirements: list[str]
    assistance_codes: list[str] = Field(description="IATA SSR codes for the manifest.")


class ClearanceOut(Schema):
    status: str
    reason: str
    valid_from: dt.date | None
    valid_until: dt.date | None


class AssessmentOut(Schema):
    id: int
    kind: str
    performed_at: dt.datetime
    clinic: str
    physician: str
    destination_country: str
    history: str
    exam: str
    vitals: str
    mental_health: str


class ChestXrayOut(Schema):
    id: int
    taken_on: dt.date
    reading: str
    radiologist: str


class LabTestOut(Schema):
    id: int
    test: str
    taken_on: dt.date
    result: str
    result_on: dt.date | None
    detail: str


class TbClassificationOut(Schema):
    classified_on: dt.date
    value: str
    destination_country: str


class VaccinationOut(Schema):
    id: int
    vaccine: str
    dose: int
    given_on: dt.date
    lot: str


class TreatmentOut(Schema):
    id: int
    condition: str
    started_on: dt.date
    ended_on: dt.date | None
    directly_observed: bool


class ConsentOut(Schema):
    id: int
    purpose: str
    scope: str
    given_on: dt.date
    withdrawn_on: dt.date | None


class ClinicalOut(Schema):
    assessments: list[AssessmentOut]
    chest_xrays: list[ChestXrayOut]
    lab_tests: list[LabTestOut]
    tb_classifications: list[TbClassificationOut]
    vaccinations: list[VaccinationOut]
    treatments: list[TreatmentOut]
    consents: list[ConsentOut]


class HealthSummaryOut(Schema):
    person_id: int
    fitness: FitnessOut | None
    clearance: ClearanceOut | None
    clinical: ClinicalOut | None = Field(description="Only for medical officers and consenting partners; null "
                                                     "for everyone else.")


class MorbidityRow(Schema):
    group: str = Field(description="The value of the grouping (a country code, sex or age group).")
    persons: str = Field(description="Persons assessed; '<5' when fewer than five.")
    tb_positive: str
    vaccinated: str = Field(description="Persons with at least one vaccination recorded.")
    fit: str
    fit_with_requirements: str
    not_fit: str
    deferred: str


class MorbidityOut(Schema):
    by: str
    rows: list[MorbidityRow]


class PreEmbarkationCheckOut(Schema):
    person_id: int = Field(validation_alias="person.pk")
    name: str = Field(validation_alias="person.full_name")
    case_number: str
    booking_status: str = Field(description="held, confirmed or ticketed")
    destination_country: str
    leg_id: int
    flight: str = Field(description="Carrier code and flight number of the first leg.")
    departure_airport: str
    arrival_airport: str
    departs_at: dt.datetime = Field(description="Scheduled departure, UTC.")
    departure_date: dt.date = Field(description="Local date at the departure airport.")
    window_opens: dt.datetime = Field(description="UTC; the check belongs between this and the departure.")
    status: str = Field(description="done, due (inside the window now), not_yet_due or missed (departure passed "
                                    "without a check in the window).")
    checked_at: dt.datetime | None = Field(description="When the check inside the window was done (UTC).")


class PreEmbarkationListOut(Schema):
    day_from: dt.date
    day_to: dt.date
    office: int | None = Field(description="The office the list is narrowed to; null: all the caller's offices.")
    truncated: bool = Field(description="True when more travellers than the list holds depart in the range.")
    checks: list[PreEmbarkationCheckOut]
