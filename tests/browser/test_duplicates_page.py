"""The duplicate review queue with a pair on it: accessible in English and Arabic, and a merge by keyboard."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from passage.registry.models import DuplicateCandidate, Person
from tests.browser.helpers import broken_aria_references, choose_language, describe_violations, run_axe, sign_in

pytestmark = [pytest.mark.browser]


def _pair(world) -> DuplicateCandidate:
    from passage.core.tests.factories import CaseFactory

    other = CaseFactory(office=world.office_a, members=1)
    a = world.case_a.members.get(relationship="PA").person
    b = other.members.get().person
    x, y = sorted((a.pk, b.pk))
    return DuplicateCandidate.objects.create(person_a_id=x, person_b_id=y, score=0.93,
                                             reasons=["Same names", "Same date of birth"])


@pytest.mark.parametrize("language", ["en", "ar"])
def test_queue_with_a_pair_is_accessible_and_merges(axe_page: Page, world, language):
    candidate = _pair(world)
    page = axe_page
    sign_in(page, "cw_a")
    page.goto("/duplicates/")
    choose_language(page, language)
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    violations = run_axe(page)
    assert not violations, describe_violations(violations)
    assert not broken_aria_references(page)
    page.locator(f"#survivor-{candidate.pk}-a").check()
    page.locator(f"form[action$='/{candidate.pk}/merge/'] button[type=submit]").click()
    expect(page.locator(".messages")).to_be_visible()
    assert Person.objects.get(pk=candidate.person_b_id).merged_into_id == candidate.person_a_id
