"""WCAG 2.1 A and AA checks with axe-core on the main pages, at tablet width, in English and Arabic (RTL).

These tests use the `axe_page` fixture, which bypasses the Content-Security-Policy so that axe can be
injected (see tests/browser/conftest.py); test_content_security_policy.py checks the CSP itself.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.browser.helpers import broken_aria_references, choose_language, describe_violations, run_axe, sign_in

pytestmark = [pytest.mark.browser]

LANGUAGES = [("en", "ltr"), ("ar", "rtl")]
# (page, who signs in (None: nobody), path; "{case}" stands for a case number the user can see)
PAGES = [
    ("sign-in", None, "/login/"),
    ("home", "cw_a", "/"),
    ("case list", "cw_a", "/cases/"),
    ("case detail", "cw_a", "/cases/{case}/"),
    ("case detail with audit trail", "compliance_hq", "/cases/{case}/"),
    ("register a case", "cw_a", "/cases/new/"),
    ("change a case's status", "cw_a", "/cases/{case}/status/"),
    ("add a member", "cw_a", "/cases/{case}/members/add/"),
    ("record a clearance", "cw_a", "/cases/{case}/clearances/add/"),
    ("duplicates queue", "cw_a", "/duplicates/"),
    ("edit a case", "cw_a", "/cases/{case}/edit/"),
    ("projects", "cw_a", "/projects/"),
    ("receiving partners", "cw_a", "/receiving-partners/"),
    ("API tokens", "cw_a", "/account/tokens/"),
    ("audit trail", "compliance_hq", "/audit/"),  # compliance officers need no second factor
    # Health pages as staff see them; the medical officer's screens are in test_health_journey.py.
    ("health of a person", "cw_a", "/health/persons/{person}/"),
    ("health consent", "cw_a", "/health/persons/{person}/consent/"),
    ("health rules", "cw_a", "/health/rules/"),
    ("fitness board", "cw_a", "/health/fitness/"),
    ("readiness board", "cw_a", "/readiness/"),
    ("readiness board, blocked", "cw_a", "/readiness/?view=blocked"),
    ("readiness rules", "cw_a", "/readiness/rules/"),
    ("orientation courses", "cw_a", "/orientation/"),
    ("movement statistics", "compliance_hq", "/reports/"),
    ("one-day snapshot", "compliance_hq", "/reports/day/"),
    ("flight sectors by nationality, sex and age", "compliance_hq", "/reports/sectors/?date_from=2025-01-01&date_to=2026-12-31"),
    ("map of departures and destinations", "compliance_hq", "/reports/map/?date_from=2025-01-01&date_to=2026-12-31"),
]


def assert_accessible(page: Page, what: str) -> None:
    violations = run_axe(page)
    assert not violations, f"axe found WCAG violations on {what}:\n{describe_violations(violations)}"
    broken = broken_aria_references(page)
    assert not broken, f"ARIA attributes on {what} name ids that are not on the page: {broken}"


@pytest.mark.parametrize(("language", "direction"), LANGUAGES, ids=[code for code, _ in LANGUAGES])
@pytest.mark.parametrize(("name", "username", "path"), PAGES, ids=[p[0] for p in PAGES])
def test_page_has_no_wcag_violations(axe_page: Page, world, name, username, path, language, direction):
    page = axe_page
    if username:
        sign_in(page, username)
    page.goto(path.format(case=world.case_a.number, person=world.case_a.members.order_by("id").first().person_id))
    choose_language(page, language)
    expect(page.locator("html")).to_have_attribute("dir", direction)
    expect(page.locator("html")).to_have_attribute("lang", language)
    expect(page.get_by_role("heading", level=1)).to_be_visible()

    assert_accessible(page, f"the {name} page ({language}, 768px wide)")


@pytest.mark.parametrize(("language", "direction"), LANGUAGES, ids=[code for code, _ in LANGUAGES])
def test_forms_showing_errors_stay_accessible(axe_page: Page, world, language, direction):
    page = axe_page
    page.goto("/login/")
    choose_language(page, language)
    sign_in(page, "cw_a", password="not the password")
    expect(page.locator("html")).to_have_attribute("dir", direction)
    expect(page.get_by_role("alert")).to_be_visible()
    assert_accessible(page, f"the sign-in page after a wrong password ({language})")

    sign_in(page, "cw_a")
    page.goto("/account/tokens/")
    page.locator("main form").first.locator("button[type=submit]").click()  # the token name is required
    name = page.locator("#id_name")
    expect(name).to_have_attribute("aria-invalid", "true")
    expect(page.locator("#id_name_error")).to_be_visible()
    assert_accessible(page, f"the API tokens page with a form error ({language})")


@pytest.mark.parametrize(("language", "direction"), LANGUAGES, ids=[code for code, _ in LANGUAGES])
def test_register_form_showing_errors_stays_accessible(axe_page: Page, world, language, direction):
    page = axe_page
    sign_in(page, "cw_a")
    page.goto("/cases/new/")
    choose_language(page, language)
    page.locator("#id_members-0-given_name").fill("Abdi")
    page.locator("main form button.primary").click()  # no birth date, sex or nationality
    expect(page.locator("#id_members-0-date_of_birth")).to_have_attribute("aria-invalid", "true")
    expect(page.locator("#id_members-0-date_of_birth_error")).to_be_visible()
    assert_accessible(page, f"the register form with errors ({language})")
