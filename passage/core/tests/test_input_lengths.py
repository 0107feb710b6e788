"""Every string a client sends is bounded and fits the column it is saved in: too long is refused naming the
field (problem+json 422), never a server error (PostgreSQL) nor a silently over-long value (SQLite)."""

from __future__ import annotations

import types
import typing

import pytest
from django.apps import apps
from django.db import models
from pydantic import BaseModel, ValidationError

from passage.api import api
from passage.registry.models import IdentityDocument
from passage.registry.tests.test_api_cases import register

J = "application/json"

# Request schemas whose name does not say the model they are saved into.
SAVED_INTO = {
    "MemberIn": "registry.Person", "DuplicateCheckIn": "registry.Person", "DocumentIn": "registry.IdentityDocument",
    "NoteIn": "registry.CaseNote", "ExpediteIn": "registry.ExpediteRequest", "TokenIn": "core.ApiToken",
    "RuleIn": "readiness.ReadinessRule", "EventIn": "movements.MovementEvent", "TicketNumberIn": "movements.PassengerLeg",
    "SeatIn": "movements.PassengerLeg", "TicketIn": "movements.Booking", "RebookIn": "movements.Booking",
    "ConfirmIn": "movements.Booking", "FitnessIn": "health.FitnessDecision",
}


def _request_schemas() -> set[type[BaseModel]]:
    """Every schema a request body (or form) of the API is read into, nested ones included."""
    found: set[type[BaseModel]] = set()

    def visit(annotation: typing.Any) -> None:
        if isinstance(annotation, type) and issubclass(annotation, BaseModel):
            if annotation not in found:
                found.add(annotation)
                for field in annotation.model_fields.values():
                    visit(field.annotation)
        for arg in typing.get_args(annotation):
            visit(arg)

    for _prefix, router in api._routers:
        for path_view in router.path_operations.values():
            for operation in path_view.operations:
                for params in operation.models:
                    if getattr(params, "__ninja_param_source__", None) in ("body", "form"):
                        for field in params.model_fields.values():
                            visit(field.annotation)
    return found


def _string_kind(annotation: typing.Any) -> str | None:
    members = typing.get_args(annotation) if typing.get_origin(annotation) in (typing.Union, types.UnionType) \
        else (annotation,)
    for member in members:
        if member is str:
            return "str"
        if typing.get_origin(member) is list and typing.get_args(member)[0] is str:
            return "list"
    return None


def _refused(schema: type[BaseModel], name: str, value: str, kind: str) -> bool:
    key = schema.model_fields[name].alias or name
    try:
        schema.model_validate({key: [value] if kind == "list" else value})
    except ValidationError as error:
        return any(e["loc"][:1] == (key,) for e in error.errors())
    return False


def test_the_walk_finds_the_request_schemas():
    names = {schema.__name__ for schema in _request_schemas()}
    assert {"PersonIn", "MemberIn", "CaseIn", "DocumentIn", "LegIn", "RuleIn", "RequirementIn", "TopicIn",
            "WebhookIn", "TokenIn", "AssessmentIn"} <= names


def test_every_string_of_every_request_body_is_bounded():
    unbounded = []
    for schema in _request_schemas():
        for name, field in schema.model_fields.items():
            kind = _string_kind(field.annotation)
            if kind and not _refused(schema, name, "x" * 100_001, kind):
                unbounded.append(f"{schema.__name__}.{name}")
    assert unbounded == []


def test_every_string_saved_into_a_column_is_refused_one_character_past_it():
    checked, too_long = 0, []
    models_by_name = {model.__name__: model for model in apps.get_models()}
    for schema in _request_schemas():
        label = SAVED_INTO.get(schema.__name__)
        model = apps.get_model(label) if label else \
            models_by_name.get(schema.__name__.removesuffix("In").removesuffix("Patch"))
        if model is None:
            continue
        columns = {f.name: f for f in model._meta.concrete_fields if isinstance(f, models.CharField) and f.max_length}
        for name, field in schema.model_fields.items():
            kind = _string_kind(field.annotation)
            if kind != "str" or name not in columns:
                continue
            checked += 1
            if not _refused(schema, name, "x" * (columns[name].max_length + 1), kind):
                too_long.append(f"{schema.__name__}.{name} > {model.__name__}.{name}")
    assert too_long == []
    assert checked > 100


@pytest.mark.django_db
def test_a_document_number_growing_past_its_column_when_normalised_is_refused_naming_the_field(world, api_client):
    client = api_client(world.caseworker_a)
    person = register(client, world.office_a).json()["case"]["members"][0]["person"]["id"]
    # 40 characters, the column's size, that upper-case to 80 ("ß" becomes "SS").
    response = client.post(f"/api/v1/persons/{person}/documents",
                           {"kind": "passport", "number": "ß" * 40, "issuing_country": "SOM"}, content_type=J)
    assert response.status_code == 422, response.content
    assert response["Content-Type"] == "application/problem+json"
    assert [e["field"] for e in response.json()["errors"]] == ["number"]
    assert not IdentityDocument.objects.filter(person_id=person).exists()


@pytest.mark.django_db
def test_an_alias_longer_than_a_name_is_refused_naming_it(world, api_client):
    client = api_client(world.caseworker_a)
    person = register(client, world.office_a).json()["case"]["members"][0]["person"]["id"]
    response = client.patch(f"/api/v1/persons/{person}", {"aliases": ["Amina", "x" * 101]}, content_type=J)
    assert response.status_code == 422
    assert [e["field"] for e in response.json()["errors"]] == ["aliases.1"]


@pytest.mark.django_db
@pytest.mark.parametrize(("url", "parameter"), [
    ("/api/v1/movements/legs?day_from=0", "day_from"),
    ("/api/v1/movements/board?day=86400", "day"),
    ("/api/v1/movements/arrivals?day_to=0", "day_to"),
    ("/api/v1/health/pre-embarkation-checks?day_to=0", "day_to"),
    ("/api/v1/reports/figures?date_from=0", "date_from"),
    ("/api/v1/reports/snapshot?date=0", "date"),
    ("/api/v1/audit-events?since=0", "since"),
    ("/api/v1/audit-events?until=1000000000", "until"),
])
def test_a_number_for_a_date_query_parameter_is_refused_naming_it(world, api_client, url, parameter):
    response = api_client(world.sysadmin).get(url)
    assert response.status_code == 422, response.content
    assert response["Content-Type"] == "application/problem+json"
    assert [(e["field"], e["location"]) for e in response.json()["errors"]] == [(parameter, "query")]


@pytest.mark.django_db
def test_an_iso_date_query_parameter_is_still_read(world, api_client):
    response = api_client(world.sysadmin).get("/api/v1/audit-events?since=2026-01-01T00:00:00Z&until=2026-12-31T23:59:59Z")
    assert response.status_code == 200


@pytest.mark.django_db
def test_a_numeric_string_for_a_date_in_a_body_is_refused(world, api_client):
    response = api_client(world.caseworker_a).post("/api/v1/tokens", {"name": "ci", "expires_at": "4102444800"},
                                                   content_type=J)
    assert response.status_code == 422
    assert [e["field"] for e in response.json()["errors"]] == ["expires_at"]
