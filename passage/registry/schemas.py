"""Shapes of case-registry data crossing the boundary: API input and output, and import rows.
Field-level rules (codes, dates) live here; rules across records live in services."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Annotated, Any

import pycountry
from django.utils.translation import gettext as _
from ninja import Schema
from pydantic import Field, ValidationInfo, field_validator, model_validator

from passage.core import reference
from passage.core.schemas import In, column_length
from passage.registry.models import (
    Case,
    CaseMember,
    CaseNote,
    Clearance,
    IdentityDocument,
    Person,
    Programme,
    Project,
    ReceivingPartner,
)
from passage.registry.vulnerabilities import VulnerabilityCode


def _country(value: str | None) -> str | None:
    if value in (None, ""):
        return value
    code = value.strip().upper()
    if not reference.is_country(code):
        raise ValueError(_("'%(value)s' is not an ISO 3166-1 alpha-3 country code (e.g. SOM, AFG, USA)") % {"value": value})
    return code


def _language(value: str) -> str:
    code = value.strip().lower()
    if not reference.is_language(code):
        raise ValueError(_("'%(value)s' is not an ISO 639-3 language code (e.g. ara, prs, som, tir)") % {"value": value})
    return code


# Another name a person is known by: as long as a name may be.
Alias = Annotated[str, Field(max_length=column_length(Person, "given_name"))]


class PersonIn(In):
    given_name: str = Field(..., min_length=1, max_length=100)
    middle_name: str = Field("", max_length=100)
    family_name: str = Field("", max_length=100)
    native_given_name: str = Field("", max_length=100)
    native_middle_name: str = Field("", max_length=100)
    native_family_name: str = Field("", max_length=100)
    aliases: list[Alias] = Field(default_factory=list, max_length=20)
    sex: Person.Sex
    date_of_birth: dt.date
    dob_precision: Person.DatePrecision = Person.DatePrecision.EXACT
    nationality: str
    country_of_birth: str = ""
    preferred_language: str = ""
    languages: list[str] = Field(default_factory=list, max_length=20)
    phone: str = Field("", max_length=40)
    email: str = Field("", max_length=254)
    unhcr_individual_id: str = Field("", max_length=40)

    @field_validator("nationality", "country_of_birth")
    @classmethod
    def _countries(cls, value: str) -> str:
        return _country(value) or ""

    @field_validator("preferred_language")
    @classmethod
    def _preferred(cls, value: str) -> str:
        return _language(value) if value else ""

    @field_validator("languages")
    @classmethod
    def _languages(cls, value: list[str]) -> list[str]:
        return [_language(v) for v in value]

    @field_validator("date_of_birth")
    @classmethod
    def _born(cls, value: dt.date) -> dt.date:
        if value > dt.date.today():
            raise ValueError(_("the date of birth is in the future"))
        if value.year < 1900:
            raise ValueError(_("the date of birth is before 1900"))
        return value

    @field_validator("given_name", "middle_name", "family_name", "native_given_name", "native_middle_name",
                     "native_family_name")
    @classmethod
    def _strip(cls, value: str) -> str:
        return " ".join(value.split())


class PersonPatch(In):
    given_name: str | None = Field(None, min_length=1, max_length=100)
    middle_name: str | None = Field(None, max_length=100)
    family_name: str | None = Field(None, max_length=100)
    native_given_name: str | None = Field(None, max_length=100)
    native_middle_name: str | None = Field(None, max_length=100)
    native_family_name: str | None = Field(None, max_length=100)
    aliases: list[Alias] | None = Field(None, max_length=20)
    sex: Person.Sex | None = None
    date_of_birth: dt.date | None = None
    dob_precision: Person.DatePrecision | None = None
    nationality: str | None = None
    country_of_birth: str | None = None
    preferred_language: str | None = None
    languages: list[str] | None = None
    phone: str | None = Field(None, max_length=40)
    email: str | None = Field(None, max_length=254)
    unhcr_individual_id: str | None = Field(None, max_length=40)

    _countries = field_validator("nationality", "country_of_birth")(lambda cls, v: _country(v))
    _preferred = field_validator("preferred_language")(lambda cls, v: _language(v) if v else v)
    _languages = field_validator("languages")(lambda cls, v: [_language(x) for x in v] if v is not None else v)
    _born = field_validator("date_of_birth")(lambda cls, v: PersonIn._born(v) if v is not None else v)


class MemberIn(PersonIn):
    relationship: CaseMember.Relationship


class CaseIn(In):
    office_id: int
    programme: Programme
    destination_country: str
    priority: Case.Priority = Case.Priority.NORMAL
    project_code: str | None = Field(None, max_length=column_length(Project, "code"))
    receiving_partner_id: int | None = None
    unhcr_case_id: str = Field("", max_length=40)
    government_ref: str = Field("", max_length=60)
    registered_on: dt.date | None = None
    members: list[MemberIn] = Field(..., min_length=1, max_length=40)

    _destination = field_validator("destination_country")(lambda cls, v: _country(v))


class CasePatch(In):
    programme: Programme | None = None
    destination_country: str | None = None
    project_code: str | None = Field(None, max_length=column_length(Project, "code"))
    receiving_partner_id: int | None = None
    unhcr_case_id: str | None = Field(None, max_length=40)
    government_ref: str | None = Field(None, max_length=60)

    _destination = field_validator("destination_country")(lambda cls, v: _country(v))


class TransitionIn(In):
    to_status: Case.Status
    reason: str = Field("", max_length=2000)
    expected_status: Case.Status | None = Field(
        None, description="The status the client saw; a different current status answers 409 (someone else moved it)."
    )


class MemberAddIn(In):
    relationship: CaseMember.Relationship
    reason: str = Field(..., min_length=1, max_length=200)
    person_id: int | None = Field(None, description="An existing person in your scope; or give `person`.")
    person: PersonIn | None = None

    @model_validator(mode="after")
    def _one_of(self) -> MemberAddIn:
        if (self.person_id is None) == (self.person is None):
            raise ValueError(_("give exactly one of person_id and person"))
        return self


class MemberLeaveIn(In):
    reason: str = Field(..., min_length=1, max_length=200)


class DocumentIn(In):
    kind: IdentityDocument.Kind
    number: str = Field(..., min_length=1, max_length=40)
    issuing_country: str
    issued_on: dt.date | None = None
    expires_on: dt.date | None = None

    _issuer = field_validator("issuing_country")(lambda cls, v: _country(v))

    @field_validator("number")
    @classmethod
    def _number(cls, value: str) -> str:
        return value.replace(" ", "").upper()

    @field_validator("issued_on")
    @classmethod
    def _issued(cls, value: dt.date | None) -> dt.date | None:
        if value and value > dt.date.today():
            raise ValueError(_("the issue date is in the future"))
        return value

    @field_validator("expires_on")
    @classmethod
    def _expires(cls, value: dt.date | None, info: ValidationInfo) -> dt.date | None:
        issued = info.data.get("issued_on")
        if value and issued and value < issued:
            raise ValueError(_("the expiry date is before the issue date"))
        return value


class ClearanceIn(In):
    kind: Clearance.Kind = Field(..., description="Health and orientation clearances are derived by their modules "
                                                  "and refused here.")
    person_id: int | None = Field(None, description="For a member's own clearance; empty for the whole case.")
    transit_country: str = ""
    status: Clearance.Status = Clearance.Status.PENDING
    reference: str = Field("", max_length=80)
    valid_from: dt.date | None = None
    valid_until: dt.date | None = None

    _transit = field_validator("transit_country")(lambda cls, v: _country(v) or "")

    @field_validator("valid_until")
    @classmethod
    def _interval(cls, value: dt.date | None, info: ValidationInfo) -> dt.date | None:
        start = info.data.get("valid_from")
        if value and start and value < start:
            raise ValueError(_("the validity ends before it starts"))
        return value


class ClearancePatch(In):
    status: Clearance.Status | None = None
    reference: str | None = Field(None, max_length=80)
    valid_from: dt.date | None = None
    valid_until: dt.date | None = None


class VulnerabilityIn(In):
    code: VulnerabilityCode
    detail: str = Field("", max_length=2000)


class NoteIn(In):
    text: str = Field(..., min_length=1, max_length=20000)
    confidentiality: CaseNote.Confidentiality = CaseNote.Confidentiality.NORMAL
    kind: str = Field("case", pattern="^(case|counselling)$")


class TravelLoanIn(In):
    amount: Decimal = Field(..., gt=0, max_digits=12, decimal_places=2)
    currency: str
    promissory_note_signed_on: dt.date | None = None

    @field_validator("currency")
    @classmethod
    def _currency(cls, value: str) -> str:
        code = value.strip().upper()
        if pycountry.currencies.get(alpha_3=code) is None:
            raise ValueError(_("'%(value)s' is not an ISO 4217 currency code (e.g. USD, EUR)") % {"value": value})
        return code


class ExpediteIn(In):
    requested_priority: Case.Priority = Case.Priority.URGENT
    reason: str = Field(..., min_length=5, max_length=2000)


class ExpediteDecisionIn(In):
    approve: bool
    note: str = Field("", max_length=2000)


# --- Output -----------------------------------------------------------------------------------

class WarningOut(Schema):
    field: str
    detail: str


class CaseSummaryOut(Schema):
    id: int
    number: str
    office: str
    programme: str
    destination_country: str
    priority: str
    status: str
    registered_on: dt.date
    unhcr_case_id: str
    member_count: int = 0

    @staticmethod
    def resolve_office(obj: Any) -> str:
        return obj.office.code


class DocumentOut(Schema):
    id: int
    person_id: int
    kind: str
    number: str
    issuing_country: str
    issued_on: dt.date | None
    expires_on: dt.date | None
    verified: bool
    verified_at: dt.datetime | None

    @staticmethod
    def resolve_verified(obj: Any) -> bool:
        return obj.verified_at is not None


class VulnerabilityOut(Schema):
    id: int
    code: str
    iata_code: str | None
    recorded_at: dt.datetime
    resolved_on: dt.date | None

    @staticmethod
    def resolve_iata_code(obj: Any) -> str | None:
        from passage.registry.vulnerabilities import assistance_code

        return assistance_code(obj.code)


class PersonOut(Schema):
    id: int
    office: str
    given_name: str
    middle_name: str
    family_name: str
    native_given_name: str
    native_middle_name: str
    native_family_name: str
    aliases: list[str]
    sex: str
    date_of_birth: dt.date
    dob_precision: str
    nationality: str
    country_of_birth: str
    preferred_language: str
    languages: list[str]
    unhcr_individual_id: str
    merged_into_id: int | None

    @staticmethod
    def resolve_office(obj: Any) -> str:
        return obj.office.code


class MemberOut(Schema):
    person: PersonOut
    relationship: str
    joined_on: dt.date
    join_reason: str
    documents: list[DocumentOut]
    vulnerabilities: list[VulnerabilityOut]

    @staticmethod
    def resolve_documents(obj: Any) -> list:
        return list(obj.person.documents.all())

    @staticmethod
    def resolve_vulnerabilities(obj: Any) -> list:
        return [v for v in obj.person.vulnerabilities.all() if v.resolved_on is None]


class ClearanceOut(Schema):
    id: int
    kind: str
    person_id: int | None
    transit_country: str
    status: str
    reference: str
    valid_from: dt.date | None
    valid_until: dt.date | None
    reason: str = Field(description="Why the clearance is not (yet) granted, where known.")


class EventOut(Schema):
    at: dt.datetime
    kind: str
    actor: str | None
    from_status: str
    to_status: str
    reason: str = Field(description="As recorded: the person's words, or the system's in English.")
    reason_text: str = Field(description="The reason in the request's language where the system wrote it; "
                                         "otherwise as recorded.")
    details: dict

    @staticmethod
    def resolve_actor(obj: Any) -> str | None:
        return obj.actor.get_username() if obj.actor_id else None


class CaseOut(CaseSummaryOut):
    government_ref: str
    project: str | None
    receiving_partner: str | None
    members: list[MemberOut]
    clearances: list[ClearanceOut]
    events: list[EventOut]

    @staticmethod
    def resolve_project(obj: Any) -> str | None:
        return obj.project.code if obj.project_id else None

    @staticmethod
    def resolve_receiving_partner(obj: Any) -> str | None:
        return str(obj.receiving_partner) if obj.receiving_partner_id else None

    @staticmethod
    def resolve_members(obj: Any) -> list:
        return obj.current_members

    @staticmethod
    def resolve_member_count(obj: Any) -> int:
        return len(obj.current_members)

    @staticmethod
    def resolve_clearances(obj: Any) -> list:
        return list(obj.clearances.all())

    @staticmethod
    def resolve_events(obj: Any) -> list:
        return list(obj.events.all())


class CaseWrittenOut(Schema):
    case: CaseOut
    warnings: list[WarningOut]


class NoteOut(Schema):
    id: int
    author: str
    created_at: dt.datetime
    confidentiality: str
    kind: str
    text: str

    @staticmethod
    def resolve_author(obj: Any) -> str:
        return obj.author.get_username()


class ExpediteOut(Schema):
    id: int
    case_number: str
    requested_priority: str
    reason: str
    status: str
    requested_by: str
    requested_at: dt.datetime
    decided_at: dt.datetime | None
    decision_note: str

    @staticmethod
    def resolve_case_number(obj: Any) -> str:
        return obj.case.number

    @staticmethod
    def resolve_requested_by(obj: Any) -> str:
        return obj.requested_by.get_username()


class TravelLoanOut(Schema):
    amount: Decimal
    currency: str
    promissory_note_signed_on: dt.date | None


class ImportErrorOut(Schema):
    row: int | None = Field(None, description="Row number in the file; the header is row 1. Empty for the whole file.")
    column: str | None = Field(None, description="The column at fault, named as in the template.")
    detail: str


class ImportJobOut(Schema):
    id: int
    office: str
    filename: str
    dry_run: bool
    status: str
    status_label: str
    total_rows: int = Field(..., description="Rows in the file; an estimate while the file is being checked.")
    processed_rows: int = Field(..., description="Rows checked so far.")
    created_cases: int = Field(..., description="Cases written (for a dry run: cases that would be written).")
    unchanged_cases: int = Field(..., description="Cases whose case_ref exists already: left unchanged.")
    errors: list[ImportErrorOut]
    language: str = Field(..., description="The language of the errors' `detail`: the uploader's at upload "
                                           "(Accept-Language or the language cookie), whoever reads the job.")
    created_at: dt.datetime
    finished_at: dt.datetime | None

    @staticmethod
    def resolve_office(obj: Any) -> str:
        return obj.office.code

    @staticmethod
    def resolve_status_label(obj: Any) -> str:
        return str(obj.get_status_display())


# --- Projects and receiving partners ----------------------------------------------------------

def _countries_list(values: list[str] | None) -> list[str] | None:
    if values is None:
        return None
    return sorted({_country(v) for v in values if v and v.strip()})


class ProjectIn(In):
    code: str = Field(..., min_length=1, max_length=30)
    name: str = Field(..., min_length=1, max_length=200)
    donor: str = Field("", max_length=200)
    destination_countries: list[str] = Field(default_factory=list, max_length=60,
                                             description="ISO 3166-1 alpha-3 codes; empty for any destination.")
    is_active: bool = True
    office_id: int | None = Field(None, description="The office that runs the project; empty for a global project "
                                                    "(system administrators only).")

    _destinations = field_validator("destination_countries")(lambda cls, v: _countries_list(v))


class ProjectPatch(In):
    name: str | None = Field(None, min_length=1, max_length=200)
    donor: str | None = Field(None, max_length=200)
    destination_countries: list[str] | None = Field(None, max_length=60)
    is_active: bool | None = None

    _destinations = field_validator("destination_countries")(lambda cls, v: _countries_list(v))


class ProjectOut(Schema):
    id: int
    code: str
    name: str
    donor: str
    destination_countries: list[str]
    is_active: bool
    office_id: int | None = Field(None, description="Empty for a global project.")


class ReceivingPartnerIn(In):
    name: str = Field(..., min_length=1, max_length=200)
    kind: ReceivingPartner.Kind
    country: str
    is_active: bool = True
    office_id: int | None = Field(None, description="The office that keeps this entry; empty for the global list "
                                                    "(system administrators only).")

    _country_code = field_validator("country")(lambda cls, v: _country(v))


class ReceivingPartnerPatch(In):
    name: str | None = Field(None, min_length=1, max_length=200)
    kind: ReceivingPartner.Kind | None = None
    is_active: bool | None = None


class ReceivingPartnerOut(Schema):
    id: int
    name: str
    kind: str
    country: str
    is_active: bool
    office_id: int | None = Field(None, description="Empty for the global list.")
