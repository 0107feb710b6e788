"""The figures over the API: the same numbers as the recount, scoped, with refusals naming the field."""

from __future__ import annotations

from passage.reports.tests import recount

ALL = "date_from=2000-01-01&date_to=2030-12-31"


def test_figures_over_the_api_equal_the_recount(world, history, api_client):
    response = api_client(world.compliance_hq).get(f"/api/v1/reports/figures?{ALL}")
    assert response.status_code == 200
    body = response.json()
    assert body["totals"]["persons_moved"] == len(recount.persons_moved())
    assert body["totals"]["flight_sectors"] == recount.flight_sectors()
    assert sum(row["count"] for row in body["series"]) == len(recount.persons_moved())


def test_a_partner_gets_their_country_only_with_small_counts_null(world, history, api_client):
    body = api_client(world.partner_usa).get(f"/api/v1/reports/figures?{ALL}").json()
    assert body["suppressed"] is True
    assert {row["key"] for row in body["destination_countries"]} <= {"USA"}
    usa = recount.count_by("destination_country", where=lambda r: r["destination_country"] == "USA")
    total = usa[("USA",)]
    assert body["totals"]["persons_moved"] == (total if total >= 5 else None)


def test_a_reversed_period_is_refused_on_its_field(world, api_client):
    response = api_client(world.compliance_hq).get("/api/v1/reports/figures?date_from=2026-05-01&date_to=2026-01-01")
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "date_to"


def test_the_snapshot_over_the_api(world, history, api_client):
    day = next(iter(recount.persons_moved().values()))["date"]
    body = api_client(world.compliance_hq).get(f"/api/v1/reports/snapshot?date={day.isoformat()}").json()
    assert body["persons_moved"] == sum(1 for r in recount.persons_moved().values() if r["date"] == day)
