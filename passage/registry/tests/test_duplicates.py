"""Duplicate detection: the pre-save check, the full scan, the review queue, merge and dismiss."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.core.management import call_command

from passage.core.errors import DomainError, PermissionDeniedError
from passage.core.models import AuditEvent
from passage.registry import duplicates
from passage.registry.models import (
    Case,
    CaseEvent,
    CaseMember,
    Clearance,
    DuplicateCandidate,
    IdentityDocument,
    Person,
    PersonMerge,
    PersonNameKey,
    Vulnerability,
)
from passage.registry.schemas import CaseIn, PersonIn
from passage.registry.selectors import cases_for
from passage.registry.services import register_case

J = "application/json"


def person(given="Mohamed", middle="Ahmed", family="Warsame", born="1984-03-07", sex="M", **extra) -> dict:
    return {"given_name": given, "middle_name": middle, "family_name": family, "sex": sex, "date_of_birth": born,
            "nationality": "SOM", **extra}


def register(actor, office, *members: dict) -> Case:
    rows = [{"relationship": "PA" if i == 0 else "child", **m} for i, m in enumerate(members)]
    data = CaseIn(office_id=office.pk, programme="resettlement", destination_country="USA", members=rows)
    return register_case(actor=actor, data=data).case


def only_person(case: Case) -> Person:
    return case.members.get().person


@pytest.mark.django_db
@pytest.mark.parametrize("variant", [
    person(given="Maxamed"),                                         # Somali spelling
    person(given="Muhammad", born="1984-07-03"),                     # spelling, day and month swapped
    person(given="Warsame", family="Mohamed"),                       # names in another order
    person(given="Mohamde"),                                         # a typo
    person(middle=""),                                               # the father's name left out
    person(born="1984-03-08"),                                       # a day off
])
def test_check_finds_a_re_registration(world, variant):
    original = only_person(register(world.caseworker_a, world.office_a, person()))
    matches = duplicates.find_duplicates_for(user=world.caseworker_a, data=PersonIn(**variant))
    assert [m.person for m in matches] == [original]
    assert matches[0].score >= 0.78 and matches[0].reasons


@pytest.mark.django_db
def test_a_corrected_birth_date_is_what_the_check_compares(world):
    from passage.registry.services import update_person

    original = only_person(register(world.caseworker_a, world.office_a, person(born="1984-03-07")))
    update_person(actor=world.caseworker_a, person=original, changes={"date_of_birth": dt.date(1979, 10, 20)})
    assert duplicates.find_duplicates_for(user=world.caseworker_a, data=PersonIn(**person(born="1984-03-07"))) == []
    matches = duplicates.find_duplicates_for(user=world.caseworker_a, data=PersonIn(**person(born="1979-10-20")))
    assert [m.person for m in matches] == [original]


@pytest.mark.django_db
def test_check_ignores_namesakes_born_years_apart_and_other_sexes(world):
    register(world.caseworker_a, world.office_a, person())
    for other in (person(born="1990-03-07"), person(sex="F"), person(given="Hamid", middle="Yusuf")):
        assert duplicates.find_duplicates_for(user=world.caseworker_a, data=PersonIn(**other)) == []


@pytest.mark.django_db
def test_check_finds_the_same_document_number_whatever_the_name(world):
    original = only_person(register(world.caseworker_a, world.office_a, person()))
    IdentityDocument.objects.create(person=original, kind="passport", number="P1234567", issuing_country="SOM")
    probe = PersonIn(**person(given="Abdi", middle="", family="Farah", born="1984-03-07"))
    matches = duplicates.find_duplicates_for(user=world.caseworker_a, data=probe, document_numbers=["p123 4567"])
    assert matches and matches[0].person == original
    assert "Same identity document number" in matches[0].reasons


@pytest.mark.django_db
def test_check_offers_only_persons_the_user_can_see(world):
    register(world.caseworker_a, world.office_a, person())
    assert duplicates.find_duplicates_for(user=world.caseworker_b, data=PersonIn(**person())) == []
    assert duplicates.find_duplicates_for(user=world.compliance_hq, data=PersonIn(**person()))


@pytest.mark.django_db
def test_family_members_and_twins_of_one_case_are_never_candidates(world):
    case = register(world.caseworker_a, world.office_a, person(born="1980-01-01"),
                    person(given="Hodan", sex="F", born="2015-06-04"), person(given="Hodan", sex="F", born="2015-06-04"))
    assert duplicates.scan_for_duplicates() == 0
    twin = PersonIn(**person(given="Hodan", sex="F", born="2015-06-04"))
    assert duplicates.find_duplicates_for(user=world.caseworker_a, data=twin, exclude_case=case) == []


@pytest.mark.django_db
def test_scan_queues_a_pair_once_and_merges_nothing(world):
    a = only_person(register(world.caseworker_a, world.office_a, person()))
    b = only_person(register(world.caseworker_a, world.sub_a, person(given="Muhammad", family="Warsamé")))
    register(world.caseworker_a, world.office_a, person(given="Fatima", sex="F"))
    assert duplicates.scan_for_duplicates() == 1
    assert duplicates.scan_for_duplicates() == 0
    candidate = DuplicateCandidate.objects.get()
    assert (candidate.person_a_id, candidate.person_b_id) == (min(a.pk, b.pk), max(a.pk, b.pk))
    assert candidate.status == DuplicateCandidate.Status.OPEN and candidate.reasons
    assert not PersonMerge.objects.exists() and not Person.objects.filter(merged_into__isnull=False).exists()


@pytest.mark.django_db
def test_scan_weighs_the_rest_of_the_two_households(world):
    # Namesakes with a placeholder birth date: alike on their own, queued as an uncertain pair ...
    born = {"born": "1980-01-01", "dob_precision": "estimated"}
    lone = only_person(register(world.caseworker_a, world.office_a, person(**born)))
    family = register(world.caseworker_a, world.office_a, person(given="Muhammad", **born),
                      person(given="Hodan", sex="F", born="2014-02-02"))
    again = family.members.get(relationship="PA").person
    assert duplicates.scan_for_duplicates() == 1
    # ... but two families whose other members are all different people are a namesake's, not one person.
    other = register(world.caseworker_a, world.sub_a, person(given="Maxamed", **born),
                     person(given="Ayaan", sex="F", born="2011-09-30"))
    namesake = other.members.get(relationship="PA").person
    DuplicateCandidate.objects.all().delete()
    duplicates.scan_for_duplicates()
    queued = set(DuplicateCandidate.objects.values_list("person_a", "person_b"))
    assert tuple(sorted((again.pk, namesake.pk))) not in queued
    assert tuple(sorted((lone.pk, namesake.pk))) in queued  # registered alone: no evidence either way
    # A re-registration that brings a member of the same family is more likely one person.
    back = register(world.caseworker_a, world.sub_a, person(given="Mohamed", **born),
                    person(given="Hodaan", sex="F", born="2014-02-02"))
    returned = back.members.get(relationship="PA").person
    duplicates.scan_for_duplicates()
    candidate = DuplicateCandidate.objects.get(person_a=min(again.pk, returned.pk), person_b=max(again.pk, returned.pk))
    assert any("looks like one person too" in r for r in candidate.reasons)


def _pair(world):
    family = register(world.caseworker_a, world.office_a, person(), person(given="Hodan", sex="F", born="2014-02-02"))
    a = family.members.get(relationship="PA").person
    case_b = register(world.caseworker_a, world.sub_a, person(given="Maxamed"))
    b = only_person(case_b)
    duplicates.scan_for_duplicates()
    return a, b, case_b, DuplicateCandidate.objects.get()


@pytest.mark.django_db
def test_merge_moves_every_link_and_leaves_a_trace(world):
    a, b, case_b, candidate = _pair(world)
    a_case = a.memberships.get().case
    document = IdentityDocument.objects.create(person=b, kind="passport", number="P99", issuing_country="SOM")
    clearance = Clearance.objects.create(case=case_b, person=b, kind="security_check")
    vulnerability = Vulnerability.objects.create(person=b, code="medical")
    merge = duplicates.merge_persons(actor=world.caseworker_a, candidate=candidate, survivor=a)

    b.refresh_from_db()
    assert b.merged_into == a
    assert set(a.memberships.values_list("case_id", flat=True)) == {a_case.pk, case_b.pk}
    assert IdentityDocument.objects.get(pk=document.pk).person == a
    assert Clearance.objects.get(pk=clearance.pk).person == a
    assert Vulnerability.objects.get(pk=vulnerability.pk).person == a
    assert merge.moved["memberships"] and merge.moved["documents"] == [document.pk]
    assert merge.moved["clearances"] == [clearance.pk] and merge.moved["vulnerabilities"] == [vulnerability.pk]
    assert "Maxamed Ahmed Warsame" in Person.objects.get(pk=a.pk).aliases
    assert not PersonNameKey.objects.filter(person=b).exists()
    assert CaseEvent.objects.filter(kind=CaseEvent.Kind.PERSONS_MERGED, case=case_b).exists()
    assert CaseEvent.objects.filter(kind=CaseEvent.Kind.PERSONS_MERGED, case=a_case).exists()
    event = AuditEvent.objects.get(action="person.merge")
    assert event.after["survivor_id"] == a.pk and event.before["merged_id"] == b.pk
    candidate.refresh_from_db()
    assert candidate.status == DuplicateCandidate.Status.MERGED and candidate.reviewed_by == world.caseworker_a
    # The merged spelling still finds the survivor's cases.
    assert set(cases_for(user=world.caseworker_a, q="Maxamed Warsame")) >= {a_case, case_b}


@pytest.mark.django_db
def test_merge_refuses_two_members_of_one_case(world):
    case = register(world.caseworker_a, world.office_a, person(), person(given="Mohamed", born="2010-01-01"))
    x, y = sorted(m.person_id for m in case.members.all())
    candidate = DuplicateCandidate.objects.create(person_a_id=x, person_b_id=y, score=0.9, reasons=[])
    with pytest.raises(DomainError) as refused:
        duplicates.merge_persons(actor=world.caseworker_a, candidate=candidate, survivor=x)
    assert refused.value.field == "survivor_id"
    assert not Person.objects.filter(merged_into__isnull=False).exists()


@pytest.mark.django_db
def test_merge_needs_a_role_in_both_offices(world):
    a = only_person(register(world.caseworker_a, world.office_a, person()))
    b = only_person(register(world.caseworker_b, world.office_b, person(given="Muhammad")))
    duplicates.scan_for_duplicates()
    candidate = DuplicateCandidate.objects.get()
    with pytest.raises(PermissionDeniedError):
        duplicates.merge_persons(actor=world.caseworker_a, candidate=candidate, survivor=a)
    assert not duplicates.candidates_for(user=world.caseworker_a).exists()  # person b is out of their scope
    assert not duplicates.candidates_for(user=world.caseworker_b).exists()
    assert b.merged_into_id is None


@pytest.mark.django_db
def test_api_review_queue_check_merge_and_dismiss(world, api_client):
    a, b, _case_b, candidate = _pair(world)
    client = api_client(world.caseworker_a)
    page = client.get("/api/v1/duplicates").json()
    assert [item["id"] for item in page["items"]] == [candidate.pk]
    assert page["items"][0]["person_a"]["id"] == a.pk

    found = client.post("/api/v1/duplicates/check", person(given="Mohammed"), content_type=J).json()
    assert {m["person"]["id"] for m in found} == {a.pk, b.pk}

    response = client.post(f"/api/v1/duplicates/{candidate.pk}/merge", {"survivor_id": 999999}, content_type=J)
    assert response.status_code == 422 and response.json()["errors"][0]["field"] == "survivor_id"
    response = client.post(f"/api/v1/duplicates/{candidate.pk}/merge", {"survivor_id": b.pk}, content_type=J)
    assert response.status_code == 200 and response.json()["survivor_id"] == b.pk
    response = client.post(f"/api/v1/duplicates/{candidate.pk}/dismiss")
    assert response.status_code == 409  # decided already
    assert client.get("/api/v1/duplicates").json()["items"] == []


@pytest.mark.django_db
def test_api_refusals_are_problem_documents(world, api_client):
    _a, _b, _case_b, candidate = _pair(world)
    client = api_client(world.caseworker_a)
    response = client.post("/api/v1/duplicates/check", {"given_name": "", "sex": "Q"}, content_type=J)
    assert response.status_code == 422 and response["Content-Type"] == "application/problem+json"
    assert {"given_name", "sex", "date_of_birth", "nationality"} <= {e["field"] for e in response.json()["errors"]}
    response = client.post(f"/api/v1/duplicates/{candidate.pk}/merge", {}, content_type=J)
    assert response.status_code == 422 and response.json()["errors"][0]["field"] == "survivor_id"
    assert api_client(world.caseworker_b).post(f"/api/v1/duplicates/{candidate.pk}/dismiss").status_code == 404
    assert api_client(world.partner_usa).get("/api/v1/duplicates").json()["items"] == []
    client.post(f"/api/v1/duplicates/{candidate.pk}/dismiss")
    response = client.post(f"/api/v1/duplicates/{candidate.pk}/dismiss")
    assert response.status_code == 409
    assert AuditEvent.objects.filter(action="duplicate.dismiss").count() == 1


@pytest.mark.django_db
def test_review_page_merges_with_csrf_and_shows_reasons(world, client):
    a, b, _case_b, candidate = _pair(world)
    client.force_login(world.caseworker_a)
    page = client.get("/duplicates/")
    assert page.status_code == 200
    text = page.content.decode()
    assert "Maxamed Ahmed Warsame" in text and candidate.reasons[0] in text
    response = client.post(f"/duplicates/{candidate.pk}/merge/", {"survivor_id": a.pk})
    assert response.status_code == 302
    assert Person.objects.get(pk=b.pk).merged_into_id == a.pk
    client.force_login(world.caseworker_b)
    assert client.post(f"/duplicates/{candidate.pk}/dismiss/").status_code == 404


@pytest.mark.django_db
def test_name_search_uses_keys_and_keeps_native_script(world):
    case = register(world.caseworker_a, world.office_a, person(native_given_name="محمد"))
    assert list(cases_for(user=world.caseworker_a, q="Muhammad Warsame")) == [case]
    assert list(cases_for(user=world.caseworker_a, q="Warsame, Maxamed")) == [case]
    assert list(cases_for(user=world.caseworker_a, q="محمد")) == [case]
    assert list(cases_for(user=world.caseworker_a, q="Hamid Warsame")) == []


@pytest.mark.django_db
def test_commands_seed_labelled_duplicates_and_scan(tmp_path, settings):
    settings.DEBUG = True
    labels = tmp_path / "labels.json"
    call_command("seed_demo", cases=60, seed=3, as_of=dt.date(2026, 11, 1), duplicates=0.1, labels=str(labels),
                 stdout=open(tmp_path / "out.txt", "w"))  # noqa: SIM115
    pairs = json.loads(labels.read_text())
    assert pairs and all({"original", "duplicate", "variations", "household"} <= set(p) for p in pairs)
    assert all(CaseMember.objects.filter(person_id=p["duplicate"]).exists() for p in pairs)
    call_command("scan_duplicates", stdout=open(tmp_path / "scan.txt", "w"))  # noqa: SIM115
    queued = set(DuplicateCandidate.objects.values_list("person_a", "person_b"))
    found = sum(tuple(sorted((p["original"], p["duplicate"]))) in queued for p in pairs)
    assert found >= 0.8 * len(pairs)
