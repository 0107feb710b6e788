"""Reads of the case registry, scoped to the acting user."""

from __future__ import annotations

from django.db.models import Count, Exists, IntegerField, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce

from passage.core.models import Office, Role, User
from passage.core.scoping import scope_for, scoped
from passage.registry.models import (
    Case,
    CaseEvent,
    CaseMember,
    CaseNote,
    Clearance,
    ExpediteRequest,
    IdentityDocument,
    ImportJob,
    Person,
    Project,
    ReceivingPartner,
    Vulnerability,
)
from passage.registry.search import case_search_filter


def cases_for(
    *,
    user: User,
    q: str | None = None,
    status: str | None = None,
    office_id: int | None = None,
    destination: str | None = None,
    programme: str | None = None,
    nationality: str | None = None,
    priority: str | None = None,
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
    if programme:
        qs = qs.filter(programme=programme)
    if priority:
        qs = qs.filter(priority=priority)
    if nationality:
        # EXISTS per case, newest first, stops at the page size; an IN over every member of a common
        # nationality would first gather hundreds of thousands of ids.
        qs = qs.filter(Exists(CaseMember.objects.filter(case=OuterRef("pk"), left_on__isnull=True,
                                                        person__nationality=nationality.upper())))
    if q:
        qs = qs.filter(case_search_filter(q))
    return qs


def case_detail(*, user: User, number: str) -> Case:
    """One case with its current members, their documents and open vulnerabilities, its clearances
    and history, in a fixed number of queries; Case.DoesNotExist when outside the user's scope."""
    members = (
        CaseMember.objects.select_related("person", "person__office")
        .filter(left_on__isnull=True)
        .prefetch_related(
            Prefetch("person__documents",
                     queryset=IdentityDocument.objects.select_related("verified_by").order_by("kind", "id")),
            Prefetch("person__vulnerabilities", queryset=Vulnerability.objects.order_by("id")),
        )
        .order_by("id")
    )
    return (
        scoped(Case.objects.select_related("office", "project", "receiving_partner", "travel_loan"), user)
        .prefetch_related(
            Prefetch("members", queryset=members, to_attr="current_members"),
            Prefetch("clearances", queryset=Clearance.objects.order_by("valid_until", "kind", "id")),
            Prefetch("events", queryset=CaseEvent.objects.select_related("actor").order_by("at", "id")),
        )
        .get(number=number)
    )


def case_for_update(*, user: User, number: str) -> Case:
    """The case to act on, if the user can see it (the service then checks the role)."""
    return scoped(Case.objects.select_related("office"), user).get(number=number)


def persons_for(*, user: User) -> QuerySet[Person]:
    return scoped(Person.objects.select_related("office"), user).distinct()


def clearances_for(*, user: User) -> QuerySet[Clearance]:
    return scoped(Clearance.objects.select_related("case", "case__office"), user)


def documents_for(*, user: User) -> QuerySet[IdentityDocument]:
    return scoped(IdentityDocument.objects.select_related("person"), user).distinct()


def vulnerabilities_for(*, user: User) -> QuerySet[Vulnerability]:
    return scoped(Vulnerability.objects.select_related("person"), user)


def notes_for(*, user: User, case: Case) -> QuerySet[CaseNote]:
    """Notes of a case the user may read: partners none; restricted notes for caseworkers and
    office administrators; confidential ones for their author and office administrators."""
    qs = scoped(CaseNote.objects.select_related("author"), user).filter(case=case)
    if user.is_partner:
        return qs.none()
    roles = user.roles()
    allowed = Q(confidentiality=CaseNote.Confidentiality.NORMAL) | Q(author=user)
    if roles & {Role.CASEWORKER, Role.OFFICE_ADMIN}:
        allowed |= Q(confidentiality=CaseNote.Confidentiality.RESTRICTED)
    if Role.OFFICE_ADMIN in roles:
        allowed |= Q(confidentiality=CaseNote.Confidentiality.CONFIDENTIAL)
    return qs.filter(allowed)


def expedite_requests_for(*, user: User, status: str | None = None) -> QuerySet[ExpediteRequest]:
    qs = scoped(ExpediteRequest.objects.select_related("case", "requested_by"), user)
    return qs.filter(status=status) if status else qs


def offices_for_registration(*, user: User) -> QuerySet[Office]:
    """Active offices where the user may register cases (caseworkers and office administrators)."""
    return scoped(Office.objects.filter(is_active=True), user, roles=(Role.CASEWORKER, Role.OFFICE_ADMIN))


def import_jobs_for(*, user: User) -> QuerySet[ImportJob]:
    """Import jobs of the user's offices; another office's job is absent (404)."""
    return scoped(ImportJob.objects.select_related("office", "uploaded_by"), user)


# --- Projects and receiving partners ----------------------------------------------------------

def _with_global(queryset: QuerySet, user: User) -> QuerySet:
    """Entries of the user's offices plus the global ones (office empty); partners and users
    without a role read none. Another office's entry is absent (404)."""
    scope = scope_for(user)
    if scope.partner_country is not None or not (scope.is_global or scope.office_ids):
        return queryset.none()
    return queryset.filter(Q(office__isnull=True) | Q(pk__in=scoped(queryset.model.objects.all(), user).values("pk")))


def projects_for(*, user: User, destination: str | None = None, active: bool | None = None) -> QuerySet[Project]:
    qs = _with_global(Project.objects.select_related("office"), user).order_by("code")
    if active is not None:
        qs = qs.filter(is_active=active)
    if destination:
        # JSON containment is not portable to SQLite; projects are few, so filter their ids in Python.
        code = destination.upper()
        ids = [pk for pk, countries in qs.values_list("pk", "destination_countries") if not countries or code in countries]
        qs = qs.filter(pk__in=ids)
    return qs


def receiving_partners_for(*, user: User, country: str | None = None, active: bool | None = None
                           ) -> QuerySet[ReceivingPartner]:
    qs = _with_global(ReceivingPartner.objects.select_related("office"), user).order_by("country", "name")
    if active is not None:
        qs = qs.filter(is_active=active)
    if country:
        qs = qs.filter(country=country.upper())
    return qs


def choices_for_case(*, office_ids: list[int], destination: str | None
                     ) -> tuple[list[Project], list[ReceivingPartner]]:
    """Active projects and partners a case of one of `office_ids` bound for `destination` (None: not
    chosen yet) may use: global ones and those of the office or an office above it (what the
    services accept)."""
    from passage.registry.projects import office_chain

    chain = {pk for office_id in office_ids for pk in office_chain(office_id)}
    mine = Q(office__isnull=True) | Q(office_id__in=chain)
    projects = [p for p in Project.objects.filter(mine, is_active=True).order_by("code")
                if not destination or not p.destination_countries or destination in p.destination_countries]
    partners = ReceivingPartner.objects.filter(mine, is_active=True).order_by("country", "name")
    if destination:
        partners = partners.filter(country=destination)
    return projects, list(partners)
