"""Notifications to subscribed users (in the app and by e-mail) and signed webhooks for partner
systems, retried with back-off and logged per attempt."""

from __future__ import annotations

import datetime as dt
import json

from django.core import mail
from django.utils import timezone

from passage.movements import notify, tracking
from passage.movements.models import Notification, Webhook, WebhookDelivery


def test_subscribers_who_can_read_the_booking_are_notified(world, staff, soon, ticketed, client,
                                                           django_capture_on_commit_callbacks):
    from passage.movements import services

    staff.mo_a.email = "mo_a@example.org"
    staff.mo_a.save()
    services.set_subscriptions(actor=staff.mo_a, kinds=["departed", "no_show"])
    services.set_subscriptions(actor=staff.mo_b, kinds=["departed"])  # another office: not told
    booking = ticketed(world.case_a, [soon])
    with django_capture_on_commit_callbacks(execute=True):
        tracking.record_events(actor=staff.mo_a, booking=booking, leg=soon, kind="checked_in")
        tracking.record_events(actor=staff.mo_a, booking=booking, leg=soon, kind="departed")
    notes = list(Notification.objects.all())
    assert [(n.user, n.kind) for n in notes] == [(staff.mo_a, "departed")]
    assert world.case_a.number in notes[0].message and "3 travellers" in notes[0].message
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["mo_a@example.org"]
    client.force_login(staff.mo_a)
    page = client.get("/movements/notifications/").content.decode()
    assert notes[0].text in page and "travellers: 3" in notes[0].text and "1 unread" in page
    client.post("/movements/notifications/", {"mark_read": "1"})
    assert Notification.objects.filter(read_at__isnull=False).count() == 1


def test_a_partner_webhook_is_signed_and_retried(world, staff, soon, ticketed, settings, partner_system,
                                                  django_capture_on_commit_callbacks):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    receiver = partner_system([503, 200])
    Webhook.objects.create(partner_country="USA", url=receiver.url, secret="s3cret-shared-with-partner",
                           kinds=["departed", "handed_over"])
    Webhook.objects.create(partner_country="CAN", url=receiver.url, secret="x" * 16, kinds=["departed"])
    booking = ticketed(world.case_a, [soon])
    with django_capture_on_commit_callbacks(execute=True):
        tracking.record_events(actor=staff.mo_a, booking=booking, leg=soon, kind="checked_in")
        tracking.record_events(actor=staff.mo_a, booking=booking, leg=soon, kind="departed")
    delivery = WebhookDelivery.objects.get()
    assert delivery.status == "pending" and delivery.attempts == 1 and delivery.log[0]["status_code"] == 503
    assert delivery.next_attempt_at > timezone.now() + dt.timedelta(minutes=1)
    assert notify.attempt_delivery(delivery.pk) == "delivered"
    delivery.refresh_from_db()
    assert delivery.attempts == 2 and [entry["status_code"] for entry in delivery.log] == [503, 200]
    headers, body = receiver.requests[-1]
    assert headers["X-Passage-Signature"] == notify.sign("s3cret-shared-with-partner", body)
    sent = json.loads(body)
    assert sent["event"] == "departed" and sent["case_number"] == world.case_a.number and sent["travellers"] == 3
    with django_capture_on_commit_callbacks(execute=True):  # the arrival is not subscribed, the hand-over is
        tracking.record_events(actor=staff.mo_usa, booking=booking, leg=soon, kind="arrived")
        tracking.record_events(actor=world.partner_usa, booking=booking, leg=soon, kind="handed_over",
                               handed_over_to="IRC Dallas")
    assert list(WebhookDelivery.objects.order_by("id").values_list("kind", "status")) == [
        ("departed", "delivered"), ("handed_over", "delivered")]


def test_a_delivery_gives_up_after_six_attempts(world):
    from passage.movements.models import Webhook

    hook = Webhook.objects.create(partner_country="USA", url="http://127.0.0.1:9/closed", secret="y" * 16,
                                  kinds=["arrived"])
    delivery = WebhookDelivery.objects.create(webhook=hook, kind="arrived", payload={"event": "arrived"})
    statuses = [notify.attempt_delivery(delivery.pk) for _ in range(notify.MAX_ATTEMPTS)]
    delivery.refresh_from_db()
    assert statuses[-1] == "failed" and statuses[:-1] == ["pending"] * 5 and len(delivery.log) == 6
    assert notify.backoff(1) == dt.timedelta(minutes=2) and notify.backoff(5) == dt.timedelta(minutes=32)


def test_subscriptions_api_documents_and_checks_the_kinds(staff, api_client, client):
    api = api_client(staff.mo_a)
    kinds = client.get("/api/v1/openapi.json").json()["components"]["schemas"]["SubscriptionsIn"]["properties"]["kinds"]
    assert "$ref" in kinds["items"] or "enum" in kinds["items"]
    refused = api.put("/api/v1/movements/subscriptions", {"kinds": ["departed", ""]}, content_type="application/json")
    assert refused.status_code == 422 and refused.json()["errors"][0]["field"] == "kinds.1"
    saved = api.put("/api/v1/movements/subscriptions", {"kinds": ["arrived"]}, content_type="application/json")
    assert saved.status_code == 200 and saved.json() == {"kinds": ["arrived"]}
