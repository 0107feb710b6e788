"""Reads of the case registry, scoped to the acting user."""

from __future__ import annotations

from django.db.models import Count, IntegerField, OuterRef, Prefetch, QuerySet, Subquery
from django.db.models.functions import Coalesce

from passage.core.models import User
from passage.core.scoping import scoped
from passage.registry.models import Case, CaseMember


def cases_for(
    *, user: User, status: str | None = None, office_id: int | None = None, destination: str | None = None,
) -> QuerySet[Case]:
    # A correlated subquery, not JOIN + GROUP BY: the count is then computed only for the rows of
    # the page, instead of aggregating the whole table before the LIMIT (1 s at 100,000 cases).
    current = (
        CaseMember.objects.filter(case=OuterRef("pk"), left_on__isnull=True)
        .order_by().values("case").annotate(n=Count("pk")).values("n")
    )
    qs = scoped(Case.objects.select_related("office"), user).annotate(
        member_count=Coalesce(Subquery(current, output_field=IntegerField()), 0)
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
