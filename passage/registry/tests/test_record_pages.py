"""Acting on one record from the case page: changing a clearance's status, reference or validity,
verifying a document, resolving a vulnerability. Refusals name the field; another office's record
answers 404; every write is audited; verify and resolve also answer htmx with their own row."""

from __future__ import annotations

import datetime as dt

import pytest

from passage.core.models import AuditEvent, Role
from passage.core.tests.factories import UserFactory
from passage.registry import records
from passage.registry.models import Clearance, IdentityDocument, Vulnerability
from passage.registry.schemas import ClearanceIn


@pytest.fixture
def exit_permit(world):
    return records.record_clearance(actor=world.caseworker_a, case=world.case_a,
                                    data=ClearanceIn(kind="exit_permit", status="pending"))


def _person(case):
    return case.members.order_by("id").first().person


# --- Clearances -------------------------------------------------------------------------------

@pytest.mark.django_db
def test_the_case_page_links_each_entered_clearance_to_its_form(world, client, exit_permit):
    client.force_login(world.caseworker_a)
    page = client.get(f"/cases/{world.case_a.number}/").content.decode()
    assert f"/clearances/{exit_permit.pk}/edit/" in page


@pytest.mark.django_db
def test_granting_a_clearance_with_its_validity_and_reference(world, client, exit_permit):
    client.force_login(world.caseworker_a)
    form = client.get(f"/clearances/{exit_permit.pk}/edit/")
    assert form.status_code == 200 and "Exit permit" in form.content.decode()
    response = client.post(f"/clearances/{exit_permit.pk}/edit/", {
        "status": "granted", "reference": "EP-778", "valid_from": "2026-11-01", "valid_until": "2027-02-01"})
    assert response.status_code == 302 and response["Location"] == f"/cases/{world.case_a.number}/"
    exit_permit.refresh_from_db()
    assert (exit_permit.status, exit_permit.reference) == ("granted", "EP-778")
    assert exit_permit.valid_until == dt.date(2027, 2, 1) and exit_permit.recorded_by == world.caseworker_a
    event = AuditEvent.objects.get(action="clearance.update", object_id=str(exit_permit.pk))
    assert event.before["status"] == "pending" and event.after["status"] == "granted"


@pytest.mark.django_db
@pytest.mark.parametrize(("data", "field"), [
    ({"status": "granted", "reference": "", "valid_from": "", "valid_until": ""}, "valid_from"),
    ({"status": "granted", "reference": "", "valid_from": "2026-11-10", "valid_until": "2026-11-01"}, "valid_until"),
])
def test_clearance_refusals_show_on_the_field_and_write_nothing(world, client, exit_permit, data, field):
    client.force_login(world.caseworker_a)
    response = client.post(f"/clearances/{exit_permit.pk}/edit/", data)
    assert response.status_code == 200
    assert f'id="id_{field}_error"' in response.content.decode()
    exit_permit.refresh_from_db()
    assert exit_permit.status == "pending"
    assert not AuditEvent.objects.filter(action="clearance.update").exists()


@pytest.mark.django_db
def test_derived_clearances_are_not_changed_here(world, client):
    health = Clearance.objects.create(case=world.case_a, person=_person(world.case_a), kind="health")
    client.force_login(world.caseworker_a)
    page = client.get(f"/cases/{world.case_a.number}/").content.decode()
    assert f"/clearances/{health.pk}/edit/" not in page and "Set by its module" in page
    response = client.post(f"/clearances/{health.pk}/edit/", {"status": "granted", "reference": "",
                                                              "valid_from": "2026-11-01", "valid_until": ""})
    assert response.status_code == 200 and "come from their own modules" in response.content.decode()
    health.refresh_from_db()
    assert health.status == "pending"


@pytest.mark.django_db
def test_a_user_without_a_clearance_role_is_refused(world, client, exit_permit):
    reader = UserFactory(username="compliance_a", roles=[(world.office_a, Role.COMPLIANCE_OFFICER)])
    client.force_login(reader)
    response = client.post(f"/clearances/{exit_permit.pk}/edit/", {"status": "withdrawn", "reference": "",
                                                                   "valid_from": "", "valid_until": ""})
    assert response.status_code == 200 and "does not allow you" in response.content.decode()
    exit_permit.refresh_from_db()
    assert exit_permit.status == "pending"


