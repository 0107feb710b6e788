"""Managing partner webhooks: register, edit, disable or enable, rotate the shared secret and
retry a failed delivery. Every write is audited; the secret never enters the audit trail and is
shown once, when it is made (registration and rotation).

Who manages which webhook is selectors.webhooks_for: system administrators (all), office
administrators (their offices' webhooks, which carry the events of those offices' bookings only),
and a receiving partner's own users (their organisation's webhooks for their country). Callers pass
a webhook already read through that selector; `_check_manager` repeats the check for the API.
"""

from __future__ import annotations

import secrets
from collections.abc import Collection, Sequence
from urllib.parse import urlsplit

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from passage.core import audit, reference
from passage.core.errors import DomainError, PermissionDeniedError
from passage.core.models import Office, Role, User
from passage.core.scoping import can_act_in
from passage.movements.models import Webhook, WebhookDelivery
from passage.movements.selectors import WEBHOOK_MANAGERS, webhooks_for

SECRET_BYTES = 32  # 43 URL-safe characters
MIN_SECRET = 16


def new_secret() -> str:
    return secrets.token_urlsafe(SECRET_BYTES)


def event_kinds() -> list[str]:
    from passage.movements.tracking import EVENT_RULES

    return list(EVENT_RULES)


def _check_url(url: str) -> str:
    url = url.strip()
    parts = urlsplit(url)
    if parts.scheme not in ("https", "http") or not parts.hostname:
        raise DomainError(_("A webhook URL starts with https:// (or http:// on a private network) and names a host."),
                          field="url")
    if len(url) > 500:
        raise DomainError(_("The URL is longer than 500 characters."), field="url")
    return url


def _check_kinds(kinds: Sequence[str]) -> list[str]:
    allowed = event_kinds()
    if not kinds or any(k not in allowed for k in kinds):
        raise DomainError(_("Choose movement event kinds (e.g. departed, arrived, handed_over)."), field="kinds")
    return sorted(set(kinds))


def _snapshot(hook: Webhook) -> dict:
    return {"partner_country": hook.partner_country, "url": hook.url, "kinds": hook.kinds,
            "is_active": hook.is_active, "office": hook.office_id, "partner_organisation": hook.partner_organisation}


def may_register(actor: User) -> bool:
    """Whether `actor` may register webhooks at all: the webhooks page opens, and the navigation
    offers it, only then."""
    if actor.is_partner:
        return bool(actor.partner_organisation)
    return roles_may_register(actor.roles())


def roles_may_register(roles: Collection[str]) -> bool:
    """The staff side of may_register, for the roles a user holds in one office (a home page section)."""
    return bool(set(roles) & set(WEBHOOK_MANAGERS))


def offices_for(actor: User) -> list[Office]:
    """The offices in whose name `actor` may register a webhook (empty for partners)."""
    if actor.is_partner:
        return []
    ids = set(actor.memberships.filter(role__in=WEBHOOK_MANAGERS).values_list("office_id", flat=True))
    return list(Office.objects.filter(pk__in=ids).order_by("name"))


def create_webhook(*, actor: User, partner_country: str, url: str, kinds: Sequence[str], secret: str = "",
                   office: Office | None = None) -> tuple[Webhook, str]:
    """A new webhook and its shared secret (generated unless given), to be shown once."""
    country = partner_country.strip().upper()
    organisation = ""
    if actor.is_partner:
        if not actor.partner_organisation:
            raise PermissionDeniedError(_("Your account names no partner organisation."))
        if country != actor.partner_country:
            raise DomainError(_("A partner registers webhooks for its own country only."), field="partner_country")
        if office is not None:
            raise PermissionDeniedError(_("A partner's webhook belongs to no office."), field="office_id")
        organisation = actor.partner_organisation
    elif office is None:
        if not actor.has_role(Role.SYSTEM_ADMIN):
            raise PermissionDeniedError(_("Choose the office that manages this webhook."), field="office_id")
    elif not (actor.has_role(Role.SYSTEM_ADMIN) or can_act_in(actor, office.pk, (Role.OFFICE_ADMIN,))):
        raise PermissionDeniedError(_("You do not administer this office."), field="office_id")
    if not reference.is_country(country):
        raise DomainError(_("Give the receiving country's ISO 3166-1 alpha-3 code."), field="partner_country")
    url = _check_url(url)
    kinds = _check_kinds(kinds)
    if secret and len(secret) < MIN_SECRET:
        raise DomainError(_("The shared secret has at least %(count)d characters.") % {"count": MIN_SECRET}, field="secret")
    secret = secret or new_secret()
    with transaction.atomic():
        hook = Webhook.objects.create(partner_country=country, url=url, secret=secret, kinds=kinds, office=office,
                                      partner_organisation=organisation, created_by=actor)
        audit.record(actor=actor, action="webhook.create", obj=hook, office=office, after=_snapshot(hook))
    return hook, secret


