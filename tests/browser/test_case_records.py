"""Browser journey on the case page: a caseworker marks a passport verified and a need resolved
(htmx swaps the row in place, announced to screen readers), then grants the exit permit with its
validity; the pages involved pass axe-core in English and Arabic."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from passage.registry import records
from passage.registry.models import Clearance, IdentityDocument, Vulnerability
from passage.registry.schemas import ClearanceIn
from tests.browser.helpers import choose_language, describe_violations, run_axe, sign_in

pytestmark = [pytest.mark.browser]


def _records(world):
    person = world.case_a.members.order_by("id").first().person
    document = IdentityDocument.objects.create(person=person, kind="passport", number="P5550001",
                                               issuing_country="SOM")
    need = Vulnerability.objects.create(person=person, code="mobility")
    permit = records.record_clearance(actor=world.caseworker_a, case=world.case_a,
                                      data=ClearanceIn(kind="exit_permit", status="pending"))
    return document, need, permit


def test_verify_resolve_and_grant_from_the_case_page(page: Page, world):
    document, need, permit = _records(world)
    sign_in(page, "cw_a")
    page.goto(f"/cases/{world.case_a.number}/")

    page.get_by_role("button", name="Mark P5550001 verified").click()
    expect(page.locator(f"#document-{document.pk}")).to_contain_text("verified by cw_a")
    expect(page.locator(f"#document-{document.pk} [role=status]")).to_be_visible()

    page.get_by_role("button", name="Mark “Mobility impairment” resolved").click()
    expect(page.locator(f"#need-{need.pk}")).to_contain_text("resolved on")

    page.get_by_role("link", name="Change Exit permit").click()
    page.get_by_label("Status").select_option("granted")
    page.get_by_label("Reference (optional)").fill("EP-2026-31")
    page.get_by_label("Valid from").fill("2026-11-01")
    page.get_by_label("Valid until").fill("2027-03-01")
    page.get_by_role("button", name="Save").click()
    expect(page).to_have_url(f"/cases/{world.case_a.number}/")
    expect(page.get_by_role("table").nth(1)).to_contain_text("EP-2026-31")

    document.refresh_from_db()
    need.refresh_from_db()
    permit.refresh_from_db()
    assert document.verified_by == world.caseworker_a and need.resolved_on is not None
    assert permit.status == Clearance.Status.GRANTED and permit.reference == "EP-2026-31"


@pytest.mark.parametrize("language", ["en", "ar"])
def test_case_page_with_record_actions_and_clearance_form_are_accessible(axe_page: Page, world, language):
    _document, _need, permit = _records(world)
    page = axe_page
    sign_in(page, "cw_a")
    page.goto(f"/cases/{world.case_a.number}/")
    choose_language(page, language)
    violations = run_axe(page)
    assert not violations, describe_violations(violations)
    page.goto(f"/clearances/{permit.pk}/edit/")
    page.locator("#id_status").select_option("granted")
    page.locator("main form button[type=submit]").click()  # granted without a start date: an error
    expect(page.locator("#id_valid_from_error")).to_be_visible()
    violations = run_axe(page)
    assert not violations, describe_violations(violations)
