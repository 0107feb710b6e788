"""The audit trail: every write records who, when, what, before and after, in the same
transaction; events are append-only; compliance officers read them, scoped, by page and API."""

from __future__ import annotations

import pytest
from django.db import connection, transaction

from passage.core import audit, services
from passage.core.models import Airline, AuditEvent


@pytest.mark.django_db
def test_a_write_through_the_api_records_actor_before_after_request_and_address(world, api_client):
    airline = Airline.objects.get(iata_code="KQ")
    response = api_client(world.sysadmin).patch(
        f"/api/v1/reference/airlines/{airline.pk}", {"has_agreement": False},
        content_type="application/json", headers={"X-Request-ID": "audit-req-0001"}, REMOTE_ADDR="10.1.2.3",
    )
    assert response.status_code == 200
    event = AuditEvent.objects.get(action="airline.update")
    assert event.actor == world.sysadmin and event.actor_label == "sysadmin"
    assert event.object_type == "core.airline" and event.object_id == str(airline.pk)
    assert event.before["has_agreement"] is True and event.after["has_agreement"] is False
    assert event.request_id == "audit-req-0001" and event.client_ip == "10.1.2.3"


@pytest.mark.django_db
def test_a_failed_write_leaves_neither_change_nor_event(world):
    before = AuditEvent.objects.count()
    with pytest.raises(RuntimeError), transaction.atomic():
        services.create_airline(actor=world.sysadmin, iata_code="ZZ", name="Rollback Air", country="KEN")
        raise RuntimeError("crash after the write")
    assert not Airline.objects.filter(iata_code="ZZ").exists()
    assert AuditEvent.objects.count() == before


@pytest.mark.django_db(transaction=True)
def test_record_refuses_to_run_outside_a_transaction():
    # An event written outside the write's transaction could survive a rolled-back change.
    with pytest.raises(RuntimeError, match="inside the transaction"):
        audit.record(actor=None, action="x", object_type="y", object_id=1)
    assert not AuditEvent.objects.filter(action="x").exists()


@pytest.mark.django_db
def test_events_cannot_be_changed_or_deleted_through_the_orm(world):
    services.create_airline(actor=world.sysadmin, iata_code="ZZ", name="Append Air", country="KEN")
    event = AuditEvent.objects.get(action="airline.create")
    event.action = "nothing.happened"
    with pytest.raises(PermissionError):
        event.save()
    with pytest.raises(PermissionError):
        event.delete()
    with pytest.raises(PermissionError):
        AuditEvent.objects.filter(pk=event.pk).update(action="x")
    with pytest.raises(PermissionError):
        AuditEvent.objects.all().delete()


@pytest.mark.django_db
def test_postgresql_refuses_update_and_delete_of_events_in_the_database():
    if connection.vendor != "postgresql":
        pytest.skip("the database trigger exists on PostgreSQL only (the ORM guard is tested above)")
    from django.db.utils import DatabaseError

    with transaction.atomic():
        audit.record(actor=None, action="test.event", object_type="test", object_id=1)
    for sql in ("UPDATE core_auditevent SET action = 'forged'", "DELETE FROM core_auditevent"):
        with pytest.raises(DatabaseError, match="append-only"), transaction.atomic(), connection.cursor() as cur:
            cur.execute(sql)
    assert AuditEvent.objects.filter(action="test.event").exists()


@pytest.mark.django_db
def test_sign_in_and_failed_sign_in_are_audited(world, client):
    client.post("/login/", {"username": "cw_a", "password": "wrong"})
    client.post("/login/", {"username": "cw_a", "password": "correct horse battery"})
    actions = list(AuditEvent.objects.order_by("id").values_list("action", "object_id"))
    assert ("auth.sign_in_failed", "cw_a") in actions
    assert ("auth.sign_in", str(world.caseworker_a.pk)) in actions


@pytest.mark.django_db
def test_compliance_officers_read_events_of_their_offices_only(world, api_client):
    with transaction.atomic():
        audit.record(actor=world.caseworker_a, action="case.note", object_type="registry.case", object_id=1,
                     office=world.office_a)
        audit.record(actor=world.caseworker_b, action="case.note", object_type="registry.case", object_id=2,
                     office=world.office_b)
    hq = api_client(world.compliance_hq).get("/api/v1/audit-events?action=case.").json()["items"]
    office_b = api_client(world.compliance_b).get("/api/v1/audit-events?action=case.").json()["items"]
    assert {e["object_id"] for e in hq} == {"1", "2"}
    assert {e["object_id"] for e in office_b} == {"2"}


@pytest.mark.django_db
def test_other_roles_and_partners_may_not_read_the_trail(world, api_client, client):
    for user in (world.caseworker_a, world.partner_usa):
        assert api_client(user).get("/api/v1/audit-events").status_code == 403
    client.force_login(world.caseworker_a)
    assert client.get("/audit/").status_code == 403


@pytest.mark.django_db
def test_audit_page_filters_by_actor_and_action(world, client):
    services.create_airline(actor=world.sysadmin, iata_code="ZZ", name="Filter Air", country="KEN")
    services.create_api_token(actor=world.caseworker_a, name="script")
    client.force_login(world.compliance_hq)
    page = client.get("/audit/", {"actor": "sysadmin", "action": "airline."}).content.decode()
    assert "airline.create" in page and "api_token.create" not in page
    partial = client.get("/audit/", {"action": "api_token."}, headers={"HX-Request": "true"}).content.decode()
    assert "api_token.create" in partial and "<html" not in partial


@pytest.mark.django_db
def test_audit_events_between_two_days_without_offsets_are_read_as_utc(world, api_client):
    import datetime as dt
    import warnings

    with transaction.atomic():
        audit.record(actor=world.caseworker_a, action="case.note", object_type="registry.case", object_id=7,
                     office=world.office_a)
    event = AuditEvent.objects.get(object_id="7")
    day = event.at.astimezone(dt.UTC).date()
    client = api_client(world.compliance_hq)
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # Django warns when it gets a naive time to filter on
        inside = client.get(f"/api/v1/audit-events?since={day}&until={day + dt.timedelta(days=1)}")
        before = client.get(f"/api/v1/audit-events?until={day}T00:00:00")
    assert inside.status_code == 200 and "7" in {e["object_id"] for e in inside.json()["items"]}
    assert "7" not in {e["object_id"] for e in before.json()["items"]}
