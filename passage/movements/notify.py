"""Telling people and partner systems that something moved.

When a movement event is recorded, `movement_recorded` (called by tracking, inside its
transaction) writes a notification for every subscribed user who can read the booking, and a
delivery for every active webhook of the booking's receiving country. Once the transaction
commits, the notifications go out by e-mail (Django's mail backend) and each delivery is handed to
the task worker, which POSTs it signed with the webhook's shared secret (HMAC-SHA256) and retries
with exponential back-off; every attempt is logged on the delivery.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json
import logging
import urllib.error
import urllib.parse
import urllib.request

from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_noop

from passage.core import stored_text
from passage.core.models import User
from passage.movements.models import Booking, Leg, Notification, Subscription, Webhook, WebhookDelivery

logger = logging.getLogger(__name__)

# Which subscription each movement event feeds (events not listed notify nobody).
SUBSCRIPTION_OF_EVENT = {
    "departed": Subscription.Kind.DEPARTED,
    "no_show": Subscription.Kind.NO_SHOW,
    "arrived": Subscription.Kind.ARRIVED,
    "medical_incident": Subscription.Kind.INCIDENT,
    "luggage_issue": Subscription.Kind.INCIDENT,
    "offloaded": Subscription.Kind.INCIDENT,
}
MAX_ATTEMPTS = 6
TIMEOUT_SECONDS = 10
SIGNATURE_HEADER = "X-Passage-Signature"


def backoff(attempts: int) -> dt.timedelta:
    """Two minutes after the first failure, then doubling: 2, 4, 8, 16, 32 minutes."""
    return dt.timedelta(minutes=2 ** attempts)


def sign(secret: str, body: bytes) -> str:
    return "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


def movement_recorded(*, booking: Booking, leg: Leg, kind: str, count: int, at: dt.datetime) -> None:
    from passage.movements.selectors import bookings_for

    subscription = SUBSCRIPTION_OF_EVENT.get(kind)
    case_number = booking.case.number
    message = (f"{case_number}: {kind.replace('_', ' ')}, {leg.designator} {leg.departure_airport}-"
               f"{leg.arrival_airport}, {count} traveller{'s' if count != 1 else ''}, {at:%Y-%m-%d %H:%M} UTC")
    # Kept beside the English message so that the notifications page shows it in the reader's language
    # (the count stands apart: one wording reads right for every number in every language).
    source = stored_text.source(
        gettext_noop("%(case_number)s: %(event)s, %(flight)s %(departure)s-%(arrival)s, travellers: %(count)d, "
                     "%(at)s UTC"),
        {"case_number": case_number, "event": kind, "flight": leg.designator, "departure": leg.departure_airport,
         "arrival": leg.arrival_airport, "count": count, "at": f"{at:%Y-%m-%d %H:%M}"})
    subscribers = User.objects.filter(movement_subscriptions__kind=subscription, is_active=True) if subscription \
        else User.objects.none()
    readers = [user for user in subscribers if bookings_for(user=user).filter(pk=booking.pk).exists()]
    notes = Notification.objects.bulk_create([
        Notification(user=user, kind=subscription, booking=booking, leg=leg, message=message[:300],
                     message_source=source)
        for user in readers])
    payload = {"event": kind, "at": at.isoformat(), "booking_id": booking.pk, "case_number": case_number,
               "destination_country": booking.destination_country, "flight": leg.designator,
               "departure_airport": leg.departure_airport, "arrival_airport": leg.arrival_airport,
               "scheduled_arrival": leg.scheduled_arrival.isoformat(), "travellers": count}
    hooks = [h for h in Webhook.objects.filter(is_active=True, partner_country=booking.destination_country)
             if kind in h.kinds and _hears(h, booking)]
    deliveries = WebhookDelivery.objects.bulk_create([
        WebhookDelivery(webhook=hook, kind=kind, payload=payload) for hook in hooks])
    note_ids, delivery_ids = [n.pk for n in notes], [d.pk for d in deliveries]
    transaction.on_commit(lambda: _after_commit(note_ids, delivery_ids))


def _hears(hook: Webhook, booking: Booking) -> bool:
    """An office's webhook carries the events of that office's bookings (sub-offices included);
    one without an office (system administrators', a partner's) all bookings bound for its country."""
    if hook.office_id is None:
        return True
    from passage.core.scoping import _descendants

    return booking.office_id in _descendants({hook.office_id})


def _after_commit(note_ids: list[int], delivery_ids: list[int]) -> None:
    from passage.movements.tasks import deliver_webhook

    for note in Notification.objects.filter(pk__in=note_ids).select_related("user"):
        if note.user.email:
            send_mail(f"Passage: {note.message[:80]}", note.message, None, [note.user.email], fail_silently=True)
    for delivery_id in delivery_ids:
        deliver_webhook.enqueue(delivery_id)


def attempt_delivery(delivery_id: int) -> str:
    """POST one delivery once; on failure schedule the next attempt (or give up after six)."""
    from passage.movements.tasks import deliver_webhook

    with transaction.atomic():
        delivery = WebhookDelivery.objects.select_for_update().select_related("webhook").get(pk=delivery_id)
        if delivery.status != WebhookDelivery.Status.PENDING:
            return delivery.status
        status_code, error = _post(delivery)
        now = timezone.now()
        delivery.attempts += 1
        delivery.log = [*delivery.log, {"at": now.isoformat(), "status_code": status_code, "error": error}]
        if status_code is not None and 200 <= status_code < 300:
            delivery.status, delivery.delivered_at, delivery.next_attempt_at = "delivered", now, None
        elif delivery.attempts >= MAX_ATTEMPTS:
            delivery.status, delivery.next_attempt_at = "failed", None
        else:
            delivery.next_attempt_at = now + backoff(delivery.attempts)
        delivery.save(update_fields=["attempts", "log", "status", "delivered_at", "next_attempt_at"])
    if delivery.next_attempt_at is not None and deliver_webhook.get_backend().supports_defer:
        deliver_webhook.using(run_after=delivery.next_attempt_at).enqueue(delivery.pk)
    return delivery.status


def _post(delivery: WebhookDelivery) -> tuple[int | None, str]:
    url = delivery.webhook.url
    if urllib.parse.urlsplit(url).scheme not in ("http", "https"):
        return None, "only http and https URLs are called"
    body = json.dumps({"delivery_id": delivery.pk, **delivery.payload}, sort_keys=True).encode()
    request = urllib.request.Request(url, data=body, method="POST", headers={  # noqa: S310 - scheme checked above
        "Content-Type": "application/json", SIGNATURE_HEADER: sign(delivery.webhook.secret, body),
        "X-Passage-Delivery": str(delivery.pk), "X-Passage-Event": delivery.kind})
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT_SECONDS) as response:  # nosec B310 - scheme checked
            return response.status, ""
    except urllib.error.HTTPError as exc:
        return exc.code, str(exc.reason)[:200]
    except (urllib.error.URLError, OSError) as exc:
        return None, str(exc)[:200]


def retry_due() -> int:
    """Attempt every pending delivery whose next attempt is due (for task backends that cannot
    defer a task, run by `manage.py retry_webhooks`, e.g. from cron)."""
    due = list(WebhookDelivery.objects.filter(status="pending", next_attempt_at__lte=timezone.now())
               .values_list("pk", flat=True))
    for delivery_id in due:
        attempt_delivery(delivery_id)
    return len(due)
