"""A caseworker's day with one family: register the four of them (one was registered before, and
the form says so), add a passport, record an exit permit, and move the case to approved."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from passage.registry import services
from passage.registry.models import Case, IdentityDocument
from passage.registry.schemas import CaseIn
from tests.browser.helpers import sign_in

pytestmark = [pytest.mark.browser]

FAMILY = [
    {"relationship": "PA", "given_name": "Abdirahman", "middle_name": "Hassan", "family_name": "Warsame", "sex": "M",
     "date_of_birth": "1984-03-15"},
    {"relationship": "spouse", "given_name": "Hodan", "middle_name": "Ali", "family_name": "Farah", "sex": "F",
     "date_of_birth": "1988-05-12"},
    {"relationship": "child", "given_name": "Ayaan", "middle_name": "Abdirahman", "family_name": "Warsame", "sex": "F",
     "date_of_birth": "2012-09-03"},
    {"relationship": "child", "given_name": "Liban", "middle_name": "Abdirahman", "family_name": "Warsame", "sex": "M",
     "date_of_birth": "2016-02-20"},
]


def fill_member(page: Page, number: int, member: dict) -> None:
    row = page.locator(f"#member-{number}")
    row.get_by_label("Relationship to the principal applicant").select_option(member["relationship"])
    row.get_by_label("Given name", exact=True).fill(member["given_name"])
    row.get_by_label("Middle name or father's name").fill(member["middle_name"])
    row.get_by_label("Family name", exact=True).fill(member["family_name"])
    row.get_by_label("Sex").select_option(member["sex"])
    row.get_by_label("Date of birth", exact=True).fill(member["date_of_birth"])
    row.get_by_label("Nationality").fill("SOM")


@pytest.fixture
def earlier_registration(world):
    """Hodan was registered last year on her own, in the same office."""
    return services.register_case(actor=world.caseworker_a, data=CaseIn(
        office_id=world.office_a.pk, programme="resettlement", destination_country="USA",
        members=[{**FAMILY[1], "relationship": "PA", "nationality": "SOM"}])).case


def test_register_a_family_add_a_passport_record_an_exit_permit_and_approve(page: Page, world, earlier_registration):
    sign_in(page, "cw_a")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Cases").click()
    page.locator("main").get_by_role("link", name="Register a case").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Register a case")

    page.get_by_label("Office").select_option(str(world.office_a.pk))
    page.get_by_label("Destination country").select_option("USA")
    fill_member(page, 1, FAMILY[0])
    for number, member in enumerate(FAMILY[1:], start=2):
        page.get_by_role("button", name="Add another member").click()
        expect(page.locator(f"#member-{number}")).to_be_visible()
        fill_member(page, number, member)
    expect(page.locator("#member-1").get_by_label("Given name", exact=True)).to_have_value("Abdirahman")

    page.get_by_role("button", name="Check and save").click()

    # Hodan is already registered: the form says so on her row, and nothing is saved yet.
    warning = page.locator("#member-2 .duplicates")
    expect(warning).to_contain_text("Possible duplicates")
    expect(warning).to_contain_text("Hodan Ali Farah")
    expect(page.locator("#member-1 .duplicates")).to_have_count(0)
    assert Case.objects.count() == 4  # three of the world and Hodan's earlier case
    page.get_by_label("these are different people").check()
    page.get_by_role("button", name="Save", exact=True).click()

    expect(page).to_have_url(re.compile(r"/cases/KEN-\d{4}-\d{6}/$"))
    expect(page.get_by_role("status")).to_contain_text("registered with 4 members")
    number = page.url.rstrip("/").rsplit("/", 1)[-1]
    members = page.get_by_role("table").first
    for member in FAMILY:
        expect(members).to_contain_text(f"{member['given_name']} {member['middle_name']} {member['family_name']}")

    page.get_by_role("link", name="Add a document for Abdirahman").click()
    expect(page.get_by_label("Member")).to_have_value(re.compile(r"\d+"))
    page.get_by_label("Document type").select_option("passport")
    page.get_by_label("Document number").fill("P 0123456")
    page.get_by_label("Issuing country").select_option("SOM")
    page.get_by_label("Expires on (optional)").fill("2034-01-09")
    page.get_by_role("button", name="Save document").click()
    expect(page.get_by_role("status")).to_contain_text("Passport P0123456 recorded for Abdirahman Hassan Warsame")
    expect(members).to_contain_text("P0123456")

    today = timezone.localdate()
    page.get_by_role("link", name="Record a clearance").click()
    page.get_by_label("Clearance", exact=True).select_option("exit_permit")
    page.get_by_label("Status", exact=True).select_option("granted")
    page.get_by_label("Reference (optional)").fill("EXIT-2291")
    page.get_by_label("Valid from").fill(today.isoformat())
    page.get_by_label("Valid until").fill((today + dt.timedelta(days=10)).isoformat())
    page.get_by_role("button", name="Save clearance").click()
    timeline = page.locator("table.timeline")
    expect(timeline).to_contain_text("Exit permit")
    expect(timeline.locator("tr.state-expiring")).to_contain_text("Expires in 10 days")

    for status, label in (("in_processing", "In processing"), ("approved", "Approved")):
        page.get_by_role("link", name="Change the status").click()
        page.get_by_label("New status").select_option(status)
        page.get_by_role("button", name="Change status").click()
        expect(page.get_by_role("status")).to_contain_text(f"The case is now “{label}”.")

    expect(page.locator("dl.facts")).to_contain_text("Approved")
    case = Case.objects.get(number=number)
    assert case.status == "approved" and case.members.count() == 4
    assert IdentityDocument.objects.filter(person__memberships__case=case, number="P0123456").exists()
    history = page.locator("#history-heading + .table-wrap")
    expect(history).to_contain_text("Registered")
    expect(history).to_contain_text("In processing → Approved")
