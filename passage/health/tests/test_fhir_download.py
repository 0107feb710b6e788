"""The FHIR download on a person's health page: the same export as the API, as a file, for those
who read the clinical record, only under consent (otherwise the page says why)."""

from __future__ import annotations

import pytest
from django.utils import timezone
from fhir.resources.R4B.bundle import Bundle

from passage.core.models import AuditEvent
from passage.health import services
from passage.health.schemas import ConsentIn, FitnessIn
from passage.health.tests.conftest import record_complete
from passage.health.tests.test_pages import verified

pytestmark = pytest.mark.django_db


def test_the_download_needs_consent_and_gives_a_bundle_that_parses(world, client, medical_a, person_a):
    record_complete(medical_a, person_a, fitness=FitnessIn(decision="fit_with_requirements", requirements=["wchr"]))
    verified(client, medical_a)
    page = client.get(f"/health/persons/{person_a.pk}/").content.decode()
    url = f"/health/persons/{person_a.pk}/fhir/"
    assert f'href="{url}"' in page

    refused = client.get(url, follow=True)
    assert refused.redirect_chain == [(f"/health/persons/{person_a.pk}/", 302)]
    assert "FHIR export refused: The person has not given active consent" in refused.content.decode()
    assert not AuditEvent.objects.filter(action="health.read", after__purpose="fhir").exists()

    services.record_consent(actor=medical_a, person=person_a, data=ConsentIn(
        purpose="health_authority", given_on=timezone.now().date()))
    response = client.get(url)
    assert response.status_code == 200 and response["Content-Type"] == "application/fhir+json"
    assert response["Content-Disposition"] == f'attachment; filename="health-record-{person_a.pk}.fhir.json"'
    bundle = Bundle.model_validate_json(response.content)
    observations = [e.resource for e in bundle.entry if e.resource.get_resource_type() == "Observation"]
    assert any(o.code.text == "Chest X-ray" for o in observations)
    assert AuditEvent.objects.filter(action="health.read", after__purpose="fhir", actor=medical_a).count() == 1


def test_staff_without_the_clinical_record_have_no_download(world, client, medical_a, person_a):
    record_complete(medical_a, person_a)
    services.record_consent(actor=medical_a, person=person_a, data=ConsentIn(
        purpose="health_authority", given_on=timezone.now().date()))
    client.force_login(world.caseworker_a)
    url = f"/health/persons/{person_a.pk}/fhir/"
    assert url not in client.get(f"/health/persons/{person_a.pk}/").content.decode()
    assert client.get(url).status_code == 403
    person_b = world.case_b.members.first().person
    assert client.get(f"/health/persons/{person_b.pk}/fhir/").status_code == 404
