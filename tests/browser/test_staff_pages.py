"""The office administrator's pages pass axe-core in English and Arabic: staff and roles, one
person's roles with the grant form (also showing an error), offices, projects and partner forms."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from passage.core.models import Role
from passage.core.tests.factories import UserFactory
from tests.browser.helpers import choose_language, describe_violations, run_axe, sign_in

pytestmark = [pytest.mark.browser]


@pytest.mark.parametrize("language", ["en", "ar"])
def test_office_admin_pages_are_accessible(axe_page: Page, world, language):
    UserFactory(username="admin_a", roles=[(world.office_a, Role.OFFICE_ADMIN)])
    page = axe_page
    sign_in(page, "admin_a")
    page.goto("/staff/")
    choose_language(page, language)
    for path in ("/staff/", f"/staff/{world.caseworker_a.pk}/", "/staff/offices/", "/projects/new/",
                 "/receiving-partners/new/"):
        page.goto(path)
        expect(page.get_by_role("heading", level=1)).to_be_visible()
        violations = run_axe(page)
        assert not violations, f"{path} ({language}):\n{describe_violations(violations)}"
    page.goto("/projects/new/")
    page.locator("main form button[type=submit]").click()  # code and name are required
    expect(page.locator("#id_code_error")).to_be_visible()
    violations = run_axe(page)
    assert not violations, f"project form with errors ({language}):\n{describe_violations(violations)}"


def test_office_admin_grants_a_role_in_the_browser(page: Page, world):
    UserFactory(username="admin_a", roles=[(world.office_a, Role.OFFICE_ADMIN)])
    sign_in(page, "admin_a")
    page.goto("/")
    page.get_by_role("link", name="Staff and roles").first.click()
    page.get_by_role("link", name="cw_a").click()
    page.get_by_label("Office").select_option(str(world.sub_a.pk))
    page.get_by_label("Role").select_option(Role.TRAINER)
    page.get_by_role("button", name="Grant role").click()
    expect(page.get_by_role("table")).to_contain_text("Trainer")
    assert world.caseworker_a.memberships.filter(office=world.sub_a, role=Role.TRAINER).exists()
