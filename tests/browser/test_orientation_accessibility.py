"""WCAG 2.1 A and AA checks on the trainer's pages (course, tablet attendance, planner, new course)
and the rule editor, in English and Arabic at tablet width."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from passage.core.models import Role
from passage.core.tests.factories import UserFactory
from passage.orientation import services
from passage.orientation.models import Audience, default_curriculum
from passage.orientation.schemas import CourseIn
from passage.readiness.models import ReadinessRule
from passage.readiness.rules import ensure_default_rules
from tests.browser.helpers import choose_language, sign_in
from tests.browser.test_accessibility import LANGUAGES, assert_accessible

pytestmark = [pytest.mark.browser]

PAGES = [
    ("course", "trainer_a", "/orientation/courses/{course}/"),
    ("attendance", "trainer_a", "/orientation/courses/{course}/attendance/"),
    ("planner", "trainer_a", "/orientation/planner/"),
    ("schedule a course", "trainer_a", "/orientation/courses/new/"),
    ("edit a readiness rule", "admin_a", "/readiness/rules/{rule}/"),
]


@pytest.fixture
def course(world):
    trainer = UserFactory(username="trainer_a", roles=[(world.office_a, Role.TRAINER)])
    UserFactory(username="admin_a", roles=[(world.office_a, Role.OFFICE_ADMIN)])
    ensure_default_rules()  # a browser test's database is flushed between tests
    today = timezone.localdate()
    course = services.create_course(actor=trainer, data=CourseIn(
        curriculum_id=default_curriculum(Audience.ADULTS).pk,
        office_id=world.office_a.pk, language="som", place="Kakuma",
        days=[today + dt.timedelta(days=i) for i in range(3)], trainer_ids=[trainer.pk]))
    services.enrol(actor=trainer, course=course, person=world.case_a.members.first().person)
    return course


@pytest.mark.parametrize(("language", "direction"), LANGUAGES, ids=[code for code, _ in LANGUAGES])
@pytest.mark.parametrize(("name", "username", "path"), PAGES, ids=[p[0] for p in PAGES])
def test_orientation_page_has_no_wcag_violations(axe_page: Page, world, course, name, username, path, language,
                                                 direction):
    page = axe_page
    sign_in(page, username)
    rule = ReadinessRule.objects.get(destination_country="USA")
    page.goto(path.format(course=course.pk, rule=rule.pk))
    choose_language(page, language)
    expect(page.locator("html")).to_have_attribute("dir", direction)
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    assert_accessible(page, f"the {name} page ({language}, 768px wide)")
