"""Shapes of data crossing the API boundary for the core app."""

from __future__ import annotations

import re
import types
from datetime import UTC, date, datetime
from typing import Annotated, Any, Generic, TypeVar, Union, get_args, get_origin

from django.utils.translation import gettext as _
from ninja import Schema
from pydantic import (
    AfterValidator,
    BeforeValidator,
    ConfigDict,
    Field,
    ValidationError,
    ValidationInfo,
    field_validator,
    model_validator,
)
from pydantic_core import InitErrorDetails, PydanticCustomError, PydanticKnownError

T = TypeVar("T")

# The largest integer a database column (bigint; SQLite's INTEGER) holds.
DB_INT_MAX = 2**63 - 1

# An integer parameter that is compared with a column, bounded so it cannot overflow the query.
DbInt = Annotated[int, Field(ge=-DB_INT_MAX - 1, le=DB_INT_MAX)]


def _refuse_unstorable(value: Any) -> None:
    if isinstance(value, bool):
        return
    if isinstance(value, int) and not -DB_INT_MAX - 1 <= value <= DB_INT_MAX:
        raise PydanticCustomError("int_too_large", _("The number is too large."))
    if isinstance(value, str) and "\x00" in value:
        raise PydanticCustomError("nul_character", _("The text must not contain a NUL character."))
    if isinstance(value, (list, tuple, set, frozenset)):
        for item in value:
            _refuse_unstorable(item)
    elif isinstance(value, dict):
        for key, item in value.items():
            _refuse_unstorable(key)
            _refuse_unstorable(item)


def _plain_type(annotation: Any) -> Any:
    """`T` for `T` or `T | None`; None for anything else."""
    if get_origin(annotation) in (Union, types.UnionType):
        members = [a for a in get_args(annotation) if a is not type(None)]
        return members[0] if len(members) == 1 else None
    return annotation


# Pydantic's lax mode would read a number as a date (seconds since 1970) or a boolean (0, 1), and
# a numeric string ("0") as a date too.
_NO_NUMBERS = {datetime: "datetime_type", date: "date_type", bool: "bool_type"}
_NUMERIC = re.compile(r"\s*[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?\s*")


def _is_number(value: Any, error: str) -> bool:
    if isinstance(value, bool):
        return False
    if isinstance(value, (int, float)):
        return True
    return error != "bool_type" and isinstance(value, str) and _NUMERIC.fullmatch(value) is not None


def _refuse_numbers(error: str) -> BeforeValidator:
    def check(value: Any) -> Any:
        if _is_number(value, error):
            raise PydanticKnownError(error)
        return value

    return BeforeValidator(check)


# Date and time query parameters: ISO 8601 only, never a number read as seconds since 1970.
QueryDate = Annotated[date, _refuse_numbers("date_type")]
# A time without an offset (or a bare date, read as its midnight) is UTC, the time every record keeps.
QueryDateTime = Annotated[datetime, _refuse_numbers("datetime_type"),
                          AfterValidator(lambda value: value if value.tzinfo else value.replace(tzinfo=UTC))]


def column_length(model: Any, name: str) -> int:
    """The max_length of a model's CharField, for the schema field that feeds it (so the two cannot drift)."""
    return model._meta.get_field(name).max_length


class In(Schema):
    """Base for request bodies: unknown fields are refused, not silently dropped."""

    model_config = ConfigDict(extra="forbid")

    @field_validator("*", mode="before")
    @classmethod
    def _not_a_number(cls, value: Any, info: ValidationInfo) -> Any:
        field = cls.model_fields.get(info.field_name or "")
        error = _NO_NUMBERS.get(_plain_type(field.annotation)) if field else None
        if error and _is_number(value, error):
            raise PydanticKnownError(error)
        return value

    @field_validator("*")
    @classmethod
    def _storable(cls, value: Any) -> Any:
        # Refuse, naming the field, what no column can hold (PostgreSQL rejects NUL in text, SQLite
        # overflows past 64 bits) rather than let the query fail with a server error.
        _refuse_unstorable(value)
        return value

    @model_validator(mode="wrap")
    @classmethod
    def _fits_its_column(cls, data: Any, handler: Any) -> Any:
        # Field validators may normalise a value after its max_length was checked ("ß".upper() is "SS");
        # check again so it still fits the column (PostgreSQL refuses an over-long value with a server error).
        validated = handler(data)
        errors: list[InitErrorDetails] = []
        for name, field in type(validated).model_fields.items():
            value = getattr(validated, name)
            limits = [m.max_length for m in field.metadata if getattr(m, "max_length", None) is not None]
            if isinstance(value, str) and limits and len(value) > min(limits):
                errors.append(InitErrorDetails(type="string_too_long", loc=(field.alias or name,), input=value,
                                               ctx={"max_length": min(limits)}))
        if errors:
            raise ValidationError.from_exception_data(cls.__name__, errors)
        return validated


class PageOut(Schema, Generic[T]):
    items: list[T]
    next_cursor: str | None = Field(None, description="Pass as `cursor` for the next page; null on the last page.")


class OfficeOut(Schema):
    id: int
    code: str
    name: str
    kind: str
    country: str
    region: str | None = Field(None, description="Region code.")
    parent_id: int | None

    @staticmethod
    def resolve_region(obj: Any) -> str | None:
        return obj.region.code if obj.region_id else None


class MembershipOut(Schema):
    office_id: int
    office_code: str
    office_name: str
    role: str


class MeOut(Schema):
    id: int
    username: str
    name: str
    is_partner: bool
    partner_country: str | None
    partner_organisation: str | None
    memberships: list[MembershipOut]


class TokenIn(In):
    name: str = Field(..., min_length=1, max_length=100)
    expires_at: datetime | None = None


class TokenOut(Schema):
    id: int
    name: str
    prefix: str
    created_at: datetime
    expires_at: datetime | None
    last_used_at: datetime | None
    revoked_at: datetime | None


class TokenCreatedOut(TokenOut):
    token: str = Field(..., description="The secret; shown only in this response. Store it safely.")


class AuditEventOut(Schema):
    id: int
    at: datetime
    actor: str = Field(..., alias="actor_label")
    action: str
    object_type: str
    object_id: str
    office_id: int | None
    before: dict[str, Any] | None
    after: dict[str, Any] | None
    request_id: str
    client_ip: str | None


class CountryOut(Schema):
    code: str
    alpha_2: str
    name: str


class LanguageOut(Schema):
    code: str
    alpha_2: str | None
    name: str


class AirportOut(Schema):
    iata: str
    name: str
    city: str
    country: str
    tz: str


class AssistanceCodeOut(Schema):
    code: str
    meaning: str


class AirlineOut(Schema):
    id: int
    iata_code: str
    icao_code: str
    name: str
    country: str
    has_agreement: bool
    is_active: bool


class AirlineIn(In):
    iata_code: str = Field(..., min_length=2, max_length=2)
    icao_code: str = Field("", max_length=3)
    name: str = Field(..., min_length=1, max_length=120)
    country: str = Field(..., min_length=3, max_length=3)
    has_agreement: bool = False
    is_active: bool = True


class AirlinePatch(In):
    iata_code: str | None = Field(None, min_length=2, max_length=2)
    icao_code: str | None = Field(None, max_length=3)
    name: str | None = Field(None, min_length=1, max_length=120)
    country: str | None = Field(None, min_length=3, max_length=3)
    has_agreement: bool | None = None
    is_active: bool | None = None
