"""Shapes of case-registry data crossing the API boundary."""

from __future__ import annotations

from datetime import date
from typing import Any

from ninja import Schema


class CaseSummaryOut(Schema):
    id: int
    number: str
    office: str
    programme: str
    destination_country: str
    priority: str
    status: str
    registered_on: date
    member_count: int

    @staticmethod
    def resolve_office(obj: Any) -> str:
        return obj.office.code


class MemberOut(Schema):
    person_id: int
    relationship: str
    given_name: str
    middle_name: str
    family_name: str
    native_name: str
    sex: str
    date_of_birth: date
    dob_precision: str
    nationality: str
    joined_on: date


class CaseOut(CaseSummaryOut):
    members: list[MemberOut]
    member_count: int = 0

    @staticmethod
    def resolve_members(obj: Any) -> list[dict]:
        return [
            {
                "person_id": m.person_id, "relationship": m.relationship, "given_name": m.person.given_name,
                "middle_name": m.person.middle_name, "family_name": m.person.family_name,
                "native_name": m.person.native_full_name, "sex": m.person.sex,
                "date_of_birth": m.person.date_of_birth, "dob_precision": m.person.dob_precision,
                "nationality": m.person.nationality, "joined_on": m.joined_on,
            }
            for m in obj.current_members
        ]

    @staticmethod
    def resolve_member_count(obj: Any) -> int:
        return len(obj.current_members)
