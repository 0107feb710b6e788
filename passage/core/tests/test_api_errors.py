"""Every API error is an RFC 9457 problem document naming the bad fields; never an HTML page."""

from __future__ import annotations

import pytest

from passage.core.models import Airline

PROBLEM = "application/problem+json"


def _problem(response, status):
    assert response.status_code == status, response.content
    assert response["Content-Type"] == PROBLEM
    body = response.json()
    assert body["status"] == status and body["title"] and body["type"]
    return body


@pytest.mark.django_db
def test_401_without_credentials(client):
    body = _problem(client.get("/api/v1/cases"), 401)
    assert "Bearer" in body["detail"]


@pytest.mark.django_db
def test_401_with_an_unknown_token(client):
    _problem(client.get("/api/v1/me", headers={"Authorization": "Bearer psg_not-a-real-token"}), 401)


@pytest.mark.django_db
def test_403_when_role_does_not_allow(world, api_client):
    response = api_client(world.caseworker_a).post(
        "/api/v1/reference/airlines", {"iata_code": "ZZ", "name": "Test Air", "country": "KEN"},
        content_type="application/json",
    )
    _problem(response, 403)
    assert not Airline.objects.filter(iata_code="ZZ").exists()


@pytest.mark.django_db
def test_404_for_unknown_route_and_unknown_object(world, api_client):
    client = api_client(world.caseworker_a)
    _problem(client.get("/api/v1/no-such-thing"), 404)
    _problem(client.get("/api/v1/cases/KEN-1999-999999"), 404)


@pytest.mark.django_db
def test_405_names_the_allowed_methods(world, api_client):
    response = api_client(world.caseworker_a).put("/api/v1/me")
    body = _problem(response, 405)
    assert response["Allow"] == "GET" and "GET" in body["detail"]


@pytest.mark.django_db
def test_malformed_json_is_a_400(world, api_client):
    response = api_client(world.sysadmin).post(
        "/api/v1/reference/airlines", "{not json", content_type="application/json"
    )
    _problem(response, 400)


@pytest.mark.django_db
def test_422_names_each_bad_field_and_writes_nothing(world, api_client):
    response = api_client(world.sysadmin).post(
        "/api/v1/reference/airlines", {"iata_code": "TOOLONG", "country": "KEN", "colour": "blue"},
        content_type="application/json",
    )
    body = _problem(response, 422)
    fields = {e["field"] for e in body["errors"]}
    assert fields == {"iata_code", "name", "colour"}  # too long, missing, unknown
    assert all(e["detail"] for e in body["errors"])
    assert not Airline.objects.filter(name="").exists()


@pytest.mark.django_db
def test_business_rule_refusal_names_the_field(world, api_client):
    response = api_client(world.sysadmin).post(
        "/api/v1/reference/airlines", {"iata_code": "ZZ", "name": "Test Air", "country": "XXX"},
        content_type="application/json",
    )
    body = _problem(response, 422)
    assert body["errors"] == [{"field": "country", "detail": body["errors"][0]["detail"]}]
    assert "ISO 3166" in body["errors"][0]["detail"]


@pytest.mark.django_db
def test_wrong_query_types_and_oversized_pages_are_refused(world, api_client):
    client = api_client(world.caseworker_a)
    body = _problem(client.get("/api/v1/cases?limit=100000"), 422)
    assert body["errors"][0]["field"] == "limit" and body["errors"][0]["location"] == "query"
    body = _problem(client.get("/api/v1/cases?status=flying"), 422)
    assert body["errors"][0]["field"] == "status"


@pytest.mark.django_db
def test_bad_cursor_is_a_400_naming_the_cursor(world, api_client):
    body = _problem(api_client(world.caseworker_a).get("/api/v1/cases?cursor=%%%"), 400)
    assert body["errors"][0]["field"] == "cursor"


@pytest.mark.django_db
def test_500_is_a_problem_document_with_the_request_id(world, api_client, monkeypatch):
    from passage.registry import selectors

    def explode(**kwargs):
        raise RuntimeError("database on fire")

    monkeypatch.setattr(selectors, "cases_for", explode)
    response = api_client(world.caseworker_a).get("/api/v1/cases", headers={"X-Request-ID": "req-12345678"})
    body = _problem(response, 500)
    assert "req-12345678" in body["detail"]
    assert response["X-Request-ID"] == "req-12345678"


@pytest.mark.django_db
def test_csrf_is_required_for_session_writes(world):
    from django.test import Client

    browser = Client(enforce_csrf_checks=True)
    browser.force_login(world.caseworker_a)
    response = browser.post("/api/v1/tokens", {"name": "x"}, content_type="application/json")
    _problem(response, 403)


@pytest.mark.django_db
def test_a_nul_character_is_refused_naming_the_field_before_it_reaches_the_database(world, api_client):
    # PostgreSQL refuses NUL in text, so this once surfaced as a 500 there (SQLite stored it).
    client = api_client(world.caseworker_a)
    body = _problem(client.post("/api/v1/tokens", {"name": "sync\x00"}, content_type="application/json"), 422)
    assert [e["field"] for e in body["errors"]] == ["name"] and "NUL" in body["errors"][0]["detail"]
    assert not [t for t in client.get("/api/v1/tokens").json() if t["name"].startswith("sync")]


@pytest.mark.django_db
def test_the_document_declares_conflicts_and_file_fields_the_errors_use(client):
    schema = client.get("/api/v1/openapi.json").json()
    location = schema["components"]["schemas"]["Problem"]["properties"]["errors"]["items"]["properties"]["location"]
    assert "file" in location["enum"]
    expedite = schema["paths"]["/api/v1/cases/{number}/expedite"]["post"]["responses"]
    assert expedite["409"]["content"]["application/problem+json"]


@pytest.mark.django_db
def test_an_upload_without_its_file_names_the_file_field(world, api_client):
    body = _problem(api_client(world.caseworker_a).post("/api/v1/imports", {}), 422)
    assert {"field": "file", "location": "file", "detail": "Field required"} in body["errors"]


@pytest.mark.django_db
def test_a_nul_character_in_the_address_or_query_is_refused_not_a_server_error(world, api_client, client):
    # PostgreSQL refuses NUL in any text comparison: these were 500s on /cases, /exports and more.
    api = api_client(world.caseworker_a)
    body = _problem(api.get("/api/v1/cases", {"q": "a\x00b", "office": "CO-KEN"}), 422)
    assert body["errors"] == [{"field": "q", "location": "query", "detail": "The text must not contain a NUL character."}]
    _problem(api.get("/api/v1/cases/KEN-2024%00/notes"), 404)
    client.force_login(world.caseworker_a)
    assert client.get("/cases/", {"q": "\x00"}).status_code == 400


@pytest.mark.django_db
def test_a_number_is_not_read_as_a_date_or_a_boolean(world, api_client):
    # Pydantic's lax mode once read 0 as 1970-01-01 or false and stored it.
    client = api_client(world.sysadmin)
    response = client.post("/api/v1/tokens", {"name": "n", "expires_at": 4102444800}, content_type="application/json")
    assert [e["field"] for e in _problem(response, 422)["errors"]] == ["expires_at"]
    response = client.post("/api/v1/reference/airlines",
                           {"iata_code": "ZZ", "name": "Test Air", "country": "KEN", "is_active": 0},
                           content_type="application/json")
    assert [e["field"] for e in _problem(response, 422)["errors"]] == ["is_active"]
    assert not Airline.objects.filter(iata_code="ZZ").exists()
