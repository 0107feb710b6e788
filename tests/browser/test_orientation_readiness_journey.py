"""A trainer takes attendance for a three-day course by tapping names; the family's departure window
opens on the readiness board; letting the exit permit expire closes it and the board shows why."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from passage.core.models import Role
from passage.core.tests.factories import CaseFactory, PersonFactory, UserFactory
from passage.orientation import services
from passage.orientation.models import Audience, default_curriculum
from passage.orientation.schemas import CourseIn
from passage.readiness.rules import ensure_default_rules
from passage.registry import records
from passage.registry.models import CaseMember, Clearance
from passage.registry.schemas import ClearanceIn, ClearancePatch
from tests.browser.helpers import sign_in

pytestmark = [pytest.mark.browser]


@pytest.fixture
def family_and_course(world):
    ensure_default_rules()  # a browser test's database is flushed between tests
    today = timezone.localdate()
    trainer = UserFactory(username="trainer_a", first_name="Samuel", last_name="Otieno",
                          roles=[(world.office_a, Role.TRAINER)])
    case = CaseFactory(number="KEN-2026-000555", office=world.office_a, destination_country="USA")
    adults = []
    for relationship, name, born in (("PA", "Amina", dt.date(1985, 3, 1)), ("spouse", "Abdi", dt.date(1983, 6, 1))):
        person = PersonFactory(office=world.office_a, given_name=name, middle_name="", family_name="Yusuf",
                               date_of_birth=born, preferred_language="som")
        CaseMember.objects.create(case=case, person=person, relationship=relationship, joined_on=case.registered_on)
        adults.append(person)
    start, until = today - dt.timedelta(days=30), today + dt.timedelta(days=90)
    for kind in ("case_approval", "reception_assurance"):
        records.record_clearance(actor=world.caseworker_a, case=case,
                                 data=ClearanceIn(kind=kind, status="granted", valid_from=start))
    for person in adults:
        for kind in ("security_check", "exit_permit", "visa"):
            records.record_clearance(actor=world.caseworker_a, case=case, data=ClearanceIn(
                kind=kind, person_id=person.pk, status="granted", valid_from=start, valid_until=until))
        records.set_derived_clearance(actor=None, person=person, kind="health", status="granted", valid_from=start,
                                      valid_until=until)
    curriculum = default_curriculum(Audience.ADULTS)
    course = services.create_course(actor=trainer, data=CourseIn(
        curriculum_id=curriculum.pk, office_id=world.office_a.pk, language="som", place="Kakuma",
        days=[today - dt.timedelta(days=2), today - dt.timedelta(days=1), today], trainer_ids=[trainer.pk]))
    for person in adults:
        services.enrol(actor=trainer, course=course, person=person)
    return case, course, adults


def test_trainer_takes_attendance_and_the_window_opens_then_closes(page: Page, world, family_and_course):
    case, course, adults = family_and_course
    sign_in(page, "trainer_a")
    page.goto("/readiness/?view=blocked")
    expect(page.locator("main")).to_contain_text(case.number)
    expect(page.locator("main")).to_contain_text("Orientation (Amina Yusuf): pending")

    page.goto("/orientation/")
    page.get_by_role("link", name="Take attendance").first.click()
    for number in (1, 2, 3):
        page.get_by_role("navigation", name="Course days").get_by_role("link", name=f"Day {number}").click()
        for person in adults:
            button = page.get_by_role("button", name=person.full_name)
            expect(button).to_have_attribute("aria-pressed", "false")
            button.click()
            expect(page.get_by_role("button", name=person.full_name)).to_have_attribute("aria-pressed", "true")

    page.goto("/readiness/?view=ready_now")
    board = page.locator("main table")
    expect(board).to_contain_text(case.number)
    row = board.get_by_role("row").filter(has_text=case.number)
    expect(row).to_contain_text(timezone.localdate().isoformat())  # the window opens on completion day

    # Time passes: the exit permit of Abdi runs out yesterday.
    permit = Clearance.objects.get(case=case, person=adults[1], kind="exit_permit")
    records.update_clearance(actor=world.caseworker_a, clearance=permit,
                             data=ClearancePatch(valid_until=timezone.localdate() - dt.timedelta(days=1)))
    page.reload()
    expect(page.locator("main table")).not_to_contain_text(case.number)
    page.get_by_role("link", name="Blocked").click()
    expect(page.locator("main")).to_contain_text("Exit permit: expired")
    page.get_by_role("link", name="Exit permit: expired").click()
    row = page.locator("main table").get_by_role("row").filter(has_text=case.number)
    expect(row).to_contain_text("Exit permit (Abdi Yusuf): expired")
    expect(row.get_by_role("link", name="Exit permit (Abdi Yusuf): expired")).to_have_attribute(
        "href", f"/cases/{case.number}/#clearances")