def _check_manager(actor: User, hook: Webhook) -> None:
    if not webhooks_for(user=actor).filter(pk=hook.pk).exists():
        raise PermissionDeniedError(_("You do not manage this webhook."))


def update_webhook(*, actor: User, hook: Webhook, url: str | None = None, kinds: Sequence[str] | None = None,
                   is_active: bool | None = None) -> Webhook:
    """Change the URL, the event kinds, or switch the webhook off and on again. A disabled webhook
    gets no new deliveries; those already pending are still attempted."""
    _check_manager(actor, hook)
    with transaction.atomic():
        hook = Webhook.objects.select_for_update().get(pk=hook.pk)
        before = _snapshot(hook)
        if url is not None:
            hook.url = _check_url(url)
        if kinds is not None:
            hook.kinds = _check_kinds(kinds)
        if is_active is not None:
            hook.is_active = is_active
        after = _snapshot(hook)
        if after != before:
            hook.save(update_fields=["url", "kinds", "is_active"])
            action = "webhook.update"
            if set(before) == set(after) and {k for k in after if after[k] != before[k]} == {"is_active"}:
                action = "webhook.enable" if hook.is_active else "webhook.disable"
            audit.record(actor=actor, action=action, obj=hook, office=hook.office_id, before=before, after=after)
    return hook


def rotate_secret(*, actor: User, hook: Webhook) -> tuple[Webhook, str]:
    """A new shared secret, returned once; later deliveries (retries included) are signed with it."""
    _check_manager(actor, hook)
    secret = new_secret()
    with transaction.atomic():
        hook = Webhook.objects.select_for_update().get(pk=hook.pk)
        hook.secret = secret
        hook.secret_rotated_at = timezone.now()
        hook.save(update_fields=["secret", "secret_rotated_at"])
        audit.record(actor=actor, action="webhook.rotate_secret", obj=hook, office=hook.office_id,
                     after={"rotated_at": hook.secret_rotated_at.isoformat()})
    return hook, secret


def retry_delivery(*, actor: User, delivery: WebhookDelivery) -> WebhookDelivery:
    """Send a failed delivery once more, now (on the task worker). If that attempt fails too the
    delivery is failed again: a manual retry does not restart the back-off series."""
    from passage.movements.tasks import deliver_webhook

    _check_manager(actor, delivery.webhook)
    with transaction.atomic():
        delivery = WebhookDelivery.objects.select_for_update().select_related("webhook").get(pk=delivery.pk)
        if delivery.status != WebhookDelivery.Status.FAILED:
            raise DomainError(_("Only a failed delivery can be retried; a pending one is retried by itself."),
                              field="status")
        delivery.status = WebhookDelivery.Status.PENDING
        delivery.next_attempt_at = timezone.now()
        delivery.save(update_fields=["status", "next_attempt_at"])
        audit.record(actor=actor, action="webhook.retry", obj=delivery, office=delivery.webhook.office_id,
                     after={"webhook": delivery.webhook_id, "attempts": delivery.attempts})
        transaction.on_commit(lambda: deliver_webhook.enqueue(delivery.pk))
    return delivery
