"""The morbidity report is read from a summary the writers keep current; on random records written
through the services (and persons changed and merged in the registry afterwards) it must equal the
report counted from the encrypted records themselves, for every grouping and every reader's scope."""

from __future__ import annotations

import datetime as dt
import io
import json
import random

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.utils import timezone

from passage.core.models import Role
from passage.core.tests.factories import CaseFactory, UserFactory
from passage.core.tests.parallel import run_in_parallel
from passage.health import morbidity, selectors, services
from passage.health.models import MorbidityCell, MorbidityMark
from passage.health.schemas import AssessmentIn, FitnessIn, LabTestIn, TbClassificationIn, VaccinationIn
from passage.registry.models import DuplicateCandidate, Person

pytestmark = pytest.mark.django_db

NATIONALITIES = ("SOM", "ERI", "SYR", "AFG")
DESTINATIONS = ("USA", "CAN", "AUS")


def _random_records(rng: random.Random, actor, person: Person) -> None:
    now = timezone.now()
    for _ in range(rng.choice((0, 1, 1, 1, 2))):
        at = now - dt.timedelta(days=rng.randint(1, 300), hours=rng.randint(0, 23))
        services.record_assessment(actor=actor, person=person, data=AssessmentIn(
            kind="mha", performed_at=at, clinic="Kakuma", physician="Dr. Mwangi", history="Random",
            destination_country=rng.choice((None, *DESTINATIONS))))
    if rng.random() < 0.3:
        services.record_assessment(actor=actor, person=person, data=AssessmentIn(
            kind="pdmp", performed_at=now - dt.timedelta(days=1), clinic="Kakuma", physician="Dr. Mwangi"))
    day = (now - dt.timedelta(days=rng.randint(1, 30))).date()
    for _ in range(rng.choice((0, 0, 1, 2))):
        test = rng.choice(("sputum_smear", "sputum_culture", "tb_molecular", "syphilis", "hiv"))
        result = rng.choice(("negative", "negative", "positive", "pending"))
        services.record_lab_test(actor=actor, person=person, data=LabTestIn(
            test=test, taken_on=day, result=result, result_on=None if result == "pending" else day))
    if rng.random() < 0.3:
        services.record_tb_classification(actor=actor, person=person, data=TbClassificationIn(
            classified_on=day, value=rng.choice(("no_tb", "latent", "class_b", "active"))))
    for vaccine in rng.sample(("mmr", "ipv", "dtp"), rng.randint(0, 2)):
        services.record_vaccination(actor=actor, person=person, data=VaccinationIn(vaccine=vaccine, given_on=day))
    for _ in range(rng.choice((0, 1, 1, 2))):
        decision = rng.choice(("fit", "fit_with_requirements", "not_fit", "deferred"))
        services.decide_fitness(actor=actor, person=person, data=FitnessIn(
            decision=decision, requirements=["wchr"] if decision == "fit_with_requirements" else [],
            not_fit_until=now.date() + dt.timedelta(days=30) if decision == "not_fit" else None))


def _readers(world):
    return [
        UserFactory(username="im_hq", roles=[(world.hq, Role.INFORMATION_MANAGEMENT)]),
        UserFactory(username="im_a", roles=[(world.office_a, Role.INFORMATION_MANAGEMENT)]),
        UserFactory(username="im_sub", roles=[(world.sub_a, Role.INFORMATION_MANAGEMENT)]),
        UserFactory(username="med_jor", roles=[(world.office_b, Role.MEDICAL_OFFICER)]),
    ]


def _assert_same_as_recount(readers) -> None:
    for reader in readers:
        for by in selectors.GROUPINGS:
            assert selectors.morbidity(user=reader, by=by) == selectors.morbidity_from_records(user=reader, by=by), \
                (reader.username, by)
    assert morbidity.differences() == []


