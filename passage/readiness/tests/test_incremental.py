"""The stored readiness follows its inputs in the same transaction, and the full recompute repairs it."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.management import call_command
from django.utils import timezone

from passage.core.models import Role
from passage.core.tests.factories import UserFactory
from passage.readiness.models import ReadinessState
from passage.registry import records, services
from passage.registry.models import Clearance
from passage.registry.schemas import ClearanceIn, ClearancePatch

KINDS = ("security_check", "exit_permit", "visa")


def _clear_everything(actor, case, *, until=None):
    today = timezone.localdate()
    start = today - dt.timedelta(days=10)
    until = until or today + dt.timedelta(days=60)
    for kind in ("case_approval", "reception_assurance"):
        records.record_clearance(actor=actor, case=case, data=ClearanceIn(kind=kind, status="granted",
                                                                           valid_from=start))
    for member in case.members.all():
        for kind in KINDS:
            records.record_clearance(actor=actor, case=case, data=ClearanceIn(
                kind=kind, person_id=member.person_id, status="granted", valid_from=start, valid_until=until))
        for kind in ("health", "orientation"):
            records.set_derived_clearance(actor=actor, person=member.person, kind=kind, status="granted",
                                          valid_from=start, valid_until=until)


@pytest.mark.django_db
def test_each_clearance_recorded_updates_the_state_in_the_same_transaction(world):
    case = world.case_a
    _clear_everything(world.caseworker_a, case)
    state = ReadinessState.objects.get(case=case)
    today = timezone.localdate()
    assert state.status == "ready"
    assert state.window_start == today - dt.timedelta(days=10)
    assert state.window_end == today + dt.timedelta(days=58)  # visa etc. must hold on arrival (2 travel days)

    exit_permit = Clearance.objects.filter(case=case, kind="exit_permit").first()
    records.update_clearance(actor=world.caseworker_a, clearance=exit_permit,
                             data=ClearancePatch(valid_until=today - dt.timedelta(days=1)))
    state.refresh_from_db()
    assert state.status == "blocked"
    assert state.reason == "exit_permit:expired"
    assert {(b["kind"], b["problem"], b["actor"]) for b in state.blockers if b["blocking"]} == {
        ("exit_permit", "expired", "caseworker")}


@pytest.mark.django_db
def test_a_member_joining_without_clearances_blocks_the_case(world):
    case = world.case_sub
    _clear_everything(world.caseworker_a, case)
    assert ReadinessState.objects.get(case=case).status == "ready"
    services.add_member(actor=world.caseworker_a, case=case, relationship="other", reason="joined",
                        person_data=services.PersonIn(given_name="Sahra", family_name="Yusuf", sex="F",
                                                      date_of_birth=dt.date(1970, 1, 1), nationality="SOM"))
    state = ReadinessState.objects.get(case=case)
    assert state.status == "blocked"
    assert {b["person"] for b in state.blockers if b["problem"] == "missing"} == {"Sahra Yusuf"}


@pytest.mark.django_db
def test_full_recompute_repairs_every_case(world):
    ReadinessState.objects.all().delete()
    call_command("recompute_readiness", chunk=1)
    assert ReadinessState.objects.count() == 3
    assert set(ReadinessState.objects.values_list("status", flat=True)) == {"blocked"}


@pytest.mark.django_db
def test_a_failing_write_leaves_no_state_behind(world):
    officer = UserFactory(roles=[(world.office_a, Role.CASEWORKER)])
    with pytest.raises(Exception):  # noqa: B017, PT011
        from django.db import transaction

        with transaction.atomic():
            records.record_clearance(actor=officer, case=world.case_a, data=ClearanceIn(
                kind="case_approval", status="granted", valid_from=dt.date(2026, 1, 1)))
            raise RuntimeError("rolled back")
    assert not ReadinessState.objects.filter(case=world.case_a).exists()
