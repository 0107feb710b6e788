"""Lists answer in a fixed number of queries whatever the number of rows (DESIGN invariant 9)."""

from __future__ import annotations

from django.db import connection
from django.test.utils import CaptureQueriesContext

from passage.core.tests.factories import CaseFactory
from passage.movements.tests.conftest import local_day


def _queries(fn) -> int:
    with CaptureQueriesContext(connection) as captured:
        fn()
    return len(captured.captured_queries)


def _book_many(world, make_leg, held, n: int, start: int) -> None:
    for i in range(n):
        leg = make_leg("NBO", "AMM", "KQ", str(start + i), seats=5, day=local_day(3 + i))
        held(CaseFactory(office=world.office_a, members=2), [leg])


def test_list_endpoints_and_pages_do_a_fixed_number_of_queries(world, staff, make_leg, held, api_client, client):
    api = api_client(staff.mo_a)
    client.force_login(staff.mo_a)
    urls = ["/api/v1/movements/legs", "/api/v1/movements/bookings", "/api/v1/movements/board"]
    pages = ["/movements/legs/", f"/movements/board/?day={local_day(3)}"]
    _book_many(world, make_leg, held, 1, 100)
    api.get(urls[0])  # warm the token's first-use update
    few = [_queries(lambda u=u: api.get(u)) for u in urls] + [_queries(lambda p=p: client.get(p)) for p in pages]
    _book_many(world, make_leg, held, 6, 200)
    many = [_queries(lambda u=u: api.get(u)) for u in urls] + [_queries(lambda p=p: client.get(p)) for p in pages]
    assert many == few


def test_a_manifest_is_built_in_a_fixed_number_of_queries(world, make_leg, held):
    from passage.movements import manifests

    leg = make_leg("NBO", "JFK", "ET", "9001", dep="01:00", arr="08:00", seats=40)
    held(world.case_a, [leg])
    few = _queries(lambda: manifests.build(leg))
    for _ in range(5):
        held(CaseFactory(office=world.office_a, members=4), [leg])
    assert _queries(lambda: manifests.build(leg)) == few == 6  # with the health requirements