@pytest.mark.django_db
def test_another_offices_clearance_document_and_need_are_not_found(world, client):
    person_b = _person(world.case_b)
    clearance = Clearance.objects.create(case=world.case_b, kind="visa")
    document = IdentityDocument.objects.create(person=person_b, kind="passport", number="JB1", issuing_country="JOR")
    need = Vulnerability.objects.create(person=person_b, code="mobility")
    client.force_login(world.caseworker_a)
    assert client.get(f"/clearances/{clearance.pk}/edit/").status_code == 404
    assert client.post(f"/documents/{document.pk}/verify/").status_code == 404
    assert client.post(f"/vulnerabilities/{need.pk}/resolve/").status_code == 404
    document.refresh_from_db()
    need.refresh_from_db()
    assert document.verified_at is None and need.resolved_on is None


# --- Documents --------------------------------------------------------------------------------

@pytest.mark.django_db
def test_verifying_a_document_from_the_case_page(world, client):
    document = IdentityDocument.objects.create(person=_person(world.case_a), kind="passport", number="P1234567",
                                               issuing_country="SOM")
    client.force_login(world.caseworker_a)
    page = client.get(f"/cases/{world.case_a.number}/").content.decode()
    assert f"/documents/{document.pk}/verify/" in page and "Mark P1234567 verified" in page
    response = client.post(f"/documents/{document.pk}/verify/", {"case": world.case_a.number}, follow=True)
    assert response.redirect_chain[-1][0] == f"/cases/{world.case_a.number}/"
    body = response.content.decode()
    assert "Document P1234567 marked verified." in body and "verified by cw_a" in body
    document.refresh_from_db()
    assert document.verified_by == world.caseworker_a and document.verified_at is not None
    assert AuditEvent.objects.filter(action="document.verify", object_id=str(document.pk)).count() == 1


@pytest.mark.django_db
def test_verifying_with_htmx_swaps_the_document_and_announces_it(world, client):
    document = IdentityDocument.objects.create(person=_person(world.case_a), kind="passport", number="P7",
                                               issuing_country="SOM")
    client.force_login(world.caseworker_a)
    response = client.post(f"/documents/{document.pk}/verify/", {"case": world.case_a.number},
                           headers={"HX-Request": "true"})
    body = response.content.decode()
    assert response.status_code == 200 and body.startswith('<span class="item" id="document-')
    assert 'role="status"' in body and "verified by cw_a" in body and "<form" not in body


@pytest.mark.django_db
def test_a_partner_cannot_verify(world, client):
    document = IdentityDocument.objects.create(person=_person(world.case_a), kind="passport", number="P8",
                                               issuing_country="SOM")
    client.force_login(world.partner_usa)
    response = client.post(f"/documents/{document.pk}/verify/", {"case": world.case_a.number}, follow=True)
    assert "does not allow you" in response.content.decode()
    document.refresh_from_db()
    assert document.verified_at is None


# --- Vulnerabilities --------------------------------------------------------------------------

@pytest.mark.django_db
def test_resolving_a_need_from_the_case_page(world, client):
    need = Vulnerability.objects.create(person=_person(world.case_a), code="mobility")
    client.force_login(world.caseworker_a)
    page = client.get(f"/cases/{world.case_a.number}/").content.decode()
    assert f"/vulnerabilities/{need.pk}/resolve/" in page
    response = client.post(f"/vulnerabilities/{need.pk}/resolve/", {"case": world.case_a.number}, follow=True)
    assert response.redirect_chain[-1][0] == f"/cases/{world.case_a.number}/"
    assert f"/vulnerabilities/{need.pk}/resolve/" not in response.content.decode()
    need.refresh_from_db()
    assert need.resolved_on is not None
    assert AuditEvent.objects.filter(action="vulnerability.resolve", object_id=str(need.pk)).count() == 1
    client.post(f"/vulnerabilities/{need.pk}/resolve/")  # twice: no second write
    assert AuditEvent.objects.filter(action="vulnerability.resolve", object_id=str(need.pk)).count() == 1


@pytest.mark.django_db
def test_resolving_with_htmx_swaps_the_need(world, client):
    need = Vulnerability.objects.create(person=_person(world.case_a), code="pregnancy")
    client.force_login(world.caseworker_a)
    response = client.post(f"/vulnerabilities/{need.pk}/resolve/", {"case": world.case_a.number},
                           headers={"HX-Request": "true"})
    body = response.content.decode()
    assert body.startswith(f'<span class="item" id="need-{need.pk}"') and "resolved on" in body
