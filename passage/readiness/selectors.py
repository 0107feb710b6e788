"""Reads of readiness, scoped to the acting user: the board's sections and the stored states."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from passage.core.models import User
from passage.core.scoping import scoped
from passage.readiness.models import ReadinessRule, ReadinessState

SOON_DAYS = 14
VIEWS = ("ready_now", "ready_soon", "closing", "blocked")


def _open_on(day: dt.date) -> Q:
    return (Q(status="ready") & (Q(window_start__isnull=True) | Q(window_start__lte=day))
            & (Q(window_end__isnull=True) | Q(window_end__gte=day)))


def view_filter(view: str, today: dt.date) -> Q:
    """ready_now: the window is open today; ready_soon: it opens within two weeks; closing: open
    today and closes within two weeks; blocked: no window (or the stored one has ended since)."""
    soon = today + dt.timedelta(days=SOON_DAYS)
    if view == "ready_now":
        return _open_on(today)
    if view == "ready_soon":
        return Q(status="ready", window_start__gt=today, window_start__lte=soon)
    if view == "closing":
        return _open_on(today) & Q(window_end__lte=soon)
    if view == "blocked":
        return Q(status="blocked") | Q(status="ready", window_end__lt=today)
    raise ValueError(view)


def states_for(*, user: User, view: str | None = None, office_id: int | None = None, reason: str | None = None,
               destination: str | None = None, today: dt.date | None = None) -> QuerySet[ReadinessState]:
    qs = scoped(ReadinessState.objects.select_related("case", "case__office"), user)
    today = today or timezone.localdate()
    if view:
        qs = qs.filter(view_filter(view, today))
    if office_id:
        qs = qs.filter(case__office_id=office_id)
    if reason:
        qs = qs.filter(reason=reason)
    if destination:
        qs = qs.filter(case__destination_country=destination.upper())
    return qs


@dataclass
class Board:
    counts: dict[str, int]
    reasons: list[tuple[str, int]]  # (kind:problem, number of blocked cases), most first


def board_for(*, user: User, office_id: int | None = None, today: dt.date | None = None) -> Board:
    """The counts of each section and of each reason cases are blocked for, in a fixed number of queries."""
    today = today or timezone.localdate()
    base = states_for(user=user, office_id=office_id, today=today)
    counts = base.aggregate(**{v: Count("pk", filter=view_filter(v, today)) for v in VIEWS})
    reasons = (base.filter(status="blocked").values("reason").annotate(n=Count("pk")).order_by("-n", "reason"))
    return Board(counts=counts, reasons=[(r["reason"], r["n"]) for r in reasons])


def rules() -> QuerySet[ReadinessRule]:
    """Rule sets are reference data: every staff user reads them, administrators edit them."""
    return ReadinessRule.objects.all()
