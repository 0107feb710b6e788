"""Scoping, partner suppression, the dashboard page and every export format."""

from __future__ import annotations

import csv
import datetime as dt
import io

import hxl
from openpyxl import load_workbook
from pypdf import PdfReader

from passage.core.models import AuditEvent, Role
from passage.core.tests.factories import UserFactory
from passage.reports import figures
from passage.reports.selectors import Filters
from passage.reports.tests import recount

ALL = {"date_from": "2000-01-01", "date_to": "2030-12-31"}
ALL_TIME = Filters(date_from=dt.date(2000, 1, 1), date_to=dt.date(2030, 12, 31))


def test_an_office_sees_its_offices_and_headquarters_the_world(world, history):
    office_ids = {world.office_a.pk, world.sub_a.pk}
    mine = recount.count_by("office_id", where=lambda r: r["office_id"] in office_ids)
    assert figures.dashboard(world.caseworker_a, ALL_TIME)["totals"]["persons_moved"] == sum(mine.values())
    assert figures.dashboard(world.compliance_hq, ALL_TIME)["totals"]["persons_moved"] == len(
        recount.persons_moved())
    assert figures.dashboard(world.compliance_b, ALL_TIME)["totals"]["persons_moved"] == sum(
        recount.count_by("office_id", where=lambda r: r["office_id"] == world.office_b.pk).values())


def test_a_partner_sees_only_their_destination_with_small_cells_suppressed(world, history):
    data = figures.dashboard(world.partner_usa, ALL_TIME)
    usa = recount.count_by("nationality", where=lambda r: r["destination_country"] == "USA")
    assert {r.key for r in data["destination_countries"]} <= {"USA"}
    assert data["suppressed"]
    for row in data["nationalities"]:
        n = usa[(row.key,)]
        assert row.count == (None if n < 5 else n)


def test_the_dashboard_shows_figures_with_drill_down_links(world, history, client):
    client.force_login(world.compliance_hq)
    response = client.get("/reports/", {**ALL})
    assert response.status_code == 200
    body = response.content.decode()
    assert f'data-figure="persons_moved">{len(recount.persons_moved())}<' in body
    assert "destination=USA" in body and "<svg" in body
    region = client.get("/reports/", {**ALL, "region": "east_horn_africa"})
    kenya = sum(recount.count_by("departure_country", where=lambda r: r["departure_country"] == "KEN").values())
    assert f'data-figure="persons_moved">{kenya}<' in region.content.decode()
    bad = client.get("/reports/", {"date_from": "2026-05-01", "date_to": "2026-01-01"})
    assert "The end of the period comes before its start." in bad.content.decode()


def test_someone_without_a_role_is_refused(world, client):
    client.force_login(world.no_role)
    assert client.get("/reports/").status_code == 403


def test_hxl_export_parses_with_libhxl_and_matches_the_figures(world, history, client):
    client.force_login(world.compliance_hq)
    text = client.get("/reports/movements-hxl.csv", ALL).content.decode()
    data = hxl.data(hxl.input.make_input(io.BytesIO(text.encode()), hxl.input.InputOptions()))
    tags = data.display_tags
    assert "#country+code+dest" in tags and "#affected+f+age0_4" in tags and "#date+start" in tags
    rows = list(data)
    assert sum(int(r.get("#affected+total")) for r in rows) == len(recount.persons_moved())
    assert sum(int(r.get("#affected+m")) for r in rows) == sum(
        recount.count_by("sex", where=lambda r: r["sex"] == "M").values())


def test_partner_hxl_export_suppresses_small_cells(world, history, client):
    client.force_login(world.partner_usa)
    text = client.get("/reports/movements-hxl.csv", ALL).content.decode()
    data = hxl.data(hxl.input.make_input(io.BytesIO(text.encode()), hxl.input.InputOptions()))
    for row in data:
        assert row.get("#country+code+dest") == "USA"
        for value in row.values:
            assert value not in {"1", "2", "3", "4"}


def test_csv_and_xlsx_exports_hold_the_same_rows(world, history, client):
    client.force_login(world.compliance_hq)
    rows = list(csv.reader(io.StringIO(client.get("/reports/movements.csv", ALL).content.decode())))
    sheet = load_workbook(io.BytesIO(client.get("/reports/movements.xlsx", ALL).content)).active
    assert [[str(v) for v in r] for r in sheet.iter_rows(values_only=True)] == rows


def test_the_donor_summary_is_one_pdf_page(world, history, client):
    client.force_login(world.compliance_hq)
    response = client.get("/reports/summary.pdf", ALL)
    reader = PdfReader(io.BytesIO(response.content))
    assert len(reader.pages) == 1
    assert "Movement summary" in reader.pages[0].extract_text()


def test_the_row_level_export_streams_one_line_per_person_moved(world, history, client):
    im = UserFactory(username="im_hq", roles=[(world.hq, Role.INFORMATION_MANAGEMENT)])
    client.force_login(im)
    response = client.get("/reports/persons.csv", ALL)
    assert response.streaming
    lines = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert len(lines) - 1 == len(recount.persons_moved())
    assert AuditEvent.objects.filter(action="reports.export_persons", actor=im).exists()
    client.force_login(world.partner_usa)
    assert client.get("/reports/persons.csv", ALL).status_code == 403


def test_the_one_day_snapshot_page(world, history, client):
    client.force_login(world.compliance_hq)
    day = next(iter(recount.persons_moved().values()))["date"]
    response = client.get("/reports/day/", {"date": day.isoformat()})
    assert response.status_code == 200 and day.isoformat() in response.content.decode()
    assert "YYYY-MM-DD" in client.get("/reports/day/", {"date": "yesterday"}).content.decode()


def test_the_map_places_departures_and_destinations_with_their_counts_and_links(world, history, client):
    from collections import Counter

    from passage.reports import geo
    from passage.reports.tests import recount

    moved = list(recount.persons_moved().values())
    client.force_login(world.compliance_hq)
    response = client.get("/reports/map/", {"date_from": "2000-01-01", "date_to": "2030-12-31"})
    assert response.status_code == 200
    page = response.content.decode()
    destinations = Counter(r["destination_country"] for r in moved)
    departures = Counter(r["departure_country"] for r in moved)
    for code, n in destinations.items():
        name = figures.country_name(code)
        assert f'aria-label="{name}: {n} persons arrived"' in page
        assert f"destination={code}" in page
        assert geo.position(code) is not None
    for code, n in departures.items():
        assert f'aria-label="{figures.country_name(code)}: {n} persons departed"' in page
    flows = Counter((r["departure_country"], r["destination_country"]) for r in moved)
    data = figures.flows(world.compliance_hq, ALL_TIME)
    assert {(r.extra["departure"], r.extra["destination"]): r.count for r in data["flows"]} == dict(flows)
    # A partner sees only their country's arrivals, small counts suppressed.
    partner = figures.flows(world.partner_usa, ALL_TIME)
    assert {r.key for r in partner["destinations"]} <= {"USA"}
    assert all(r.count is None or r.count >= 5 for r in partner["departures"])
