"""Readiness data crossing the API boundary: rules, and each case's window and blockers."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from ninja import Schema
from pydantic import Field, field_validator

from passage.core.schemas import In, column_length
from passage.registry.models import Clearance


class RequirementIn(In):
    kind: str = Field(..., max_length=column_length(Clearance, "kind"),
                      description="A clearance kind: security_check, case_approval, exit_permit, visa, "
                                  "transit_waiver, reception_assurance, health, orientation.")
    per: str = Field("member", max_length=6, description="`member` (each current member) or `case` (once for the case).")
    min_age: int | None = Field(None, description="Only members at or over this age (per member only).")
    valid_on_arrival: bool = Field(False, description="Must still be valid on the arrival date, not only on "
                                                      "departure.")


class RuleIn(In):
    destination_country: str = Field("", max_length=3, description="ISO 3166-1 alpha-3; empty for the fallback.")
    programme: str = Field("", max_length=30, description="Empty: every programme of the destination.")
    requirements: list[RequirementIn] = Field(..., max_length=30)
    travel_days: int = Field(2, ge=0, le=30, description="Days from departure to arrival assumed for the window.")
    notes: str = Field("", max_length=300)

    @field_validator("destination_country")
    @classmethod
    def _upper(cls, value: str) -> str:
        return value.strip().upper()


class RequirementOut(Schema):
    kind: str
    per: str
    min_age: int | None = None
    valid_on_arrival: bool = False


class RuleOut(Schema):
    id: int
    destination_country: str
    programme: str
    requirements: list[RequirementOut]
    travel_days: int
    notes: str
    updated_at: dt.datetime


class BlockerOut(Schema):
    kind: str = Field(..., description="A clearance kind, or `case` for the case's own status.")
    problem: str = Field(..., description="missing, pending, refused, expired, expiring, not_yet_valid, on_hold or "
                                          "no_common_window.")
    blocking: bool = Field(..., description="False for a warning (expiring soon, valid only later).")
    actor: str = Field(..., description="The role that acts on it.")
    person_id: int | None = None
    person: str = ""
    date: dt.date | None = Field(None, description="The expiry or start date the problem is about.")


class ReadinessOut(Schema):
    case_number: str
    office_id: int
    destination_country: str
    status: str = Field(..., description="ready (has a window), blocked, or inactive.")
    window_start: dt.date | None = Field(None, description="Null with a window: open since before any record.")
    window_end: dt.date | None = Field(None, description="Null with a window: open-ended.")
    windows: list[list[dt.date | None]]
    reason: str = Field("", description="kind:problem of the main blocking item.")
    blockers: list[BlockerOut]
    as_of: dt.date
    computed_at: dt.datetime

    @staticmethod
    def resolve_case_number(obj: Any) -> str:
        return obj.case.number

    @staticmethod
    def resolve_office_id(obj: Any) -> int:
        return obj.case.office_id

    @staticmethod
    def resolve_destination_country(obj: Any) -> str:
        return obj.case.destination_country


class TravelCheckIn(In):
    departure: dt.date
    arrival: dt.date
    transit_countries: list[Annotated[str, Field(max_length=3)]] = Field(default_factory=list, max_length=10,
                                         description="ISO 3166-1 alpha-3 codes of the transit countries.")


class TravelCheckOut(Schema):
    ok: bool
    problems: list[str]
