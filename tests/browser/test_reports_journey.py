"""Information management's figures for a donor: filter the dashboard to one region and a month,
drill down to a destination by clicking its bar, and download the figures as HXL."""

from __future__ import annotations

import calendar
import io
import re
from collections import Counter

import hxl
import pytest
from playwright.sync_api import Page, expect

from passage.reports.tests import recount
from passage.reports.tests.conftest import random_history
from tests.browser.helpers import sign_in

pytestmark = [pytest.mark.browser]


def test_filter_to_a_region_and_month_drill_into_a_destination_and_export_hxl(page: Page, world):
    random_history(world, seed=5)
    moved = [r for r in recount.persons_moved().values() if r["departure_country"] == "KEN"]
    month = Counter(r["date"].strftime("%Y-%m") for r in moved).most_common(1)[0][0]
    year, number = map(int, month.split("-"))
    start, end = f"{month}-01", f"{month}-{calendar.monthrange(year, number)[1]:02d}"
    in_month = [r for r in moved if start <= r["date"].isoformat() <= end]

    sign_in(page, "compliance_hq")
    page.goto("/reports/")
    page.get_by_label("Region of departure").select_option("east_horn_africa")
    page.get_by_label("From", exact=True).fill(start)
    page.get_by_label("To", exact=True).fill(end)
    page.get_by_role("button", name="Show figures").click()
    expect(page.locator("[data-figure=persons_moved]")).to_have_text(str(len(in_month)))
    expect(page).to_have_url(re.compile(r"region=east_horn_africa"))

    top = Counter(r["destination_country"] for r in in_month).most_common(1)[0][0]
    page.locator(f'#destinations-title ~ .table-wrap svg a[href*="destination={top}"]').click()
    expect(page.locator("[data-figure=persons_moved]")).to_have_text(
        str(sum(1 for r in in_month if r["destination_country"] == top)))
    assert f"destination={top}" in page.url and "region=east_horn_africa" in page.url

    with page.expect_download() as download_info:
        page.get_by_role("link", name="HXL-tagged CSV").click()
    content = open(download_info.value.path(), "rb").read()  # noqa: SIM115 (Playwright's temporary file)
    data = hxl.data(hxl.input.make_input(io.BytesIO(content), hxl.input.InputOptions()))
    rows = list(data)
    assert {r.get("#country+code+dest") for r in rows} == {top}
    assert {r.get("#date+start") for r in rows} == {start}
    assert sum(int(r.get("#affected+total")) for r in rows) == sum(
        1 for r in in_month if r["destination_country"] == top)


@pytest.mark.parametrize(("language", "direction"), [("en", "ltr"), ("ar", "rtl")])
def test_the_dashboard_with_charts_and_a_partner_view_are_accessible(axe_page: Page, world, language, direction):
    from tests.browser.helpers import broken_aria_references, choose_language, describe_violations, run_axe

    random_history(world, seed=5)
    for username in ("compliance_hq", "partner_usa"):
        axe_page.context.clear_cookies()
        sign_in(axe_page, username)
        for path in ("/reports/", "/reports/map/", "/reports/sectors/"):
            axe_page.goto(f"{path}?date_from=2025-01-01&date_to=2026-12-31")
            choose_language(axe_page, language)
            expect(axe_page.locator("html")).to_have_attribute("dir", direction)
            for details in axe_page.locator("details").all():
                details.evaluate("node => node.open = true")
            violations = run_axe(axe_page)
            assert not violations, f"{path}: {describe_violations(violations)}"
            assert not broken_aria_references(axe_page)


def test_clicking_a_destination_on_the_map_drills_down_to_its_figures(page: Page, world):
    random_history(world, seed=6)
    moved = list(recount.persons_moved().values())
    top = Counter(r["destination_country"] for r in moved).most_common(1)[0][0]
    sign_in(page, "compliance_hq")
    page.goto("/reports/")
    page.get_by_label("From", exact=True).fill("2025-01-01")
    page.get_by_label("To", exact=True).fill("2026-12-31")
    page.get_by_role("button", name="Show figures").click()
    expect(page).to_have_url(re.compile(r"date_from=2025-01-01"))
    expect(page.get_by_role("link", name="Map of departures and destinations")).to_have_attribute(
        "href", re.compile(r"date_from=2025-01-01"))
    page.get_by_role("link", name="Map of departures and destinations").click()
    circle = page.locator(f'svg a[href*="destination={top}"]')
    expect(circle).to_have_attribute("aria-label", re.compile(
        rf": {sum(1 for r in moved if r['destination_country'] == top)} persons arrived$"))
    circle.click()
    expect(page.locator("[data-figure=persons_moved]")).to_have_text(
        str(sum(1 for r in moved if r["destination_country"] == top)))
    assert f"destination={top}" in page.url and "date_from=2025-01-01" in page.url
