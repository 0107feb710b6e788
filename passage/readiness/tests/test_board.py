"""The readiness board and its API: sections, grouping by reason, links to act, scoping, query counts."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from passage.readiness.engine import recompute
from passage.readiness.models import ReadinessState
from passage.registry.models import Case, Clearance

J = "application/json"


def _clear(case, *, until_days=60, start_days=-10, skip=()):
    today = timezone.localdate()
    start = today + dt.timedelta(days=start_days)
    until = today + dt.timedelta(days=until_days)
    for kind in ("case_approval", "reception_assurance"):
        if kind not in skip:
            Clearance.objects.create(case=case, kind=kind, status="granted", valid_from=start)
    for member in case.members.all():
        for kind in ("security_check", "exit_permit", "visa", "health", "orientation"):
            if kind not in skip:
                Clearance.objects.create(case=case, person=member.person, kind=kind, status="granted",
                                         valid_from=start, valid_until=until)
    recompute([case.pk])


@pytest.fixture
def board_world(world):
    _clear(world.case_a, until_days=10)  # ready now, closing within 14 days
    _clear(world.case_sub, start_days=5)  # opens in five days
    _clear(world.case_b, skip=("exit_permit",))  # blocked: exit permits missing
    return world


@pytest.mark.django_db
def test_board_sections_for_an_office(board_world, client):
    client.force_login(board_world.caseworker_a)
    page = client.get("/readiness/?view=ready_now").content.decode()
    assert board_world.case_a.number in page and board_world.case_sub.number not in page
    assert board_world.case_b.number not in page  # another office
    assert f'href="/cases/{board_world.case_a.number}/"' in page
    soon = client.get("/readiness/?view=ready_soon").content.decode()
    assert board_world.case_sub.number in soon
    closing = client.get("/readiness/?view=closing").content.decode()
    assert board_world.case_a.number in closing


@pytest.mark.django_db
def test_blocked_cases_are_grouped_by_reason_and_link_to_where_to_act(board_world, client):
    client.force_login(board_world.caseworker_b)
    page = client.get("/readiness/?view=blocked").content.decode()
    assert "Exit permit: missing" in page
    assert f'href="/cases/{board_world.case_b.number}/#clearances"' in page
    assert "Caseworker" in page
    grouped = client.get("/readiness/?view=blocked&reason=exit_permit:missing").content.decode()
    assert board_world.case_b.number in grouped


@pytest.mark.django_db
def test_api_lists_by_view_with_cursor_and_bounded_queries(board_world, api_client):
    api = api_client(board_world.compliance_hq)
    body = api.get("/api/v1/readiness?view=blocked").json()
    assert [i["case_number"] for i in body["items"]] == [board_world.case_b.number]
    item = body["items"][0]
    assert item["reason"] == "exit_permit:missing"
    assert {(b["kind"], b["problem"], b["actor"]) for b in item["blockers"]} == {
        ("exit_permit", "missing", "caseworker")}
    first = api.get("/api/v1/readiness?limit=1").json()
    second = api.get(f"/api/v1/readiness?limit=1&cursor={first['next_cursor']}").json()
    assert first["items"][0]["case_number"] != second["items"][0]["case_number"]
    with CaptureQueriesContext(connection) as few:
        api.get("/api/v1/readiness?limit=1")
    with CaptureQueriesContext(connection) as many:
        api.get("/api/v1/readiness?limit=50")
    assert len(few) == len(many)


@pytest.mark.django_db
def test_api_is_scoped_like_cases(board_world, api_client):
    numbers = {i["case_number"] for i in api_client(board_world.caseworker_a).get("/api/v1/readiness").json()["items"]}
    assert numbers == {board_world.case_a.number, board_world.case_sub.number}
    partner = {i["case_number"] for i in api_client(board_world.partner_usa).get("/api/v1/readiness").json()["items"]}
    assert partner == {board_world.case_a.number, board_world.case_b.number}
    assert api_client(board_world.caseworker_a).get(
        f"/api/v1/cases/{board_world.case_b.number}/readiness").status_code == 404


@pytest.mark.django_db
def test_case_readiness_and_travel_check_api(board_world, api_client):
    api = api_client(board_world.caseworker_a)
    number = board_world.case_a.number
    state = api.get(f"/api/v1/cases/{number}/readiness").json()
    assert state["status"] == "ready"
    assert state["window_end"] == (timezone.localdate() + dt.timedelta(days=8)).isoformat()
    today = timezone.localdate()
    check = api.post(f"/api/v1/cases/{number}/travel-check", {
        "departure": today.isoformat(), "arrival": (today + dt.timedelta(days=1)).isoformat(),
        "transit_countries": ["QAT"]}, content_type=J).json()
    assert check["ok"] is False
    assert all("Transit waiver for QAT" in p for p in check["problems"])
    refused = api.post(f"/api/v1/cases/{number}/travel-check", {
        "departure": today.isoformat(), "arrival": (today - dt.timedelta(days=1)).isoformat()}, content_type=J)
    assert refused.status_code == 422 and refused.json()["errors"][0]["field"] == "arrival"


@pytest.mark.django_db
def test_inactive_cases_leave_the_board(board_world):
    Case.objects.filter(pk=board_world.case_a.pk).update(status="departed")
    recompute([board_world.case_a.pk])
    assert ReadinessState.objects.get(case=board_world.case_a).status == "inactive"


@pytest.mark.django_db
def test_home_offers_the_board_and_orientation_to_the_roles_that_use_them(world, client):
    from passage.core.models import Role
    from passage.core.tests.factories import UserFactory

    client.force_login(world.caseworker_a)
    home = client.get("/").content.decode()
    assert 'href="/readiness/"' in home and 'href="/readiness/rules/"' not in home
    client.force_login(UserFactory(roles=[(world.office_a, Role.TRAINER)]))
    home = client.get("/").content.decode()
    assert 'href="/orientation/"' in home and 'href="/orientation/planner/"' in home


@pytest.mark.django_db
def test_board_page_does_a_bounded_number_of_queries(board_world, client):
    from passage.core.tests.factories import CaseFactory

    client.force_login(board_world.compliance_hq)
    with CaptureQueriesContext(connection) as few:
        client.get("/readiness/?view=blocked")
    for _ in range(5):
        _clear(CaseFactory(office=board_world.office_b, members=2), skip=("visa",))
    with CaptureQueriesContext(connection) as many:
        response = client.get("/readiness/?view=blocked")
    assert response.content.decode().count("Visa (") >= 10
    assert len(few) == len(many)
