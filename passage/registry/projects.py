"""Projects and receiving partners: who keeps them and which cases may use them.

A project or partner entry either belongs to an office (kept by that office's administrators, used
by the cases of that office and its sub-offices) or is global (office empty: kept by system
administrators, used by every office). Writes follow services.py: role check, one transaction,
audited, DomainError naming the field."""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from passage.core import audit
from passage.core.errors import ConflictError, DomainError, PermissionDeniedError
from passage.core.models import Office, Role, User
from passage.core.scoping import can_act_in
from passage.registry.models import Project, ReceivingPartner
from passage.registry.schemas import ProjectIn, ProjectPatch, ReceivingPartnerIn, ReceivingPartnerPatch

# Office administrators keep their office's entries; system administrators keep the global ones
# (and, with a headquarters membership, any office's).
KEEPERS = (Role.OFFICE_ADMIN, Role.SYSTEM_ADMIN)


def office_chain(office_id: int) -> list[int]:
    """The office and every office above it, nearest first."""
    parents = dict(Office.objects.values_list("id", "parent_id"))
    chain: list[int] = []
    current: int | None = office_id
    while current is not None and current not in chain:
        chain.append(current)
        current = parents.get(current)
    return chain


def can_keep(user: User, office_id: int | None) -> bool:
    """Whether `user` may create or change an entry of `office_id` (None: a global entry)."""
    if user.is_partner:
        return False
    if office_id is None:
        return user.has_role(Role.SYSTEM_ADMIN)
    return can_act_in(user, office_id, KEEPERS)


def _require_keeper(actor: User, office_id: int | None) -> None:
    if not can_keep(actor, office_id):
        if office_id is None:
            raise PermissionDeniedError(_("Only system administrators keep global projects and partners."))
        raise PermissionDeniedError(_("Only this office's administrators keep its projects and partners."))


def _office(office_id: int | None) -> Office | None:
    if office_id is None:
        return None
    office = Office.objects.filter(pk=office_id, is_active=True).first()
    if office is None:
        raise DomainError(_("No such office."), field="office_id")
    return office


def project_refusal(project: Project, *, office_id: int, destination: str) -> DomainError | None:
    """Why `project` cannot be used by a case of `office_id` bound for `destination`, or None."""
    if not project.is_active:
        return DomainError(_("Project %(code)s is closed.") % {"code": project.code}, field="project_code")
    if project.office_id is not None and project.office_id not in office_chain(office_id):
        return DomainError(_("Project %(code)s is run by another office.") % {"code": project.code}, field="project_code")
    if project.destination_countries and destination not in project.destination_countries:
        return DomainError(_("Project %(code)s does not cover destination %(destination)s (it covers %(covered)s).")
                           % {"code": project.code, "destination": destination,
                              "covered": ", ".join(project.destination_countries)}, field="project_code")
    return None


def partner_refusal(partner: ReceivingPartner, *, office_id: int, destination: str) -> DomainError | None:
    """Why `partner` cannot receive a case of `office_id` bound for `destination`, or None."""
    if not partner.is_active:
        return DomainError(_("%(partner)s is no longer an active receiving partner.") % {"partner": partner.name},
                           field="receiving_partner_id")
    if partner.country != destination:
        return DomainError(_("%(partner)s receives cases in %(country)s, not in %(destination)s.")
                           % {"partner": partner.name, "country": partner.country, "destination": destination},
                           field="receiving_partner_id")
    if partner.office_id is not None and partner.office_id not in office_chain(office_id):
        return DomainError(_("%(partner)s is kept by another office's list.") % {"partner": partner.name},
                           field="receiving_partner_id")
    return None


# --- Projects ---------------------------------------------------------------------------------

def create_project(*, actor: User, data: ProjectIn) -> Project:
    _require_keeper(actor, data.office_id)
    office = _office(data.office_id)
    code = data.code.strip().upper()
    if not code:
        raise DomainError(_("A project needs a code."), field="code")
    try:
        with transaction.atomic():
            project = Project.objects.create(code=code, name=data.name.strip(), donor=data.donor.strip(),
                                             destination_countries=data.destination_countries,
                                             is_active=data.is_active, office=office)
            audit.record(actor=actor, action="project.create", obj=project, office=office,
                         after=audit.snapshot(project))
    except IntegrityError as exc:
        raise ConflictError(_("A project with code %(code)s exists already.") % {"code": code}, field="code") from exc
    return project


def update_project(*, actor: User, project: Project, data: ProjectPatch) -> Project:
    _require_keeper(actor, project.office_id)
    changes = data.model_dump(exclude_unset=True)
    for name, value in changes.items():
        if value is None:
            raise DomainError(_("This field cannot be null."), field=name)
    with transaction.atomic():
        project = Project.objects.select_for_update().get(pk=project.pk)
        before = audit.snapshot(project)
        for name, value in changes.items():
            setattr(project, name, value.strip() if isinstance(value, str) else value)
        if not project.name:
            raise DomainError(_("A project needs a name."), field="name")
        project.save()
        audit.record(actor=actor, action="project.update", obj=project, office=project.office_id, before=before,
                     after=audit.snapshot(project))
    return project


# --- Receiving partners -----------------------------------------------------------------------

def create_receiving_partner(*, actor: User, data: ReceivingPartnerIn) -> ReceivingPartner:
    _require_keeper(actor, data.office_id)
    office = _office(data.office_id)
    name = data.name.strip()
    if not name:
        raise DomainError(_("A receiving partner needs a name."), field="name")
    try:
        with transaction.atomic():
            partner = ReceivingPartner.objects.create(name=name, kind=data.kind, country=data.country,
                                                      is_active=data.is_active, office=office)
            audit.record(actor=actor, action="receiving_partner.create", obj=partner, office=office,
                         after=audit.snapshot(partner))
    except IntegrityError as exc:
        raise ConflictError(_("%(name)s is already listed for %(country)s.") % {"name": name, "country": data.country},
                            field="name") from exc
    return partner


def update_receiving_partner(*, actor: User, partner: ReceivingPartner, data: ReceivingPartnerPatch) -> ReceivingPartner:
    _require_keeper(actor, partner.office_id)
    changes = data.model_dump(exclude_unset=True)
    for name, value in changes.items():
        if value is None:
            raise DomainError(_("This field cannot be null."), field=name)
    try:
        with transaction.atomic():
            partner = ReceivingPartner.objects.select_for_update().get(pk=partner.pk)
            before = audit.snapshot(partner)
            for name, value in changes.items():
                setattr(partner, name, value.strip() if isinstance(value, str) else value)
            if not partner.name:
                raise DomainError(_("A receiving partner needs a name."), field="name")
            partner.save()
            audit.record(actor=actor, action="receiving_partner.update", obj=partner, office=partner.office_id,
                         before=before, after=audit.snapshot(partner))
    except IntegrityError as exc:
        raise ConflictError(_("%(name)s is already listed for %(country)s.")
                            % {"name": changes.get("name"), "country": partner.country}, field="name") from exc
    return partner
