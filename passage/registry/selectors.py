"""Reads of the case registry, scoped to the acting user."""

from __future__ import annotations

from django.db.models import Count, Prefetch, Q, QuerySet

from passage.core.models import User
from passage.core.scoping import scoped
from passage.registry.models import Case, CaseMember


def cases_for(
    *, user: User, status: str | None = None, office_id: int | None = None, destination: str | None = None,
) -> QuerySet[Case]:
    qs = scoped(Case.objects.select_related("office"), user).annotate(
        member_count=Count("members", filter=Q(members__left_on__isnull=True))
    )
    if status:
        qs = qs.filter(status=status)
    if office_id:
        qs = qs.filter(office_id=office_id)
    if destination:
        qs = qs.filter(destination_country=destination.upper())
    return qs


def case_detail(*, user: User, number: str) -> Case:
    """One case with its current members, or Case.DoesNotExist when outside the user's scope."""
    members = CaseMember.objects.select_related("person").filter(left_on__isnull=True).order_by("id")
    return (
        scoped(Case.objects.select_related("office"), user)
        .prefetch_related(Prefetch("members", queryset=members, to_attr="current_members"))
        .get(number=number)
    )
