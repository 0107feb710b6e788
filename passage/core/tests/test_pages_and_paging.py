"""The home page per role, the health check, keyset paging, and bounded query counts."""

from __future__ import annotations

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from passage.core import audit
from passage.core.tests.factories import CaseFactory


@pytest.mark.django_db
def test_home_shows_each_office_with_the_users_roles_and_tasks(world, client):
    client.force_login(world.compliance_hq)
    page = client.get("/").content.decode()
    assert "Headquarters" in page and "Compliance officer" in page and 'href="/audit/"' in page
    client.force_login(world.caseworker_a)
    page = client.get("/").content.decode()
    assert "Kenya" in page and 'href="/audit/"' not in page and 'href="/cases/"' in page


@pytest.mark.django_db
def test_partner_home_names_the_organisation(world, client):
    client.force_login(world.partner_usa)
    page = client.get("/").content.decode()
    assert "Agency (USA)" in page


@pytest.mark.django_db
def test_health_check_reports_the_database(client):
    response = client.get("/healthz")
    assert response.status_code == 200 and response.json() == {"status": "ok", "database": connection.vendor}


@pytest.mark.django_db
def test_keyset_pages_cover_every_case_once(world, api_client):
    for _ in range(23):
        CaseFactory(office=world.office_a)
    client = api_client(world.caseworker_a)
    seen, cursor = [], None
    while True:
        url = "/api/v1/cases?limit=7" + (f"&cursor={cursor}" if cursor else "")
        body = client.get(url).json()
        seen += [c["number"] for c in body["items"]]
        cursor = body["next_cursor"]
        if not cursor:
            break
    assert len(seen) == len(set(seen)) == 25  # 23 + case_a + case_sub


def assert_bounded_queries(client, url: str, grow) -> None:
    """The query count of `url` must not grow with the number of rows shown."""
    with CaptureQueriesContext(connection) as small:
        assert client.get(url).status_code == 200
    grow()
    with CaptureQueriesContext(connection) as large:
        assert client.get(url).status_code == 200
    assert len(large) == len(small), f"{url}: {len(small)} queries for few rows, {len(large)} for many"


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/api/v1/cases?limit=200", "/api/v1/offices", "/api/v1/audit-events?limit=200"])
def test_api_lists_make_a_bounded_number_of_queries(world, api_client, url):
    client = api_client(world.compliance_hq)
    client.get(url)  # warm the per-process caches (reference data)

    assert_bounded_queries(client, url, lambda: _grow(world))


def _grow(world) -> None:
    """Thirty more cases with members and thirty more audit events, all in office B."""
    for i in range(30):
        case = CaseFactory(office=world.office_b, members=2)
        with transaction.atomic():
            audit.record(actor=world.caseworker_b, action="case.touch", obj=case, office=world.office_b,
                         after={"i": i})


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/cases/", "/audit/", "/"])
def test_pages_make_a_bounded_number_of_queries(world, client, url):
    client.force_login(world.compliance_hq)
    client.get(url)
    assert_bounded_queries(client, url, lambda: _grow(world))


@pytest.mark.django_db
def test_case_detail_lists_members_in_a_fixed_number_of_queries(world, api_client):
    small = CaseFactory(office=world.office_a, members=1)
    large = CaseFactory(office=world.office_a, members=9)
    client = api_client(world.caseworker_a)
    client.get(f"/api/v1/cases/{small.number}")
    with CaptureQueriesContext(connection) as one:
        client.get(f"/api/v1/cases/{small.number}")
    with CaptureQueriesContext(connection) as nine:
        body = client.get(f"/api/v1/cases/{large.number}").json()
    assert len(body["members"]) == 9 and len(one) == len(nine)
