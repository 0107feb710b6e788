"""Managing partner webhooks through the API and the pages: who manages which webhook, the secret
shown once and rotated, editing, disabling and enabling, the delivery log and the retry of a
failed delivery against a real HTTP receiver on 127.0.0.1; every write audited."""

from __future__ import annotations

import pytest

from passage.core.models import AuditEvent
from passage.core.tests.factories import UserFactory
from passage.movements import notify, tracking
from passage.movements.models import Webhook, WebhookDelivery

BODY = {"partner_country": "USA", "url": "https://partner.example.org/hook", "kinds": ["arrived", "handed_over"]}


def post(client, url, body=None):
    return client.post(url, body or {}, content_type="application/json")


def test_a_system_administrator_registers_a_webhook_and_sees_the_secret_once(world, staff, api_client):
    admin = api_client(world.sysadmin)
    response = post(admin, "/api/v1/movements/webhooks", BODY)
    assert response.status_code == 201
    created = response.json()
    assert created["kinds"] == ["arrived", "handed_over"] and created["office_id"] is None
    secret = created["secret"]
    assert len(secret) >= 40 and Webhook.objects.get().secret == secret
    assert "secret" not in admin.get(f"/api/v1/movements/webhooks/{created['id']}").json()
    assert all("secret" not in hook for hook in admin.get("/api/v1/movements/webhooks").json())
    event = AuditEvent.objects.get(action="webhook.create")
    assert secret not in str(event.after) and event.after["url"] == BODY["url"]
    # A secret of its own may be given; a short one is refused naming the field.
    bad = post(admin, "/api/v1/movements/webhooks", {**BODY, "secret": "short"})
    assert bad.status_code == 422 and "secret" in str(bad.json())
    assert Webhook.objects.count() == 1


@pytest.mark.parametrize(("body", "field"), [
    ({**BODY, "url": "ftp://partner.example.org/x"}, "url"),
    ({**BODY, "url": "https://"}, "url"),
    ({**BODY, "kinds": ["landed"]}, "kinds"),
    ({**BODY, "partner_country": "XXX"}, "partner_country"),
])
def test_bad_webhooks_are_refused_naming_the_field(world, api_client, body, field):
    response = post(api_client(world.sysadmin), "/api/v1/movements/webhooks", body)
    assert response.status_code == 422, response.content
    assert response["Content-Type"] == "application/problem+json"
    assert field in str(response.json()) and not Webhook.objects.exists()


def test_office_administrators_manage_their_offices_webhooks_only(world, staff, admin_b, api_client):
    own = post(api_client(staff.admin_a), "/api/v1/movements/webhooks", {**BODY, "office_id": world.office_a.pk})
    assert own.status_code == 201 and own.json()["office_id"] == world.office_a.pk
    # Not for another office, and not without one (that is a system administrator's webhook).
    assert post(api_client(staff.admin_a), "/api/v1/movements/webhooks",
                {**BODY, "office_id": world.office_b.pk}).status_code == 403
    assert post(api_client(staff.admin_a), "/api/v1/movements/webhooks", BODY).status_code == 403
    # Movement officers, caseworkers: no webhooks at all.
    assert post(api_client(staff.mo_a), "/api/v1/movements/webhooks",
                {**BODY, "office_id": world.office_a.pk}).status_code == 403
    assert api_client(staff.mo_a).get("/api/v1/movements/webhooks").json() == []
    hook_id = own.json()["id"]
    assert api_client(admin_b).get(f"/api/v1/movements/webhooks/{hook_id}").status_code == 404
    assert api_client(admin_b).patch(f"/api/v1/movements/webhooks/{hook_id}", {"is_active": False},
                                     content_type="application/json").status_code == 404
    assert post(api_client(admin_b), f"/api/v1/movements/webhooks/{hook_id}/rotate-secret").status_code == 404
    assert [h["id"] for h in api_client(world.sysadmin).get("/api/v1/movements/webhooks").json()] == [hook_id]


