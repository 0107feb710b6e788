"""Rule sets as data: edited by administrators through the API and a page, checked, audited, and the
cases they govern recomputed."""

from __future__ import annotations

import pytest

from passage.core.models import AuditEvent, Role
from passage.core.tests.factories import UserFactory
from passage.readiness.models import ReadinessRule, ReadinessState

J = "application/json"


@pytest.mark.django_db
def test_seeded_rules_cover_the_main_destinations_and_a_fallback():
    keys = set(ReadinessRule.objects.values_list("destination_country", "programme"))
    assert {("USA", ""), ("CAN", ""), ("AUS", ""), ("GBR", ""), ("DEU", ""), ("", "")} <= keys
    usa = ReadinessRule.objects.get(destination_country="USA")
    orientation = next(r for r in usa.requirements if r["kind"] == "orientation")
    assert orientation["min_age"] == 15


@pytest.mark.django_db
def test_a_rule_naming_an_unknown_clearance_kind_is_refused_naming_the_field(world, api_client):
    api = api_client(world.sysadmin)
    response = api.post("/api/v1/readiness/rules", {
        "destination_country": "SWE", "requirements": [{"kind": "visa"}, {"kind": "vaccination"}]}, content_type=J)
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "requirements.1.kind"
    assert not ReadinessRule.objects.filter(destination_country="SWE").exists()


@pytest.mark.django_db
def test_administrator_adds_a_rule_and_governed_cases_are_recomputed(world, api_client):
    world.case_a.destination_country = "SWE"
    world.case_a.save()
    response = api_client(world.sysadmin).post("/api/v1/readiness/rules", {
        "destination_country": "swe", "requirements": [{"kind": "visa", "valid_on_arrival": True}],
        "notes": "Sweden"}, content_type=J)
    assert response.status_code == 201, response.content
    rule = ReadinessRule.objects.get(destination_country="SWE")
    assert AuditEvent.objects.filter(action="readiness_rule.create", object_id=str(rule.pk)).exists()
    state = ReadinessState.objects.get(case=world.case_a)
    assert {b["kind"] for b in state.blockers} == {"visa"}


@pytest.mark.django_db
def test_only_administrators_edit_rules(world, api_client):
    rule = ReadinessRule.objects.get(destination_country="USA")
    response = api_client(world.caseworker_a).put(f"/api/v1/readiness/rules/{rule.pk}", {
        "destination_country": "USA", "requirements": []}, content_type=J)
    assert response.status_code == 403
    admin = UserFactory(roles=[(world.office_a, Role.OFFICE_ADMIN)])
    response = api_client(admin).put(f"/api/v1/readiness/rules/{rule.pk}", {
        "destination_country": "USA", "requirements": [{"kind": "visa"}]}, content_type=J)
    assert response.status_code == 200
    assert [r["kind"] for r in response.json()["requirements"]] == ["visa"]


@pytest.mark.django_db
def test_the_fallback_rule_cannot_be_deleted(world, api_client):
    fallback = ReadinessRule.objects.get(destination_country="", programme="")
    response = api_client(world.sysadmin).delete(f"/api/v1/readiness/rules/{fallback.pk}")
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "destination_country"


@pytest.mark.django_db
def test_rule_page_shows_the_refusal_on_the_line_it_names(world, client):
    client.force_login(UserFactory(roles=[(world.office_a, Role.OFFICE_ADMIN)]))
    rule = ReadinessRule.objects.get(destination_country="USA")
    response = client.post(f"/readiness/rules/{rule.pk}/", {
        "destination_country": "USA", "programme": "", "travel_days": 2, "notes": "",
        "req_visa": "on", "per_visa": "case", "age_visa": "12", **{f"per_{k}": "member" for k in (
            "security_check", "case_approval", "exit_permit", "transit_waiver", "reception_assurance", "health",
            "orientation")}})
    assert response.status_code == 200
    form = response.context["form"]
    assert form.errors["age_visa"] == ["Only a requirement per member has a minimum age."]
    page = client.get("/readiness/rules/").content.decode()
    assert "from age 15" in page and "any (fallback)" in page
    assert client.get("/readiness/rules/new/").status_code == 200


@pytest.mark.django_db
def test_rule_page_saves_a_rule(world, client):
    client.force_login(UserFactory(roles=[(world.office_a, Role.OFFICE_ADMIN)]))
    per = {f"per_{k}": "member" for k in ("security_check", "case_approval", "exit_permit", "visa", "transit_waiver",
                                            "reception_assurance", "health", "orientation")}
    response = client.post("/readiness/rules/new/", {"destination_country": "NOR", "programme": "", "travel_days": 2,
                                                     "notes": "", "req_visa": "on", "arrival_visa": "on", **per})
    assert response.status_code == 302
    rule = ReadinessRule.objects.get(destination_country="NOR")
    assert rule.requirements == [{"kind": "visa", "per": "member", "min_age": None, "valid_on_arrival": True}]
    client.force_login(world.caseworker_a)
    assert client.get("/readiness/rules/new/").status_code == 404
