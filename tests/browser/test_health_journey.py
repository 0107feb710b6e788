"""A medical officer's morning at the clinic: find a family member by case number, record the
assessment with an abnormal chest X-ray, the TB tests, the labs and vaccines the USA asks for, and
decide "fit with requirements: wheelchair". The caseworker then sees the requirement and the
health clearance but not the X-ray; the FHIR export is refused without consent and given with it.
The clinic screens pass axe-core in English and Arabic at tablet width."""

from __future__ import annotations

import pytest
from django.utils import timezone
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import Page, expect

from passage.core.models import Role
from passage.core.tests.factories import UserFactory
from passage.health.models import FitnessDecision
from tests.browser.helpers import choose_language, sign_in
from tests.browser.test_accessibility import assert_accessible

pytestmark = [pytest.mark.browser]


@pytest.fixture
def medical(world):
    user = UserFactory(username="med_a", roles=[(world.office_a, Role.MEDICAL_OFFICER)])
    return user, TOTPDevice.objects.create(user=user, name="app", confirmed=True)


def sign_in_medical(page: Page, medical) -> None:
    user, device = medical
    sign_in(page, user.username)
    code = totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits)
    page.locator("main form input[name=code]").fill(f"{code:06d}")
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()


def record(page: Page, form: str, fields: dict[str, str], *, selects: dict[str, str] | None = None,
           checks: tuple[str, ...] = ()) -> None:
    card = page.locator(f"#form-{form}")
    for label, value in (selects or {}).items():
        card.get_by_label(label, exact=True).select_option(value)
    for label, value in fields.items():
        card.get_by_label(label, exact=True).fill(value)
    for label in checks:
        card.get_by_label(label, exact=True).check()
    card.get_by_role("button", name="Save").click()
    expect(page.locator(".messages")).to_contain_text("Saved")


def test_clinic_records_an_assessment_and_the_case_shows_the_health_clearance(page: Page, world, medical):
    person = world.case_a.members.order_by("id").first().person
    today = timezone.now().date().isoformat()
    sign_in_medical(page, medical)
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Clinic").click()
    page.get_by_label("Case number or name").fill(world.case_a.number)
    page.get_by_label("Case number or name").press("Enter")
    page.get_by_role("link", name=person.full_name).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Health of {person.full_name}")

    record(page, "assessment", {"Clinic or assessment centre": "Nairobi MHAC", "Physician": "Dr. Otieno",
                                "Vital signs": "BP 120/80"}, selects={"Kind": "mha"})
    expect(page.locator("#health-clearance")).to_contain_text("Chest X-ray missing (required from age 15 for USA)")
    record(page, "xray", {"X-ray taken on": today, "Radiologist": "Dr. Kamau"}, selects={"Reading": "suggestive_tb"})
    for test in ("sputum_smear", "sputum_culture", "syphilis"):
        record(page, "lab", {"Specimen taken on": today, "Result on": today},
               selects={"Test": test, "Result": "negative"})
    for vaccine in ("mmr", "ipv", "dtp", "hepb"):
        record(page, "vaccination", {"Given on": today, "Lot number": "L7"}, selects={"Vaccine": vaccine})
    record(page, "fitness", {}, selects={"Fitness to travel": "fit_with_requirements"},
           checks=("Wheelchair to the aircraft (can climb steps)",))
    expect(page.locator("#health-clearance")).to_contain_text("Granted")
    expect(page.locator("#requirements")).to_contain_text("WCHR")
    assert FitnessDecision.objects.get(person=person).requirements == ["wchr"]

    fhir = f"/api/v1/health/persons/{person.pk}/fhir"
    refused = page.request.get(fhir)
    assert refused.status == 422 and refused.json()["errors"][0]["field"] == "consent"
    page.get_by_role("link", name="Consent to share health information").click()
    page.get_by_label("Purpose").select_option("health_authority")
    page.get_by_label("Given on").fill(today)
    page.locator("main form.card").get_by_role("button", name="Record consent").click()
    expect(page.locator(".messages")).to_contain_text("Consent recorded")
    given = page.request.get(fhir)
    assert given.status == 200 and given.headers["content-type"] == "application/fhir+json"
    assert any(e["resource"]["resourceType"] == "Immunization" for e in given.json()["entry"])

    page.context.clear_cookies()
    sign_in(page, "cw_a")
    page.goto(f"/cases/{world.case_a.number}/")
    expect(page.locator("main")).to_contain_text("Health clearance")
    page.goto(f"/health/persons/{person.pk}/")
    expect(page.locator("#requirements")).to_contain_text("WCHR")
    expect(page.locator("main")).not_to_contain_text("Chest X-ray")
    expect(page.locator("main")).not_to_contain_text("Suggestive of TB")


@pytest.mark.parametrize("language", ["en", "ar"])
def test_clinic_screens_have_no_wcag_violations(axe_page: Page, world, medical, language):
    page = axe_page
    person = world.case_a.members.order_by("id").first().person
    sign_in_medical(page, medical)
    page.goto(f"/health/clinic/?q={world.case_a.number}")
    choose_language(page, language)
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    assert_accessible(page, f"the clinic search ({language})")
    for path in (f"/health/persons/{person.pk}/", "/health/morbidity/"):
        page.goto(path)
        assert_accessible(page, f"{path} as a medical officer ({language})")
    page.goto(f"/health/persons/{person.pk}/")
    page.locator("#id_vaccination-given_on").fill("")
    page.locator("#form-vaccination").get_by_role("button").click()  # no date: an error on the field
    expect(page.locator("#id_vaccination-given_on")).to_have_attribute("aria-invalid", "true")
    assert_accessible(page, f"the vaccination form with an error ({language})")