def test_a_partner_registers_webhooks_for_its_own_country_and_organisation(world, api_client):
    other_agency = UserFactory(username="partner_usa_2", partner_country="USA", partner_organisation="Other agency")
    partner = api_client(world.partner_usa)
    assert post(partner, "/api/v1/movements/webhooks", {**BODY, "partner_country": "CAN"}).status_code == 422
    created = post(partner, "/api/v1/movements/webhooks", BODY)
    assert created.status_code == 201 and created.json()["partner_organisation"] == "Agency"
    hook_id = created.json()["id"]
    assert [h["id"] for h in partner.get("/api/v1/movements/webhooks").json()] == [hook_id]
    assert api_client(other_agency).get(f"/api/v1/movements/webhooks/{hook_id}").status_code == 404
    assert api_client(other_agency).get("/api/v1/movements/webhooks").json() == []


def test_edit_disable_enable_and_rotate_are_audited(world, api_client):
    admin = api_client(world.sysadmin)
    created = post(admin, "/api/v1/movements/webhooks", BODY).json()
    url = f"/api/v1/movements/webhooks/{created['id']}"
    changed = admin.patch(url, {"url": "https://partner.example.org/v2", "kinds": ["departed"]},
                          content_type="application/json")
    assert changed.status_code == 200 and changed.json()["kinds"] == ["departed"]
    bad = admin.patch(url, {"kinds": ["nothing"]}, content_type="application/json")
    assert bad.status_code == 422 and "kinds" in str(bad.json())
    assert admin.patch(url, {"is_active": False}, content_type="application/json").json()["is_active"] is False
    assert admin.patch(url, {"is_active": True}, content_type="application/json").json()["is_active"] is True
    rotated = post(admin, f"{url}/rotate-secret")
    assert rotated.status_code == 200 and rotated.json()["secret"] not in (created["secret"], "")
    assert Webhook.objects.get().secret == rotated.json()["secret"]
    actions = list(AuditEvent.objects.filter(action__startswith="webhook.").order_by("id").values_list(
        "action", flat=True))
    assert actions == ["webhook.create", "webhook.update", "webhook.disable", "webhook.enable",
                       "webhook.rotate_secret"]
    assert rotated.json()["secret"] not in str(list(AuditEvent.objects.values_list("after", flat=True)))


def test_an_offices_webhook_carries_only_that_offices_bookings(world, staff, soon, ticketed,
                                                              django_capture_on_commit_callbacks):
    Webhook.objects.create(partner_country="USA", url="http://127.0.0.1:9/a", secret="a" * 20, kinds=["departed"],
                           office=world.office_a)
    Webhook.objects.create(partner_country="USA", url="http://127.0.0.1:9/b", secret="b" * 20, kinds=["departed"],
                           office=world.office_b)
    Webhook.objects.create(partner_country="USA", url="http://127.0.0.1:9/all", secret="c" * 20, kinds=["departed"])
    Webhook.objects.create(partner_country="USA", url="http://127.0.0.1:9/off", secret="d" * 20, kinds=["departed"],
                           is_active=False)
    booking = ticketed(world.case_a, [soon])
    tracking.record_events(actor=staff.mo_a, booking=booking, leg=soon, kind="checked_in")
    tracking.record_events(actor=staff.mo_a, booking=booking, leg=soon, kind="departed")
    urls = sorted(WebhookDelivery.objects.values_list("webhook__url", flat=True))
    assert urls == ["http://127.0.0.1:9/a", "http://127.0.0.1:9/all"]


