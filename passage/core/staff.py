"""Office and user administration: who may see which staff, grant or revoke which role where, and
create offices. Office administrators manage the roles of their offices and the offices below them
(every role but system administrator); system administrators manage every role anywhere and create
offices. Nobody changes their own roles. The writes are services.grant_role / revoke_role /
create_office, which audit them; this module adds the authority checks pages need."""

from __future__ import annotations

from django.db.models import Prefetch, QuerySet
from django.utils.translation import gettext as _

from passage.core import services
from passage.core.errors import DomainError, PermissionDeniedError
from passage.core.models import Membership, Office, Region, Role, User
from passage.core.scoping import can_act_in, scope_for, scoped

ADMINS = (Role.OFFICE_ADMIN, Role.SYSTEM_ADMIN)


def admin_offices(*, user: User) -> QuerySet[Office]:
    """Active offices where `user` may grant and revoke roles (with the offices below them)."""
    return scoped(Office.objects.filter(is_active=True), user, roles=ADMINS).order_by("code")


def is_admin(user: User) -> bool:
    scope = scope_for(user, ADMINS)
    return scope.partner_country is None and (scope.is_global or bool(scope.office_ids))


def staff_for(*, user: User) -> QuerySet[User]:
    """Staff the user administers: everyone with a role in their offices; for a headquarters system
    administrator every staff user (so roles can be given to someone new). Partners are not staff."""
    scope = scope_for(user, ADMINS)
    memberships = Membership.objects.select_related("office").order_by("office__code", "role")
    people = User.objects.filter(partner_country="")
    if scope.partner_country is not None or not (scope.is_global or scope.office_ids):
        return people.none()
    if not scope.is_global:
        people = people.filter(memberships__office_id__in=scope.office_ids).distinct()
    elif not user.has_role(Role.SYSTEM_ADMIN):  # a headquarters office administrator: everyone with a role
        people = people.filter(memberships__isnull=False).distinct()
    if not scope.is_global:
        memberships = memberships.filter(office_id__in=scope.office_ids)
    return people.prefetch_related(Prefetch("memberships", queryset=memberships, to_attr="managed_memberships"))


def memberships_for(*, user: User) -> QuerySet[Membership]:
    """Memberships in the offices the user administers (another office's answer 404)."""
    scope = scope_for(user, ADMINS)
    qs = Membership.objects.select_related("office", "user")
    if scope.partner_country is not None or not (scope.is_global or scope.office_ids):
        return qs.none()
    return qs if scope.is_global else qs.filter(office_id__in=scope.office_ids)


def grantable_roles(user: User) -> list[tuple[str, str]]:
    system = user.has_role(Role.SYSTEM_ADMIN)
    return [(value, label) for value, label in Role.choices if system or value != Role.SYSTEM_ADMIN]


def _check(actor: User, *, office_id: int, role: str, subject: User) -> None:
    if subject.pk == actor.pk:
        raise PermissionDeniedError(_("You cannot change your own roles; ask another administrator."))
    if not can_act_in(actor, office_id, ADMINS):
        raise PermissionDeniedError(_("You do not administer this office."))
    if role == Role.SYSTEM_ADMIN and not actor.has_role(Role.SYSTEM_ADMIN):
        raise PermissionDeniedError(_("Only system administrators grant or revoke the system administrator role."))


def grant(*, actor: User, subject: User, office_id: int, role: str) -> Membership:
    office = Office.objects.filter(pk=office_id, is_active=True).first()
    if office is None:
        raise DomainError(_("No such office."), field="office_id")
    if role not in Role.values:
        raise DomainError(_("Role is one of: %(roles)s.") % {"roles": ", ".join(Role.values)}, field="role")
    _check(actor, office_id=office.pk, role=role, subject=subject)
    return services.grant_role(actor=actor, user=subject, office=office, role=role)


def revoke(*, actor: User, membership: Membership) -> None:
    _check(actor, office_id=membership.office_id, role=membership.role, subject=membership.user)
    services.revoke_role(actor=actor, membership=membership)


def create_office(*, actor: User, code: str, name: str, kind: str, country: str, parent_id: int | None,
                  region_id: int | None = None) -> Office:
    if actor.is_partner or not actor.has_role(Role.SYSTEM_ADMIN):
        raise PermissionDeniedError(_("Only system administrators create offices."))
    parent = Office.objects.filter(pk=parent_id).first() if parent_id else None
    if parent_id and parent is None:
        raise DomainError(_("No such office."), field="parent")
    region = Region.objects.filter(pk=region_id).first() if region_id else None
    if not name.strip():
        raise DomainError(_("An office needs a name."), field="name")
    return services.create_office(actor=actor, code=code, name=name, kind=kind, country=country, parent=parent,
                                  region=region)
