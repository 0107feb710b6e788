"""A person's health record as an HL7 FHIR R4 Bundle (collection) for the receiving health authority:
Patient, Encounter (assessments), Observation (X-rays, laboratory results, TB classification, vital
signs, fitness to travel), Immunization, Condition (treated conditions) and Consent.

Resources are plain dictionaries in FHIR JSON; the tests parse every bundle with the fhir.resources
library (R4B models, which read R4 resources of these types unchanged), so the runtime does not
depend on it. Codes Passage owns use `urn:passage:*` systems; standard ones are named."""

from __future__ import annotations

import uuid
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from passage.core.errors import DomainError, PermissionDeniedError
from passage.core.models import User
from passage.health import selectors
from passage.health.models import Consent, FitnessDecision
from passage.health.selectors import Clinical
from passage.registry.models import Person

NAMESPACE = uuid.UUID("0d7f3a52-6b4e-4c1e-9b1a-6c8e2f7d9a10")
GENDER = {"M": "male", "F": "female", "X": "other"}
VITAL_SIGNS = {"coding": [{"system": "http://terminology.hl7.org/CodeSystem/observation-category",
                           "code": "vital-signs"}]}
LABORATORY = {"coding": [{"system": "http://terminology.hl7.org/CodeSystem/observation-category",
                          "code": "laboratory"}]}
IMAGING = {"coding": [{"system": "http://terminology.hl7.org/CodeSystem/observation-category", "code": "imaging"}]}
EXAM = {"coding": [{"system": "http://terminology.hl7.org/CodeSystem/observation-category", "code": "exam"}]}


def _urn(kind: str, pk: int) -> str:
    return f"urn:uuid:{uuid.uuid5(NAMESPACE, f'{kind}/{pk}')}"


def _code(system: str, code: str, display: str = "") -> dict[str, Any]:
    coding = {"system": f"urn:passage:{system}", "code": code}
    if display:
        coding["display"] = display
    return {"coding": [coding], "text": display or code}


def _entry(full_url: str, resource: dict[str, Any]) -> dict[str, Any]:
    return {"fullUrl": full_url, "resource": resource}


def _patient(person: Person) -> dict[str, Any]:
    names = [{"use": "official", "family": person.family_name or person.middle_name or person.given_name,
              "given": [n for n in (person.given_name, person.middle_name) if n]}]
    resource: dict[str, Any] = {"resourceType": "Patient", "id": f"person-{person.pk}", "name": names,
                                "gender": GENDER.get(person.sex, "unknown"),
                                "birthDate": person.date_of_birth.isoformat()}
    if person.unhcr_individual_id:
        resource["identifier"] = [{"system": "urn:passage:unhcr-individual-id", "value": person.unhcr_individual_id}]
    return resource


def _observation(pk_kind: str, pk: int, patient: str, category: dict, code: dict, when: str, *,
                 status: str = "final", value: dict[str, Any] | None = None, encounter: str | None = None) -> dict:
    resource: dict[str, Any] = {"resourceType": "Observation", "id": f"{pk_kind}-{pk}", "status": status,
                                "category": [category], "code": code, "subject": {"reference": patient},
                                "effectiveDateTime": when}
    if value:
        resource.update(value)
    if encounter:
        resource["encounter"] = {"reference": encounter}
    return resource


