"""Health and orientation clearances: derived by their modules through set_derived_clearance, never
typed in by hand; every change of a readiness input tells listeners which cases changed."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from passage.core.errors import DomainError
from passage.core.models import AuditEvent
from passage.registry import records, services
from passage.registry.models import Clearance, Person
from passage.registry.schemas import ClearanceIn
from passage.registry.signals import case_inputs_changed

J = "application/json"


@pytest.fixture
def changed():
    seen: list[list[int]] = []

    def receiver(sender, case_ids, **kwargs):
        seen.append(case_ids)

    case_inputs_changed.connect(receiver)
    yield seen
    case_inputs_changed.disconnect(receiver)


@pytest.mark.django_db
def test_derived_clearance_is_one_row_per_member_and_case_and_audited_only_when_it_changes(world, changed):
    person = world.case_a.members.first().person
    day = dt.date(2026, 12, 1)
    first = records.set_derived_clearance(actor=None, person=person, kind="health", status="granted", valid_from=day,
                                          valid_until=day + dt.timedelta(days=180), reason="")
    assert [c.case_id for c in first] == [world.case_a.pk]
    assert changed == [[world.case_a.pk]]
    records.set_derived_clearance(actor=None, person=person, kind="health", status="refused", reason="Not fit to travel")
    records.set_derived_clearance(actor=None, person=person, kind="health", status="refused", reason="Not fit to travel")
    assert changed == [[world.case_a.pk]] * 2, "an unchanged clearance is not announced again"
    rows = Clearance.objects.filter(person=person, kind="health")
    assert rows.count() == 1
    assert (rows.get().status, rows.get().reason, rows.get().valid_from) == ("refused", "Not fit to travel", None)
    assert AuditEvent.objects.filter(action="clearance.derive").count() == 2


@pytest.mark.django_db
def test_a_new_reason_alone_is_saved_and_audited_but_not_announced(world, changed):
    """Listeners read a clearance's status and validity, not its reason: the health clearance's
    "still missing: ..." moves with most records and must not recompute the case's readiness."""
    from passage.readiness import engine
    from passage.readiness.models import ReadinessState

    person = world.case_a.members.first().person
    records.set_derived_clearance(actor=None, person=person, kind="health", status="pending",
                                  reason="Missing: chest X-ray, syphilis test")
    assert changed == [[world.case_a.pk]]
    stored = ReadinessState.objects.get(case=world.case_a)
    records.set_derived_clearance(actor=None, person=person, kind="health", status="pending",
                                  reason="Missing: syphilis test")
    assert changed == [[world.case_a.pk]], "a new reason alone is not announced"
    assert Clearance.objects.get(person=person, kind="health").reason == "Missing: syphilis test"
    assert AuditEvent.objects.filter(action="clearance.derive").count() == 2
    assert ReadinessState.objects.get(case=world.case_a).computed_at == stored.computed_at
    day = dt.date(2026, 12, 1)
    records.set_derived_clearance(actor=None, person=person, kind="health", status="pending", valid_from=day,
                                  reason="Missing: syphilis test")
    assert changed == [[world.case_a.pk]] * 2, "a new validity is announced"
    records.set_derived_clearance(actor=None, person=person, kind="health", status="granted", valid_from=day,
                                  reason="")
    assert changed == [[world.case_a.pk]] * 3, "a new status is announced"
    after = ReadinessState.objects.get(case=world.case_a)
    assert after.computed_at > stored.computed_at
    engine.recompute([world.case_a.pk])
    fresh = ReadinessState.objects.get(case=world.case_a)
    assert (after.status, after.windows, after.blockers) == (fresh.status, fresh.windows, fresh.blockers)


