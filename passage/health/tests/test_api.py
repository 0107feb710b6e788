"""The health API: recording, confidentiality by role and consent, FHIR export, rules, morbidity."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.utils import timezone
from fhir.resources.R4B.bundle import Bundle

from passage.core.models import AuditEvent, Role
from passage.core.tests.factories import UserFactory
from passage.health import services
from passage.health.models import HealthRule
from passage.health.schemas import ConsentIn, FitnessIn
from passage.health.tests.conftest import record_complete

pytestmark = pytest.mark.django_db


def post(client, url, body):
    return client.post(url, json.dumps(body), content_type="application/json")


def test_a_medical_officer_records_a_full_assessment_through_the_api(world, api_client, medical_a, person_a):
    client = api_client(medical_a)
    base = f"/api/v1/health/persons/{person_a.pk}"
    day = (timezone.now() - dt.timedelta(days=1)).date().isoformat()
    at = (timezone.now() - dt.timedelta(days=1)).isoformat()
    steps = [
        ("assessments", {"kind": "mha", "performed_at": at, "clinic": "Nairobi MHAC", "physician": "Dr. Otieno",
                         "vitals": "BP 118/76"}),
        ("chest-xrays", {"taken_on": day, "reading": "suggestive_tb", "radiologist": "Dr. Kamau"}),
        ("lab-tests", {"test": "sputum_smear", "taken_on": day, "result": "negative", "result_on": day}),
        ("lab-tests", {"test": "sputum_culture", "taken_on": day, "result": "negative", "result_on": day}),
        ("lab-tests", {"test": "syphilis", "taken_on": day, "result": "negative", "result_on": day}),
        ("tb-classifications", {"classified_on": day, "value": "class_b"}),
        *[("vaccinations", {"vaccine": v, "dose": 1, "given_on": day, "lot": "L1"}) for v in ("mmr", "ipv", "dtp",
                                                                                              "hepb")],
        ("treatments", {"condition": "Intestinal parasites", "started_on": day, "ended_on": day}),
        ("fitness", {"decision": "fit_with_requirements", "requirements": ["wchr"]}),
    ]
    for path, body in steps:
        response = post(client, f"{base}/{path}", body)
        assert response.status_code == 201, (path, response.json())
    assert response.json()["clearance_status"] == "granted"
    summary = client.get(base).json()
    assert summary["fitness"]["assistance_codes"] == ["WCHR"]
    assert summary["clinical"]["chest_xrays"][0]["reading"] == "suggestive_tb"


@pytest.mark.parametrize(("path", "body", "field"), [
    ("vaccinations", {"vaccine": "mmr", "given_on": "1980-01-01"}, "given_on"),
    ("vaccinations", {"vaccine": "smallpox", "given_on": "2026-01-01"}, "vaccine"),
    ("lab-tests", {"test": "syphilis", "result": "negative"}, "taken_on"),
    ("lab-tests", {"test": "syphilis", "taken_on": None, "result": "negative"}, "taken_on"),
    ("lab-tests", {"test": "xyz", "taken_on": "2026-01-01", "result": "negative"}, "test"),
    ("lab-tests", {"test": "syphilis", "taken_on": "2026-01-01", "result": "negative"}, "result_on"),
    ("fitness", {"decision": "not_fit"}, "not_fit_until"),
])
def test_bad_input_answers_422_naming_the_field(world, api_client, medical_a, person_a, path, body, field):
    response = post(api_client(medical_a), f"/api/v1/health/persons/{person_a.pk}/{path}", body)
    assert response.status_code == 422
    assert field in {e["field"] for e in response.json()["errors"]}


def test_other_staff_see_fitness_and_requirements_but_no_clinical_details(world, api_client, medical_a, person_a):
    record_complete(medical_a, person_a, fitness=FitnessIn(decision="fit_with_requirements", requirements=["wchs"]))
    reads = AuditEvent.objects.filter(action="health.read").count()
    summary = api_client(world.caseworker_a).get(f"/api/v1/health/persons/{person_a.pk}").json()
    assert summary["clinical"] is None
    assert summary["fitness"]["requirements"] == ["wchs"] and summary["clearance"]["status"] == "granted"
    assert "Asthma" not in json.dumps(summary)
    assert AuditEvent.objects.filter(action="health.read").count() == reads  # nothing clinical was read


def test_every_clinical_read_is_audited(world, api_client, medical_a, person_a):
    record_complete(medical_a, person_a)
    response = api_client(medical_a).get(f"/api/v1/health/persons/{person_a.pk}")
    assert response.json()["clinical"]["assessments"][0]["history"] == "Asthma as a child"
    event = AuditEvent.objects.filter(action="health.read").latest("id")
    assert (event.actor, event.object_id) == (medical_a, str(person_a.pk))


def test_another_offices_person_is_404_even_for_a_medical_officer(world, api_client, medical_b, person_a):
    for url in (f"/api/v1/health/persons/{person_a.pk}", f"/api/v1/health/persons/{person_a.pk}/fhir"):
        assert api_client(medical_b).get(url).status_code == 404
    response = post(api_client(medical_b), f"/api/v1/health/persons/{person_a.pk}/vaccinations",
                    {"vaccine": "mmr", "given_on": "2020-01-01"})
    assert response.status_code == 404


def test_a_partner_reads_only_consenting_persons_bound_for_their_country(world, api_client, medical_a, person_a):
    record_complete(medical_a, person_a)
    partner = api_client(world.partner_usa)
    url = f"/api/v1/health/persons/{person_a.pk}"
    assert partner.get(url).status_code == 404  # no consent yet
    services.record_consent(actor=medical_a, person=person_a, data=ConsentIn(
        purpose="health_authority", given_on=timezone.now().date()))
    response = partner.get(url)
    assert response.status_code == 200 and response.json()["clinical"]["assessments"]
    assert AuditEvent.objects.filter(action="health.read", actor=world.partner_usa).exists()
    # A person bound for Canada stays out of reach whatever their consent.
    canadian = world.case_sub.members.first().person
    services.record_consent(actor=world.caseworker_a, person=canadian, data=ConsentIn(
        purpose="health_authority", given_on=timezone.now().date()))
    assert partner.get(f"/api/v1/health/persons/{canadian.pk}").status_code == 404
    # Withdrawn consent closes the record again.
    post(api_client(medical_a), f"{url}/consents/withdraw", {"purpose": "health_authority"})
    assert partner.get(url).status_code == 404


def test_fhir_bundle_only_under_active_consent_and_it_parses(world, api_client, medical_a, person_a):
    record_complete(medical_a, person_a, fitness=FitnessIn(decision="fit_with_requirements", requirements=["oxygen"]))
    services.record_treatment(actor=medical_a, person=person_a, data=services.TreatmentIn(
        condition="Malaria", started_on=dt.date(2026, 10, 1), ended_on=dt.date(2026, 10, 10)))
    client = api_client(medical_a)
    url = f"/api/v1/health/persons/{person_a.pk}/fhir"
    refused = client.get(url)
    assert refused.status_code == 422 and refused["Content-Type"] == "application/problem+json"
    assert refused.json()["errors"][0]["field"] == "consent"
    assert api_client(world.caseworker_a).get(url).status_code == 403
    services.record_consent(actor=medical_a, person=person_a, data=ConsentIn(
        purpose="health_authority", given_on=timezone.now().date()))
    response = client.get(url)
    assert response.status_code == 200 and response["Content-Type"] == "application/fhir+json"
    bundle = Bundle.model_validate_json(response.content)
    kinds = [entry.resource.get_resource_type() for entry in bundle.entry]
    assert {"Patient", "Encounter", "Observation", "Immunization", "Condition", "Consent"} <= set(kinds)
    patient = next(e.resource for e in bundle.entry if e.resource.get_resource_type() == "Patient")
    assert str(patient.birthDate) == "1990-01-01"
    immunizations = [e.resource for e in bundle.entry if e.resource.get_resource_type() == "Immunization"]
    assert {i.vaccineCode.coding[0].code for i in immunizations} == {"mmr", "ipv", "dtp", "hepb"}
    assert any(o.code.text == "Chest X-ray" and o.valueCodeableConcept.coding[0].code == "normal"
               for o in (e.resource for e in bundle.entry) if o.get_resource_type() == "Observation")
    partner = api_client(world.partner_usa).get(url)
    assert partner.status_code == 200
    Bundle.model_validate_json(partner.content)
    assert AuditEvent.objects.filter(action="health.read", after__purpose="fhir").count() == 2


def test_rules_are_read_by_staff_and_changed_by_system_administrators(world, api_client, medical_a, person_a):
    record_complete(medical_a, person_a)
    assert {r["destination_country"] for r in api_client(world.caseworker_a).get("/api/v1/health/rules").json()} >= {
        "USA", "CAN", "AUS", "GBR", "DEU", "*"}
    body = {"chest_xray_min_age": 15, "required_labs": ["syphilis", "hiv"], "required_vaccines": ["mmr"],
            "assessment_validity_days": 180, "pre_embarkation_window_hours": 48}
    assert api_client(medical_a).put("/api/v1/health/rules/USA", json.dumps(body),
                                      content_type="application/json").status_code == 403
    bad = api_client(world.sysadmin).put("/api/v1/health/rules/USA", json.dumps({**body, "pre_embarkation_window_hours": 96}),
                                         content_type="application/json")
    assert bad.status_code == 422 and bad.json()["errors"][0]["field"] == "pre_embarkation_window_hours"
    response = api_client(world.sysadmin).put("/api/v1/health/rules/USA", json.dumps(body),
                                              content_type="application/json")
    assert response.status_code == 200
    assert HealthRule.objects.get(destination_country="USA").pre_embarkation_window_hours == 48
    # The new HIV requirement is applied to persons bound for the USA at once.
    from passage.registry.models import Clearance

    assert Clearance.objects.get(person=person_a, kind="health").reason == \
        "Laboratory test missing: HIV (required for USA)"


def test_morbidity_report_suppresses_cells_under_five(world, api_client, medical_a):
    from passage.core.tests.factories import CaseFactory

    big = CaseFactory(office=world.office_a, destination_country="CAN", members=6)
    for member in big.members.all():
        record_complete(medical_a, member.person)
    record_complete(medical_a, world.case_a.members.order_by("id").first().person,
                    fitness=FitnessIn(decision="not_fit", not_fit_until=dt.date(2099, 1, 1)))
    informer = UserFactory(username="im_a", roles=[(world.office_a, Role.INFORMATION_MANAGEMENT)])
    rows = {r["group"]: r for r in api_client(informer).get("/api/v1/health/morbidity?by=destination").json()["rows"]}
    assert rows["CAN"]["persons"] == "6" and rows["CAN"]["fit"] == "6" and rows["CAN"]["not_fit"] == "0"
    assert rows["USA"]["persons"] == "<5" and rows["USA"]["not_fit"] == "<5"
    assert "1" not in rows["USA"].values()
    assert api_client(world.caseworker_a).get("/api/v1/health/morbidity").status_code == 403
    assert api_client(world.partner_usa).get("/api/v1/health/morbidity").status_code == 403


def test_a_rule_change_reaching_many_persons_is_recomputed_by_the_task_worker(
        world, api_client, medical_a, person_a, settings, monkeypatch, django_capture_on_commit_callbacks):
    from passage.registry.models import Clearance

    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    monkeypatch.setattr(services, "INLINE_RECOMPUTE", 0)
    record_complete(medical_a, person_a)
    body = {"chest_xray_min_age": 15, "required_labs": ["hiv"], "required_vaccines": [],
            "assessment_validity_days": 180, "pre_embarkation_window_hours": 72}
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        api_client(world.sysadmin).put("/api/v1/health/rules/USA", json.dumps(body), content_type="application/json")
    assert Clearance.objects.get(person=person_a, kind="health").status == "granted"  # not yet
    for callback in callbacks:
        callback()
    assert Clearance.objects.get(person=person_a, kind="health").reason == \
        "Laboratory test missing: HIV (required for USA)"


def test_the_health_summary_costs_the_same_queries_however_long_the_record(world, api_client, medical_a, person_a,
                                                                           django_assert_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    record_complete(medical_a, person_a)
    client = api_client(medical_a)
    url = f"/api/v1/health/persons/{person_a.pk}"
    client.get(url)  # warm the per-user caches
    with CaptureQueriesContext(connection) as short:
        assert client.get(url).status_code == 200
    for days_ago in (40, 20):
        at = timezone.now() - dt.timedelta(days=days_ago)
        services.record_assessment(actor=medical_a, person=person_a, data=services.AssessmentIn(
            kind="pdmp", performed_at=at, clinic="Kakuma clinic", physician="Dr. Mwangi", exam="Normal"))
        services.record_lab_test(actor=medical_a, person=person_a, data=services.LabTestIn(
            test="hiv", taken_on=at.date(), result="negative", result_on=at.date()))
        services.decide_fitness(actor=medical_a, person=person_a, data=FitnessIn(decision="deferred"))
    with django_assert_num_queries(len(short.captured_queries)):
        assert len(client.get(url).json()["clinical"]["assessments"]) == 3


def test_an_assessment_and_a_tb_classification_take_the_destination_of_the_current_case(
        world, api_client, client, medical_a, person_a):
    """Read with the person by the API (one query fewer per record); the same answer as looking it up."""
    from passage.health.models import Assessment, TbClassification
    from passage.health.tests.test_pages import verified
    from passage.registry.models import Case, CaseMember

    api = api_client(medical_a)
    base = f"/api/v1/health/persons/{person_a.pk}"
    at = (timezone.now() - dt.timedelta(days=1))
    assessment = {"kind": "mha", "performed_at": at.isoformat(), "clinic": "Nairobi MHAC", "physician": "Dr. Otieno"}
    tb = {"classified_on": at.date().isoformat(), "value": "no_tb"}
    assert post(api, f"{base}/assessments", assessment).status_code == 201
    assert post(api, f"{base}/tb-classifications", tb).status_code == 201
    Case.objects.filter(pk=world.case_a.pk).update(destination_country="CAN")
    assert post(api, f"{base}/assessments", assessment).status_code == 201
    verified(client, medical_a)
    page = client.post(f"/health/persons/{person_a.pk}/", {
        "form": "assessment", "assessment-kind": "mha", "assessment-performed_at": at.strftime("%Y-%m-%dT%H:%M"),
        "assessment-clinic": "Nairobi MHAC", "assessment-physician": "Dr. Otieno"})
    assert page.status_code == 302
    CaseMember.objects.filter(person=person_a).update(left_on=at.date())  # no current case: the fallback rule
    assert post(api, f"{base}/assessments", assessment).status_code == 201
    assert post(api, f"{base}/tb-classifications", tb).status_code == 201
    assert list(Assessment.objects.filter(person=person_a).order_by("id").values_list(
        "destination_country", flat=True)) == ["USA", "CAN", "CAN", "*"]
    assert list(TbClassification.objects.filter(person=person_a).order_by("id").values_list(
        "destination_country", flat=True)) == ["USA", "*"]


@pytest.mark.parametrize(("language", "expected"), [
    ("en", "Your role does not allow you to record vaccinations in this office."),
    ("fr", "Votre rôle ne vous permet pas d'enregistrer des vaccinations dans ce bureau."),
    ("ar", "لا يسمح لك دورك بتسجيل التطعيمات في هذا المكتب."),
])
def test_a_role_refusal_is_one_whole_sentence_in_the_readers_language(world, api_client, person_a, language, expected):
    # Before, an English action was slotted into the translated sentence ("...: record vaccinations").
    day = (timezone.now() - dt.timedelta(days=1)).date().isoformat()
    response = api_client(world.caseworker_a).post(
        f"/api/v1/health/persons/{person_a.pk}/vaccinations",
        json.dumps({"vaccine": "mmr", "dose": 1, "given_on": day, "lot": "L1"}),
        content_type="application/json", headers={"Accept-Language": language})
    assert response.status_code == 403
    assert response.json()["detail"] == expected