def test_a_failed_delivery_is_retried_on_request(world, settings, api_client, partner_system,
                                                 django_capture_on_commit_callbacks):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    receiver = partner_system([503] * notify.MAX_ATTEMPTS + [200])
    hook = Webhook.objects.create(partner_country="USA", url=receiver.url, secret="s" * 20, kinds=["arrived"])
    delivery = WebhookDelivery.objects.create(webhook=hook, kind="arrived", payload={"event": "arrived"})
    for _ in range(notify.MAX_ATTEMPTS):
        notify.attempt_delivery(delivery.pk)
    admin = api_client(world.sysadmin)
    listed = admin.get(f"/api/v1/movements/webhook-deliveries?webhook_id={hook.pk}&status=failed").json()
    assert [(d["id"], d["attempts"]) for d in listed["items"]] == [(delivery.pk, 6)]
    with django_capture_on_commit_callbacks(execute=True):  # the task goes out once the retry commits
        response = post(admin, f"/api/v1/movements/webhook-deliveries/{delivery.pk}/retry")
    assert response.status_code == 200, response.content
    delivery.refresh_from_db()
    assert delivery.status == "delivered" and delivery.attempts == 7
    assert [entry["status_code"] for entry in delivery.log] == [503] * 6 + [200]
    again = post(admin, f"/api/v1/movements/webhook-deliveries/{delivery.pk}/retry")
    assert again.status_code == 422 and "status" in str(again.json())
    assert AuditEvent.objects.filter(action="webhook.retry").count() == 1
    assert post(api_client(world.partner_usa),
                f"/api/v1/movements/webhook-deliveries/{delivery.pk}/retry").status_code == 404


def test_the_webhook_pages(world, staff, client, settings, partner_system, django_capture_on_commit_callbacks):
    """Register on the page (the secret appears once), edit, disable, rotate, see the delivery log and
    retry a failed delivery; a movement officer is refused, another office's webhook is not found."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    receiver = partner_system([200])
    client.force_login(staff.admin_a)
    page = client.get("/movements/webhooks/")
    assert page.status_code == 200 and "No webhooks." in page.content.decode()
    refused = client.post("/movements/webhooks/", {"office_id": world.office_a.pk, "partner_country": "USA",
                                                  "url": "gopher://x", "kinds": ["arrived"]})
    assert refused.status_code == 422 and "A webhook URL starts with https://" in refused.content.decode()
    created = client.post("/movements/webhooks/", {"office_id": world.office_a.pk, "partner_country": "usa",
                                                  "url": receiver.url, "kinds": ["arrived", "handed_over"]})
    hook = Webhook.objects.get()
    assert created.status_code == 201 and hook.secret in created.content.decode()
    detail = client.get(f"/movements/webhooks/{hook.pk}/").content.decode()
    assert hook.secret not in detail and receiver.url in detail and "No deliveries yet." in detail
    client.post(f"/movements/webhooks/{hook.pk}/edit/", {"url": receiver.url + "/v2", "kinds": ["arrived"]})
    client.post(f"/movements/webhooks/{hook.pk}/disable/")
    hook.refresh_from_db()
    assert hook.url.endswith("/v2") and hook.kinds == ["arrived"] and not hook.is_active
    rotated = client.post(f"/movements/webhooks/{hook.pk}/rotate-secret/")
    hook.refresh_from_db()
    assert hook.secret in rotated.content.decode() and hook.secret_rotated_at is not None
    delivery = WebhookDelivery.objects.create(webhook=hook, kind="arrived", payload={}, status="failed",
                                              attempts=6, log=[{"at": "x", "status_code": 502, "error": "Bad"}])
    log = client.get(f"/movements/webhooks/{hook.pk}/").content.decode()
    assert "502" in log and f"Retry delivery {delivery.pk}" in log
    with django_capture_on_commit_callbacks(execute=True):
        retried = client.post(f"/movements/webhook-deliveries/{delivery.pk}/retry/", follow=True)
    retried = retried.content.decode()
    assert f"Delivery {delivery.pk} sent again" in retried
    delivery.refresh_from_db()
    assert delivery.status == "delivered" and delivery.log[-1]["status_code"] == 200
    other = Webhook.objects.create(partner_country="USA", url="https://b.example.org", secret="b" * 20,
                                   kinds=["arrived"], office=world.office_b)
    assert client.get(f"/movements/webhooks/{other.pk}/").status_code == 404
    client.force_login(staff.mo_a)
    assert client.get("/movements/webhooks/").status_code == 403