def bundle(person: Person, record: Clinical, fitness: FitnessDecision | None) -> dict[str, Any]:
    patient = _urn("person", person.pk)
    entries = [_entry(patient, _patient(person))]
    for a in record.assessments:
        url = _urn("assessment", a.pk)
        entries.append(_entry(url, {
            "resourceType": "Encounter", "id": f"assessment-{a.pk}", "status": "finished",
            "class": {"system": "http://terminology.hl7.org/CodeSystem/v3-ActCode", "code": "AMB",
                      "display": "ambulatory"},
            "type": [_code("assessment-kind", a.kind, str(a.get_kind_display()))],
            "subject": {"reference": patient},
            "period": {"start": a.performed_at.isoformat()},
            "serviceProvider": {"display": a.clinic},
            "participant": [{"individual": {"display": a.physician}}],
        }))
        for name, text in (("history", a.history), ("exam", a.exam), ("vitals", a.vitals),
                           ("mental_health", a.mental_health)):
            if text:
                entries.append(_entry(_urn(f"assessment-{name}", a.pk), _observation(
                    f"assessment-{name}", a.pk, patient, VITAL_SIGNS if name == "vitals" else EXAM,
                    _code("assessment-section", name), a.performed_at.isoformat(),
                    value={"valueString": text}, encounter=url)))
    for x in record.chest_xrays:
        entries.append(_entry(_urn("xray", x.pk), _observation(
            "xray", x.pk, patient, IMAGING,
            {"coding": [{"system": "http://loinc.org", "code": "24648-8", "display": "XR Chest PA upright"}],
             "text": "Chest X-ray"},
            x.taken_on.isoformat(), value={"valueCodeableConcept": _code("xray-reading", x.reading)})))
    for lab in record.lab_tests:
        entries.append(_entry(_urn("lab", lab.pk), _observation(
            "lab", lab.pk, patient, LABORATORY, _code("lab-test", lab.test, str(lab.get_test_display())),
            lab.taken_on.isoformat(), status="preliminary" if lab.result == "pending" else "final",
            value={"valueCodeableConcept": _code("lab-result", lab.result)})))
    for tb in record.tb_classifications:
        entries.append(_entry(_urn("tb", tb.pk), _observation(
            "tb", tb.pk, patient, EXAM, _code("tb-classification", "tb-classification", "TB classification"),
            tb.classified_on.isoformat(), value={"valueCodeableConcept": _code(f"tb-class-{tb.destination_country}",
                                                                                tb.value)})))
    if fitness is not None:
        value = {"valueCodeableConcept": _code("fitness-to-travel", fitness.decision,
                                               str(fitness.get_decision_display()))}
        components = [{"code": _code("travel-requirement", r), "valueBoolean": True} for r in fitness.requirements]
        if components:
            value["component"] = components
        entries.append(_entry(_urn("fitness", fitness.pk), _observation(
            "fitness", fitness.pk, patient, EXAM, _code("fitness", "fitness-to-travel", "Fitness to travel"),
            fitness.decided_at.isoformat(), value=value)))
    for v in record.vaccinations:
        resource = {"resourceType": "Immunization", "id": f"vaccination-{v.pk}", "status": "completed",
                    "vaccineCode": _code("vaccine", v.vaccine, str(v.get_vaccine_display())),
                    "patient": {"reference": patient}, "occurrenceDateTime": v.given_on.isoformat(),
                    "protocolApplied": [{"doseNumberPositiveInt": v.dose}]}
        if v.lot:
            resource["lotNumber"] = v.lot
        entries.append(_entry(_urn("vaccination", v.pk), resource))
    for t in record.treatments:
        resource = {"resourceType": "Condition", "id": f"treatment-{t.pk}",
                    "clinicalStatus": {"coding": [{
                        "system": "http://terminology.hl7.org/CodeSystem/condition-clinical",
                        "code": "resolved" if t.ended_on else "active"}]},
                    "code": {"text": t.condition}, "subject": {"reference": patient},
                    "onsetDateTime": t.started_on.isoformat()}
        if t.ended_on:
            resource["abatementDateTime"] = t.ended_on.isoformat()
        entries.append(_entry(_urn("treatment", t.pk), resource))
    for c in record.consents:
        active = c.withdrawn_on is None
        period = {"start": c.given_on.isoformat()}
        if c.withdrawn_on:
            period["end"] = c.withdrawn_on.isoformat()
        entries.append(_entry(_urn("consent", c.pk), {
            "resourceType": "Consent", "id": f"consent-{c.pk}", "status": "active" if active else "inactive",
            "scope": {"coding": [{"system": "http://terminology.hl7.org/CodeSystem/consentscope",
                                  "code": "patient-privacy"}]},
            "category": [{"coding": [{"system": "http://loinc.org", "code": "59284-0",
                                      "display": "Patient Consent"}]},
                         _code("consent-purpose", c.purpose, str(Consent.Purpose(c.purpose).label))],
            "patient": {"reference": patient}, "dateTime": c.given_on.isoformat(),
            "policyRule": _code("consent-scope", c.scope),
            "provision": {"type": "permit", "period": period},
        }))
    return {"resourceType": "Bundle", "id": str(uuid.uuid4()), "type": "collection",
            "timestamp": timezone.now().isoformat(), "entry": entries}


def export(*, user: User, person: Person) -> dict[str, Any]:
    """The Bundle of a person the user has already read (selectors.person_for), for the API and the
    health page alike: only for those who read the clinical record, only under the person's active
    consent to share with the receiving health authority; the read is audited."""
    if not selectors.reads_clinical(user, person):
        raise PermissionDeniedError(_("Only medical officers of the person's office export health records."))
    if not selectors.has_active_consent(person):
        raise DomainError(_("The person has not given active consent to share their health record."),
                          field="consent")
    record = selectors.clinical_record(user=user, person=person, purpose="fhir")
    return bundle(person, record, selectors.current_fitness(person))