@pytest.mark.django_db
def test_derived_clearance_refuses_bad_input_naming_the_field(world):
    person = world.case_a.members.first().person
    bad = [
        ({"kind": "visa", "status": "granted", "valid_from": dt.date(2026, 1, 1)}, "kind"),
        ({"kind": "health", "status": "granted"}, "valid_from"),
        ({"kind": "orientation", "status": "granted", "valid_from": dt.date(2026, 2, 1),
          "valid_until": dt.date(2026, 1, 1)}, "valid_until"),
    ]
    for kwargs, field in bad:
        with pytest.raises(DomainError) as error:
            records.set_derived_clearance(actor=None, person=person, **kwargs)
        assert error.value.field == field
    assert not Clearance.objects.filter(person=person).exists()


@pytest.mark.django_db
def test_health_and_orientation_cannot_be_entered_by_hand(world, api_client):
    client = api_client(world.caseworker_a)
    response = client.post(f"/api/v1/cases/{world.case_a.number}/clearances",
                           {"kind": "health", "status": "granted", "valid_from": "2026-01-01"}, content_type=J)
    assert response.status_code == 422
    assert [e["field"] for e in json.loads(response.content)["errors"]] == ["kind"]
    assert not Clearance.objects.filter(kind="health").exists()


@pytest.mark.django_db
def test_readiness_inputs_announce_the_cases_they_change(world, changed):
    records.record_clearance(actor=world.caseworker_a, case=world.case_a,
                             data=ClearanceIn(kind="exit_permit", status="pending"))
    member = world.case_a.members.exclude(relationship="PA").first()
    services.remove_member(actor=world.caseworker_a, case=world.case_a, person=member.person, reason="left")
    principal = world.case_a.members.get(relationship="PA").person
    services.update_person(actor=world.caseworker_a, person=principal, changes={"date_of_birth": dt.date(1980, 1, 1)})
    assert changed == [[world.case_a.pk]] * 3


@pytest.fixture
def announced():
    """Every announcement with what changed and who changed it."""
    seen: list[tuple[list[int], set[str], object]] = []

    def receiver(sender, case_ids, inputs=frozenset(), actor=None, **kwargs):
        seen.append((case_ids, set(inputs), actor))

    case_inputs_changed.connect(receiver)
    yield seen
    case_inputs_changed.disconnect(receiver)


@pytest.mark.django_db
def test_each_announcement_says_what_changed_and_who_changed_it(world, announced):
    from passage.registry.schemas import CasePatch

    cw, case = world.caseworker_a, world.case_a
    principal = case.members.get(relationship="PA").person
    Person.objects.filter(memberships__case=case).exclude(pk=principal.pk).update(date_of_birth=dt.date(2010, 1, 1))
    services.update_person(actor=cw, person=principal, changes={"date_of_birth": principal.date_of_birth})
    assert announced == [], "the same date of birth again is no change"
    services.update_person(actor=cw, person=principal, changes={"date_of_birth": dt.date(1980, 1, 1)})
    services.update_case(actor=cw, case=case, data=CasePatch(destination_country="CAN"))
    services.update_case(actor=cw, case=case, data=CasePatch(government_ref="GOV-1"))
    member = case.members.exclude(relationship="PA").first()
    services.remove_member(actor=cw, case=case, person=member.person, reason="left")
    records.set_derived_clearance(actor=None, person=principal, kind="health", status="pending", reason="X-ray missing")
    assert [(inputs, actor) for _ids, inputs, actor in announced] == [
        ({"date_of_birth"}, cw), ({"destination", "case"}, cw), ({"case"}, cw), ({"composition"}, cw),
        ({"clearance"}, None)]


@pytest.mark.django_db
def test_the_case_page_says_why_a_derived_clearance_is_not_granted(world, client):
    person = world.case_a.members.first().person
    records.set_derived_clearance(actor=None, person=person, kind="health", status="pending",
                                  reason="Chest X-ray missing (required from age 15 for USA)")
    client.force_login(world.caseworker_a)
    html = client.get(f"/cases/{world.case_a.number}/").content.decode()
    assert "Chest X-ray missing (required from age 15 for USA)" in html
