"""Writing the audit trail. Services call `record()` inside their own transaction, so the event and
the change commit or roll back together. The request id and client address come from the request
context set by RequestContextMiddleware (empty for management commands)."""

from __future__ import annotations

import contextvars
import datetime as dt
import decimal
import uuid
from dataclasses import dataclass
from typing import Any

from django.db import models, transaction
from django.utils import timezone

from passage.core.models import AuditEvent, Office, User


@dataclass(frozen=True)
class RequestContext:
    request_id: str = ""
    client_ip: str | None = None


current_request: contextvars.ContextVar[RequestContext] = contextvars.ContextVar(
    "passage_request", default=RequestContext()
)


def _plain(value: Any) -> Any:
    if isinstance(value, (dt.date, dt.datetime, dt.time)):
        return value.isoformat()
    if isinstance(value, (decimal.Decimal, uuid.UUID)):
        return str(value)
    if isinstance(value, models.Model):
        return value.pk
    return value


def snapshot(obj: models.Model, *, exclude: tuple[str, ...] = ()) -> dict[str, Any]:
    """The concrete field values of `obj`, JSON-ready, for an event's before/after."""
    data = {}
    for field in obj._meta.concrete_fields:
        if field.name in exclude:
            continue
        data[field.attname] = _plain(getattr(obj, field.attname))
    return data


def record(
    *,
    actor: User | None,
    action: str,
    obj: models.Model | None = None,
    object_type: str | None = None,
    object_id: str | int | None = None,
    office: Office | int | None = None,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
) -> AuditEvent:
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("audit.record() must run inside the transaction of the write it records.")
    ctx = current_request.get()
    return AuditEvent.objects.create(
        at=timezone.now(),
        actor=actor if actor is not None and actor.pk else None,
        actor_label=actor.get_username() if actor is not None and actor.pk else "system",
        action=action,
        object_type=object_type or (obj._meta.label_lower if obj is not None else ""),
        object_id=str(object_id if object_id is not None else (obj.pk if obj is not None else "")),
        office_id=office.pk if isinstance(office, Office) else office,
        before=before,
        after=after,
        request_id=ctx.request_id,
        client_ip=ctx.client_ip,
    )
