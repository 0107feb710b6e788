"""Scoped access: every API route and page answers 404 for another office's objects, and lists
show only the caller's offices (a partner: only their receiving country)."""

from __future__ import annotations

import re

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

from passage.core import services
from passage.core.models import Airline
from passage.core.scoping import scope_for


def _routes(resolver=None, prefix=""):
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            yield from _routes(entry, prefix + str(entry.pattern))
        elif isinstance(entry, URLPattern):
            yield prefix + str(entry.pattern), entry


def _objects_of_office_b(world):
    """For each path parameter, a value that names an object of office B or of another user."""
    from passage.movements.tests.scoping import objects_of_office_b
    from passage.registry.models import (
        Clearance,
        ExpediteRequest,
        IdentityDocument,
        ImportJob,
        Project,
        ReceivingPartner,
        Vulnerability,
    )

    other_token = services.create_api_token(actor=world.caseworker_b, name="b's token").token
    person_b = world.case_b.members.first().person
    return {
        "office_id": world.office_b.pk,
        "number": world.case_b.number,
        "token_id": other_token.pk,
        "person_id": person_b.pk,
        "clearance_id": Clearance.objects.create(case=world.case_b, kind="exit_permit").pk,
        "request_id": ExpediteRequest.objects.create(case=world.case_b, requested_priority="urgent", reason="medical",
                                                     requested_by=world.caseworker_b).pk,
        "document_id": IdentityDocument.objects.create(person=person_b, kind="passport", number="B123",
                                                       issuing_country="JOR").pk,
        "vulnerability_id": Vulnerability.objects.create(person=person_b, code="mobility").pk,
        "candidate_id": _duplicate_pair_of_office_b(world).pk,
        "job_id": ImportJob.objects.create(office=world.office_b, uploaded_by=world.caseworker_b, filename="b.csv").pk,
        **objects_of_office_b(world),
        "course_id": _course_of_office_b(world).pk,
        "staff_user_id": world.caseworker_b.pk,
        "membership_id": world.caseworker_b.memberships.get().pk,
        "project_id": Project.objects.create(code="JOR-B", name="B's project", office=world.office_b).pk,
        "receiving_partner_id": ReceivingPartner.objects.create(name="B's partner", kind="agency", country="USA",
                                                                office=world.office_b).pk,
    }


def _course_of_office_b(world):
    from passage.orientation.models import Course, Curriculum

    return Course.objects.create(curriculum=Curriculum.objects.first(), office=world.office_b, language="ara",
                                 place="Amman", days=["2027-01-04"], start_date="2027-01-04", end_date="2027-01-04")


def _duplicate_pair_of_office_b(world):
    from passage.registry.models import DuplicateCandidate

    a, b = sorted(world.case_b.members.values_list("person_id", flat=True))
    return DuplicateCandidate.objects.create(person_a_id=a, person_b_id=b, score=0.9, reasons=["Same names"])


def _missing(name: str) -> str:
    return "XXX-1999-000000" if name == "number" else "999999999"


# Routes whose path parameter names global reference data, readable by every signed-in user.
GLOBAL_ROUTES = {"api/v1/reference/airlines/<airline_id>", "reference/airlines/<airline_id>/",
                 "api/v1/health/rules/<destination>",
                 # Readiness rule sets are reference data (per destination), not an office's.
                 "api/v1/readiness/rules/<rule_id>", "readiness/rules/<rule_id>/", "readiness/rules/<rule_id>/delete/"}


@pytest.mark.django_db
def test_every_route_with_an_object_answers_404_for_another_offices_object(world, api_client, client):
    values = _objects_of_office_b(world)
    client.force_login(world.caseworker_a)
    api = api_client(world.caseworker_a)
    checked = 0
    for route, _pattern in _routes():
        params = re.findall(r"<(?:\w+:)?(\w+)>", route)
        if not params or re.sub(r"<\w+:", "<", route) in GLOBAL_ROUTES:
            continue
        missing = [p for p in params if p not in values]
        assert not missing, f"route {route} has parameters {missing} that this test does not know: add them"
        url = "/" + re.sub(r"<(?:\w+:)?(\w+)>", lambda m: str(values[m.group(1)]), route)
        for method in ("get", "post", "patch", "delete"):
            caller = api if url.startswith("/api/") else client
            response = getattr(caller, method)(url, content_type="application/json")
            if response.status_code == 405:
                continue
            if response.status_code == 422:
                # The body was refused before any lookup: fine as long as a missing object gets the very
                # same answer, so the reply says nothing about whether the object exists.
                missing_url = "/" + re.sub(r"<(?:\w+:)?(\w+)>", lambda m: _missing(m.group(1)), route)
                twin = getattr(caller, method)(missing_url, content_type="application/json")
                assert (twin.status_code, twin.json()["errors"]) == (422, response.json()["errors"]), url
                checked += 1
                continue
            assert response.status_code == 404, f"{method.upper()} {url} answered {response.status_code}"
            if url.startswith("/api/"):
                assert response["Content-Type"] == "application/problem+json"
            body = response.content.decode()
            assert world.case_b.number not in body or "number" in route
            checked += 1
    assert checked >= 5, "the walk must have reached the object routes"


@pytest.mark.django_db
def test_case_list_shows_only_own_offices_and_sub_offices(world, api_client):
    numbers = {c["number"] for c in api_client(world.caseworker_a).get("/api/v1/cases").json()["items"]}
    assert numbers == {world.case_a.number, world.case_sub.number}


@pytest.mark.django_db
def test_headquarters_membership_sees_the_world(world, api_client):
    numbers = {c["number"] for c in api_client(world.compliance_hq).get("/api/v1/cases").json()["items"]}
    assert numbers == {world.case_a.number, world.case_sub.number, world.case_b.number}


@pytest.mark.django_db
def test_partner_sees_only_cases_bound_for_their_country(world, api_client):
    client = api_client(world.partner_usa)
    numbers = {c["number"] for c in client.get("/api/v1/cases").json()["items"]}
    assert numbers == {world.case_a.number, world.case_b.number}
    assert client.get(f"/api/v1/cases/{world.case_sub.number}").status_code == 404
    assert client.get("/api/v1/offices").json()["items"] == []


@pytest.mark.django_db
def test_user_without_a_role_sees_nothing(world, api_client, client):
    assert api_client(world.no_role).get("/api/v1/cases").json()["items"] == []
    client.force_login(world.no_role)
    assert client.get(f"/cases/{world.case_a.number}/").status_code == 404


@pytest.mark.django_db
def test_case_pages_are_scoped(world, client):
    client.force_login(world.caseworker_b)
    listing = client.get("/cases/").content.decode()
    assert world.case_b.number in listing and world.case_a.number not in listing
    assert client.get(f"/cases/{world.case_b.number}/").status_code == 200
    assert client.get(f"/cases/{world.case_a.number}/").status_code == 404


@pytest.mark.django_db
def test_inactive_user_scope_is_empty(world):
    world.caseworker_a.is_active = False
    assert scope_for(world.caseworker_a).office_ids == frozenset()


@pytest.mark.django_db
def test_reference_airlines_are_readable_by_every_signed_in_user(world, api_client):
    airline = Airline.objects.get(iata_code="KQ")
    response = api_client(world.partner_usa).get("/api/v1/reference/airlines")
    assert response.status_code == 200
    assert airline.name in {a["name"] for a in response.json()}
