"""Reads of the core app, each taking the acting user and returning what that user may see."""

from __future__ import annotations

from datetime import datetime

from django.db.models import QuerySet

from passage.core.models import Airline, ApiToken, AuditEvent, Office, Role, User
from passage.core.scoping import scoped

AUDIT_READER_ROLES = (Role.COMPLIANCE_OFFICER, Role.SYSTEM_ADMIN)


def offices_for(*, user: User) -> QuerySet[Office]:
    return scoped(Office.objects.select_related("region", "parent"), user)


def memberships_of(*, user: User):
    return user.memberships.select_related("office").order_by("office__name", "role")


def api_tokens_of(*, user: User) -> QuerySet[ApiToken]:
    return ApiToken.objects.filter(user=user)


def airlines(*, user: User, include_inactive: bool = False) -> QuerySet[Airline]:
    qs = Airline.objects.all()
    return qs if include_inactive else qs.filter(is_active=True)


def can_read_audit(user: User) -> bool:
    return user.is_authenticated and not user.is_partner and user.has_role(*AUDIT_READER_ROLES)


def audit_events(
    *,
    user: User,
    actor: str | None = None,
    action: str | None = None,
    object_type: str | None = None,
    object_id: str | None = None,
    office_id: int | None = None,
    since: datetime | None = None,
    until: datetime | None = None,
) -> QuerySet[AuditEvent]:
    qs = scoped(AuditEvent.objects.select_related("office"), user, roles=AUDIT_READER_ROLES)
    if actor:
        qs = qs.filter(actor_label=actor)
    if action:
        qs = qs.filter(action__startswith=action)
    if object_type:
        qs = qs.filter(object_type=object_type)
    if object_id:
        qs = qs.filter(object_id=object_id)
    if office_id:
        qs = qs.filter(office_id=office_id)
    if since:
        qs = qs.filter(at__gte=since)
    if until:
        qs = qs.filter(at__lt=until)
    return qs