@pytest.mark.parametrize("seed", [1, 2])
def test_the_report_from_the_summary_equals_a_recount_of_the_encrypted_records(world, seed):
    rng = random.Random(seed)
    medical_hq = UserFactory(username="med_hq", roles=[(world.hq, Role.MEDICAL_OFFICER)])
    persons = []
    for index in range(8):
        office = rng.choice((world.office_a, world.sub_a, world.office_b))
        case = CaseFactory(number=f"RND-2026-{seed}{index:05d}", office=office,
                           destination_country=rng.choice(DESTINATIONS), members=rng.randint(1, 4))
        for member in case.members.all():
            person = member.person
            born = rng.randint(1950, 1990) if member.relationship == "PA" else rng.randint(1995, 2024)
            Person.objects.filter(pk=person.pk).update(  # past the registry: no health records yet to count
                nationality=rng.choice(NATIONALITIES), sex=rng.choice("MFX"),
                date_of_birth=dt.date(born, rng.randint(1, 12), rng.randint(1, 28)))
            persons.append(Person.objects.get(pk=person.pk))
    for person in persons:
        _random_records(rng, medical_hq, person)
    readers = _readers(world)
    assert MorbidityCell.objects.filter(persons__gt=0).exists()
    # The record services read one person's records in one query; the same as the batch reader.
    assert all(services.records_of(p) == services.records_for([p.pk])[p.pk] for p in persons)
    _assert_same_as_recount(readers)

    # The registry changes a person: the counts move with them (nationality, sex, age, office).
    from passage.registry.services import update_person

    editor = UserFactory(username="cw_hq", roles=[(world.hq, Role.CASEWORKER)])
    assessed = [p for p in persons if p.health_assessments.filter(kind="mha").exists()]
    for person in rng.sample(assessed, min(4, len(assessed))):
        principal = person.memberships.filter(relationship="PA").exists()
        update_person(actor=editor, person=person, changes={
            "nationality": "SDN", "sex": "X" if person.sex != "X" else "F",
            "date_of_birth": dt.date(1950, 1, 1) if principal else dt.date(2023, 6, 1)})
    moved = assessed[0]
    moved.office = world.office_b if moved.office_id != world.office_b.pk else world.office_a
    moved.save()
    _assert_same_as_recount(readers)

    # Two persons found to be one: the survivor carries the merged person's records and counts once.
    from passage.registry.duplicates import merge_persons

    in_a = [p for p in assessed if p.office_id in (world.office_a.pk, world.sub_a.pk)]
    survivor = next(p for p in in_a if p.memberships.exists())
    other = next((p for p in persons if p.office_id == survivor.office_id and p.pk != survivor.pk
                  and not {m.case_id for m in p.memberships.all()} & {m.case_id for m in survivor.memberships.all()}),
                 None)
    assert other is not None
    low, high = sorted((survivor, other), key=lambda p: p.pk)
    candidate = DuplicateCandidate.objects.create(person_a=low, person_b=high, score=0.9, reasons=[])
    merge_persons(actor=editor, candidate=candidate, survivor=survivor)
    _assert_same_as_recount(readers)

    # The rebuild from the records gives the same summary.
    before = {by: selectors.morbidity(user=readers[0], by=by) for by in selectors.GROUPINGS}
    call_command("rebuild_morbidity", verbosity=0)
    call_command("rebuild_morbidity", "--check", verbosity=0)
    assert {by: selectors.morbidity(user=readers[0], by=by) for by in selectors.GROUPINGS} == before
    assert MorbidityMark.objects.count() == sum(1 for p in Person.objects.all() if p.health_assessments.filter(
        kind="mha").exists())


def test_the_summary_holds_no_person_and_no_readable_tb_count(world):
    medical = UserFactory(username="med", roles=[(world.office_a, Role.MEDICAL_OFFICER)])
    person = world.case_a.members.order_by("id").first().person
    at = timezone.now() - dt.timedelta(days=2)
    services.record_assessment(actor=medical, person=person, data=AssessmentIn(
        kind="mha", performed_at=at, clinic="Kakuma", physician="Dr. Mwangi"))
    services.record_tb_classification(actor=medical, person=person, data=TbClassificationIn(
        classified_on=at.date(), value="active"))
    columns = {f.column for f in MorbidityCell._meta.concrete_fields}
    assert not {"person_id", "case_id"} & columns
    with connection.cursor() as cursor:
        cursor.execute("SELECT tb_positive FROM health_morbiditycell")
        stored = [row[0] for row in cursor.fetchall()]
        cursor.execute("SELECT counted FROM health_morbiditymark")
        marks = [row[0] for row in cursor.fetchall()]
    assert len(stored) == 5 and all(value.startswith("enc1:") for value in stored)
    assert len(marks) == 1 and marks[0].startswith("enc1:") and "active" not in marks[0]
    reader = UserFactory(username="im", roles=[(world.office_a, Role.INFORMATION_MANAGEMENT)])
    assert selectors.morbidity(user=reader, by="sex") == [{
        "group": person.sex, "persons": "<5", "tb_positive": "<5", "vaccinated": "0", "fit": "0",
        "fit_with_requirements": "0", "not_fit": "0", "deferred": "0"}]


def test_the_check_fails_when_rows_were_written_past_the_services(world):
    from passage.health.models import Assessment

    person = world.case_a.members.order_by("id").first().person
    Assessment.objects.create(person=person, kind="mha", performed_at=timezone.now(), clinic="Kakuma",
                              physician="Dr. Mwangi", destination_country="USA")
    with pytest.raises(CommandError, match="differ from the records"):
        call_command("rebuild_morbidity", "--check", verbosity=0)
    call_command("rebuild_morbidity", verbosity=0)
    call_command("rebuild_morbidity", "--check", verbosity=0)


@pytest.mark.django_db(transaction=True)
def test_parallel_first_assessments_into_the_same_cells_are_all_counted(world):
    if connection.vendor != "postgresql":
        pytest.skip("real parallel transactions need PostgreSQL (SQLite serialises writers)")
    medical = UserFactory(username="med_par", roles=[(world.office_a, Role.MEDICAL_OFFICER)])
    persons = [m.person for case in (CaseFactory(office=world.office_a, members=3),
                                     CaseFactory(office=world.office_a, members=3)) for m in case.members.all()]

    def record(i: int) -> None:
        services.record_assessment(actor=medical, person=persons[i], data=AssessmentIn(
            kind="mha", performed_at=timezone.now() - dt.timedelta(days=1), clinic="Kakuma", physician="Dr. M"))

    errors = [r for r in run_in_parallel(len(persons), record) if isinstance(r, Exception)]
    assert errors == []
    assert MorbidityCell.objects.get(office=world.office_a, dimension="office", value="").persons == 6
    assert morbidity.differences() == []


