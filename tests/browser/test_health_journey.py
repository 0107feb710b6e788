"""A medical officer's morning at the clinic: find a family member by case number, record the
assessment with an abnormal chest X-ray, the TB tests, the labs and vaccines the USA asks for, and
decide "fit with requirements: wheelchair". The FHIR download on the health page is refused
without consent and, once consent is recorded, gives a Bundle that fhir.resources parses; the
caseworker then sees the requirement and the health clearance but not the X-ray. From the list of
pre-embarkation checks due, the medical officer opens a traveller and records the check. The
clinic screens pass axe-core in English and Arabic at tablet width."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from django.utils import timezone
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from fhir.resources.R4B.bundle import Bundle
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
    record(page, "lab", {"Specimen taken on": today, "Result on": today},
           selects={"Test": "syphilis", "Result": "negative"})
    # After the USA's own test, the abnormal X-ray asks for the TB tests.
    expect(page.locator("#health-clearance")).to_contain_text("Laboratory test missing: Sputum smear")
    for test in ("sputum_smear", "sputum_culture", "tb_molecular"):
        record(page, "lab", {"Specimen taken on": today, "Result on": today},
               selects={"Test": test, "Result": "negative"})
    for vaccine in ("mmr", "ipv", "dtp", "hepb"):
        record(page, "vaccination", {"Given on": today, "Lot number": "L7"}, selects={"Vaccine": vaccine})
    record(page, "fitness", {}, selects={"Fitness to travel": "fit_with_requirements"},
           checks=("Wheelchair to the aircraft (can climb steps)",))
    expect(page.locator("#health-clearance")).to_contain_text("Granted")
    expect(page.locator("#requirements")).to_contain_text("WCHR")
    assert FitnessDecision.objects.get(person=person).requirements == ["wchr"]

    # No consent yet: the export is refused, and the page says why.
    download = page.get_by_role("link", name="Download the health record (FHIR)")
    download.click()
    expect(page.locator(".messages")).to_contain_text(
        "FHIR export refused: The person has not given active consent to share their health record.")
    page.get_by_role("link", name="Consent to share health information").click()
    page.get_by_label("Purpose").select_option("health_authority")
    page.get_by_label("Given on").fill(today)
    page.locator("main form.card").get_by_role("button", name="Record consent").click()
    expect(page.locator(".messages")).to_contain_text("Consent recorded")
    page.get_by_role("link", name="Back to the health page").click()
    with page.expect_download() as started:
        download.click()
    saved = started.value
    assert saved.suggested_filename == f"health-record-{person.pk}.fhir.json"
    bundle = Bundle.model_validate_json(Path(saved.path()).read_bytes())
    resources = [entry.resource for entry in bundle.entry]
    assert {"Patient", "Encounter", "Observation", "Immunization", "Consent"} <= {
        r.get_resource_type() for r in resources}
    observations = [r for r in resources if r.get_resource_type() == "Observation"]
    assert any(o.code.text == "Chest X-ray" and o.valueCodeableConcept.coding[0].code == "suggestive_tb"
               for o in observations)

    page.context.clear_cookies()
    sign_in(page, "cw_a")
    page.goto(f"/cases/{world.case_a.number}/")
    expect(page.locator("main")).to_contain_text("Health clearance")
    page.goto(f"/health/persons/{person.pk}/")
    expect(page.locator("#requirements")).to_contain_text("Wheelchair to the aircraft (can climb steps)")
    expect(page.locator("#requirements")).to_contain_text("WCHR")
    expect(page.locator("main")).not_to_contain_text("Chest X-ray")
    expect(page.locator("main")).not_to_contain_text("Suggestive of TB")
    expect(page.get_by_role("link", name="Download the health record (FHIR)")).to_have_count(0)


def book_case_a(world, hours: int = 30):
    """Case A held on a Nairobi-New York flight leaving in `hours` (inside the USA's 72-hour window)."""
    from passage.core.models import Airline
    from passage.movements import services as movements

    # The live server's tests start from an emptied database, without the seeded airlines.
    Airline.objects.get_or_create(iata_code="KQ", defaults={"name": "Kenya Airways", "country": "KEN"})
    officer = UserFactory(username="mo_a", roles=[(world.office_a, Role.MOVEMENT_OFFICER)])
    departs = (timezone.now() + dt.timedelta(hours=hours)).replace(second=0, microsecond=0)
    leg = movements.create_leg(actor=officer, office=world.office_a, data=movements.LegInput(
        mode="air", carrier="KQ", number="102", departure_airport="NBO", arrival_airport="JFK",
        departure_local=departs, arrival_local=departs + dt.timedelta(hours=9), seats=20))
    movements.book_case(actor=officer, case=world.case_a, data=movements.BookingInput(leg_ids=[leg.pk]))
    return leg


def test_pre_embarkation_checks_due_are_done_from_the_list(page: Page, world, medical):
    book_case_a(world)
    person = world.case_a.members.order_by("id").first().person
    sign_in_medical(page, medical)
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Pre-embarkation checks").click()
    flight = page.locator("table.pre-embarkation")
    expect(flight.locator("caption")).to_contain_text("KQ102 NBO–JFK")
    expect(flight.locator("caption")).to_contain_text("3 due now")
    row = flight.locator(f"tr[data-person='{person.pk}']")
    expect(row.locator(".check-status")).to_have_text("Due now")
    row.get_by_role("link", name=person.full_name).click()
    expect(page.locator("#id_assessment-kind")).to_have_value("pec")
    record(page, "assessment", {"Clinic or assessment centre": "Airport clinic", "Physician": "Dr. Otieno",
                                "Vital signs": "BP 118/76"})
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Pre-embarkation checks").click()
    expect(row.locator(".check-status")).to_contain_text("Done")
    expect(flight.locator("caption")).to_contain_text("2 due now")


@pytest.mark.parametrize("language", ["en", "ar"])
def test_clinic_screens_have_no_wcag_violations(axe_page: Page, world, medical, language):
    page = axe_page
    person = world.case_a.members.order_by("id").first().person
    sign_in_medical(page, medical)
    page.goto(f"/health/clinic/?q={world.case_a.number}")
    choose_language(page, language)
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    assert_accessible(page, f"the clinic search ({language})")
    book_case_a(world)
    for path in (f"/health/persons/{person.pk}/", "/health/morbidity/", "/health/pre-embarkation/"):
        page.goto(path)
        assert_accessible(page, f"{path} as a medical officer ({language})")
    # The list narrowed to one office, chosen in the form; then an office outside the scope, refused on the field
    page.locator("#id_office").select_option(str(world.office_a.pk))
    page.locator("form.filters button[type=submit]").click()
    expect(page.locator("table.pre-embarkation")).to_have_count(1)
    assert_accessible(page, f"the pre-embarkation checks of one office ({language})")
    page.goto(f"/health/pre-embarkation/?office={world.office_b.pk}")
    expect(page.locator("#id_office")).to_have_attribute("aria-invalid", "true")
    assert_accessible(page, f"the pre-embarkation checks with an office refused ({language})")
    page.goto(f"/health/persons/{person.pk}/")
    page.locator("#id_vaccination-given_on").fill("")
    page.locator("#form-vaccination").get_by_role("button").click()  # no date: an error on the field
    expect(page.locator("#id_vaccination-given_on")).to_have_attribute("aria-invalid", "true")
    assert_accessible(page, f"the vaccination form with an error ({language})")

