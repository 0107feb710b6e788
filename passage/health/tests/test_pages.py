"""Health pages: the clinic screen, a person's health page by role, consent, rules and morbidity."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from passage.core.models import AuditEvent
from passage.health.models import Consent, FitnessDecision, HealthRule
from passage.health.schemas import FitnessIn
from passage.health.tests.conftest import record_complete

pytestmark = pytest.mark.django_db


def verified(client, user):
    """Sign in a user whose role needs a second factor, with a verified session."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device = TOTPDevice.objects.create(user=user, name="app", confirmed=True)
    client.force_login(user)
    session = client.session
    session["otp_device_id"] = device.persistent_id
    session.save()
    return client


def test_clinic_finds_a_person_by_case_number_and_opens_them(world, client, medical_a, person_a):
    verified(client, medical_a)
    response = client.get("/health/clinic/", {"q": world.case_sub.number})
    assert response.status_code == 302  # one match: straight to their health page
    several = client.get("/health/clinic/", {"q": world.case_a.number})
    assert several.status_code == 200 and several.content.decode().count("/health/persons/") == 3
    assert client.get("/health/clinic/", {"q": world.case_b.number}).content.decode().count("/health/persons/") == 0


def test_recording_on_the_person_page_and_going_on_to_the_next_member(world, client, medical_a, person_a):
    verified(client, medical_a)
    url = f"/health/persons/{person_a.pk}/"
    page = client.get(url).content.decode()
    second = world.case_a.members.order_by("id")[1].person
    assert f"/health/persons/{second.pk}/" in page  # "Next in this case"
    now = timezone.now().strftime("%Y-%m-%dT%H:%M")
    response = client.post(url, {"form": "assessment", "assessment-kind": "mha", "assessment-performed_at": now,
                                 "assessment-clinic": "Nairobi MHAC", "assessment-physician": "Dr. Otieno"})
    assert response.status_code == 302
    page = client.get(url).content.decode()
    assert "Chest X-ray missing (required from age 15 for USA)" in page
    response = client.post(url, {"form": "fitness", "fitness-decision": "fit_with_requirements"})
    assert response.status_code == 422
    assert 'id="id_fitness-requirements_error"' in response.content.decode()
    response = client.post(url, {"form": "fitness", "fitness-decision": "fit_with_requirements",
                                 "fitness-requirements": ["wchr"]})
    assert response.status_code == 302 and FitnessDecision.objects.get(person=person_a).requirements == ["wchr"]


def test_a_vaccination_before_birth_is_shown_on_its_field(world, client, medical_a, person_a):
    verified(client, medical_a)
    response = client.post(f"/health/persons/{person_a.pk}/", {
        "form": "vaccination", "vaccination-vaccine": "mmr", "vaccination-dose": "1",
        "vaccination-given_on": "1980-01-01"})
    assert response.status_code == 422
    assert 'id="id_vaccination-given_on_error"' in response.content.decode()


def test_a_caseworker_sees_the_requirement_but_not_the_x_ray(world, client, medical_a, person_a):
    record_complete(medical_a, person_a, fitness=FitnessIn(decision="fit_with_requirements", requirements=["wchs"]))
    client.force_login(world.caseworker_a)
    page = client.get(f"/health/persons/{person_a.pk}/").content.decode()
    assert "WCHS" in page and "Fit to travel with requirements" in page
    assert "Chest X-ray" not in page and "Asthma" not in page and 'name="form"' not in page
    assert client.post(f"/health/persons/{person_a.pk}/", {"form": "fitness"}).status_code == 403
    client.force_login(world.caseworker_b)
    assert client.get(f"/health/persons/{person_a.pk}/").status_code == 404


def test_the_medical_officers_page_view_is_an_audited_clinical_read(world, client, medical_a, person_a):
    record_complete(medical_a, person_a)
    verified(client, medical_a)
    page = client.get(f"/health/persons/{person_a.pk}/").content.decode()
    assert "Asthma as a child" in page
    assert AuditEvent.objects.filter(action="health.read", actor=medical_a).exists()


def test_consent_is_given_and_withdrawn_on_its_page(world, client, person_a):
    client.force_login(world.caseworker_a)
    url = f"/health/persons/{person_a.pk}/consent/"
    response = client.post(url, {"purpose": "health_authority", "scope": "full_record",
                                 "given_on": timezone.now().date().isoformat()})
    assert response.status_code == 302
    again = client.post(url, {"purpose": "health_authority", "scope": "full_record",
                              "given_on": timezone.now().date().isoformat()})
    assert again.status_code == 422 and "already recorded" in again.content.decode()
    client.post(url, {"withdraw": "health_authority"})
    assert Consent.objects.get(person=person_a).withdrawn_on == timezone.now().date()


def test_rules_page_lets_system_administrators_change_a_rule(world, client):
    client.force_login(world.caseworker_a)
    assert "USA" in client.get("/health/rules/").content.decode()
    assert client.post("/health/rules/", {"destination_country": "USA"}).status_code == 403
    verified(client, world.sysadmin)
    assert 'value="CAN"' in client.get("/health/rules/?edit=CAN").content.decode()
    response = client.post("/health/rules/", {"destination_country": "nor", "chest_xray_min_age": "11",
                                              "required_vaccines": ["mmr"], "assessment_validity_days": "365",
                                              "pre_embarkation_window_hours": "48"})
    assert response.status_code == 302
    assert HealthRule.objects.get(destination_country="NOR").required_vaccines == ["mmr"]
    bad = client.post("/health/rules/", {"destination_country": "XXX", "chest_xray_min_age": "11",
                                         "assessment_validity_days": "365", "pre_embarkation_window_hours": "48"})
    assert bad.status_code == 422 and 'id="id_destination_country_error"' in bad.content.decode()


def test_morbidity_page_suppresses_small_cells(world, client, medical_a, person_a):
    record_complete(medical_a, person_a, fitness=FitnessIn(decision="not_fit", not_fit_until=dt.date(2099, 1, 1)))
    verified(client, medical_a)
    page = client.get("/health/morbidity/", {"by": "nationality"}).content.decode()
    assert "SOM" in page and "&lt;5" in page
    client.force_login(world.caseworker_a)
    assert client.get("/health/morbidity/").status_code == 403


def test_fitness_board_lists_requirements_and_not_fit_in_the_users_offices(world, client, medical_a,
                                                                          django_assert_max_num_queries):
    members = [m.person for m in world.case_a.members.order_by("id")]
    record_complete(medical_a, members[0], fitness=FitnessIn(decision="fit_with_requirements", requirements=["stcr"]))
    record_complete(medical_a, members[1], fitness=FitnessIn(decision="not_fit", not_fit_until=dt.date(2099, 2, 1)))
    record_complete(medical_a, members[2])  # fit: not on the board
    client.force_login(world.caseworker_a)
    with django_assert_max_num_queries(15):
        page = client.get("/health/fitness/").content.decode()
    assert "STCR" in page and "2099-02-01" in page and members[2].full_name not in page
    client.force_login(world.caseworker_b)
    assert "STCR" not in client.get("/health/fitness/").content.decode()