@pytest.mark.django_db(transaction=True)
def test_persons_swapping_groups_at_the_same_time_lock_the_cells_in_one_order(world):
    """Two writers lock the cells they move counts between in one order (the cells' key), so persons
    moving crosswise between two nationalities at the same moment never deadlock."""
    if connection.vendor != "postgresql":
        pytest.skip("real parallel transactions need PostgreSQL (SQLite serialises writers)")
    from passage.registry.services import update_person

    medical = UserFactory(username="med_swap", roles=[(world.office_a, Role.MEDICAL_OFFICER)])
    editor = UserFactory(username="cw_swap", roles=[(world.office_a, Role.CASEWORKER)])
    persons = [m.person for m in CaseFactory(office=world.office_a, members=6).members.all()]
    for index, person in enumerate(persons):
        person.nationality = ("SOM", "ERI")[index % 2]
        person.save()
        services.record_assessment(actor=medical, person=person, data=AssessmentIn(
            kind="mha", performed_at=timezone.now() - dt.timedelta(days=1), clinic="Kakuma", physician="Dr. M"))

    def swap(i: int) -> None:
        for _ in range(4):
            fresh = Person.objects.get(pk=persons[i].pk)
            update_person(actor=editor, person=fresh,
                          changes={"nationality": "ERI" if fresh.nationality == "SOM" else "SOM"})

    errors = [r for r in run_in_parallel(len(persons), swap) if isinstance(r, Exception)]
    assert errors == []
    cells = dict(MorbidityCell.objects.filter(office=world.office_a, dimension="nationality")
                 .values_list("value", "persons"))
    assert cells == {"SOM": 3, "ERI": 3}
    assert morbidity.differences() == []


def test_a_cell_deleted_by_hand_is_not_written_again_by_a_person_leaving_it(world):
    """A person leaving (or staying in) a cell only adds to it when it exists; only entering creates one."""
    medical = UserFactory(username="med", roles=[(world.office_a, Role.MEDICAL_OFFICER)])
    person = world.case_a.members.order_by("id").first().person
    person.nationality = "SOM"
    person.save()
    services.record_assessment(actor=medical, person=person, data=AssessmentIn(
        kind="mha", performed_at=timezone.now() - dt.timedelta(days=2), clinic="Kakuma", physician="Dr. Mwangi"))
    MorbidityCell.objects.filter(dimension__in=["nationality", "sex"]).delete()  # SQL by hand
    person.nationality = "ERI"
    person.save()
    assert dict(MorbidityCell.objects.filter(dimension="nationality").values_list("value", "persons")) == {"ERI": 1}
    services.record_vaccination(actor=medical, person=person, data=VaccinationIn(
        vaccine="mmr", given_on=timezone.now().date() - dt.timedelta(days=1)))
    assert not MorbidityCell.objects.filter(dimension="sex").exists()
    assert MorbidityCell.objects.get(dimension="nationality", value="ERI").vaccinated == 1
    call_command("rebuild_morbidity", verbosity=0)
    call_command("rebuild_morbidity", "--check", verbosity=0)


def test_rotating_the_field_keys_re_encrypts_the_summary_and_the_marks(world, settings):
    from cryptography.fernet import Fernet

    from passage.core import crypto

    medical = UserFactory(username="med", roles=[(world.office_a, Role.MEDICAL_OFFICER)])
    person = world.case_a.members.order_by("id").first().person
    at = timezone.now() - dt.timedelta(days=2)
    services.record_assessment(actor=medical, person=person, data=AssessmentIn(
        kind="mha", performed_at=at, clinic="Kakuma", physician="Dr. Mwangi"))
    services.record_tb_classification(actor=medical, person=person, data=TbClassificationIn(
        classified_on=at.date(), value="active"))
    other = world.case_a.members.order_by("id").last().person
    services.record_assessment(actor=medical, person=other, data=AssessmentIn(
        kind="mha", performed_at=at, clinic="Kakuma", physician="Dr. Mwangi"))
    settings.PASSAGE_FIELD_KEYS = [Fernet.generate_key().decode(), *crypto.field_keys()]
    call_command("rotate_field_keys", stdout=io.StringIO())
    settings.PASSAGE_FIELD_KEYS = settings.PASSAGE_FIELD_KEYS[:1]  # only the new key left
    reader = UserFactory(username="im", roles=[(world.office_a, Role.INFORMATION_MANAGEMENT)])
    assert selectors.morbidity(user=reader, by="sex")[0]["tb_positive"] == "<5"
    assert json.loads(MorbidityMark.objects.get(person=person).counted)[5] is True  # tb_positive
    assert json.loads(MorbidityMark.objects.get(person=other).counted)[5] is False
