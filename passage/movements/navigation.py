"""The movement pages offered on the home page and in the navigation, by role."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from passage.core.home import Task
from passage.core.models import Role, User
from passage.movements.webhooks import may_register, roles_may_register

FLIGHT_READERS = {Role.MOVEMENT_OFFICER, Role.CHARTER_MANAGER, Role.OFFICE_ADMIN, Role.FINANCE,
                  Role.INFORMATION_MANAGEMENT, Role.COMPLIANCE_OFFICER}


def tasks(roles: set[str]) -> list[Task]:
    out: list[Task] = []
    if roles & FLIGHT_READERS:
        out.append(Task(_("Flights and legs"), reverse("movements-legs")))
    if roles & {Role.CHARTER_MANAGER, Role.OFFICE_ADMIN, Role.FINANCE}:
        out.append(Task(_("Charters"), reverse("movements-charters")))
    if roles & FLIGHT_READERS:
        out.append(Task(_("Movement board"), reverse("movements-board")))
        out.append(Task(_("Movement notifications"), reverse("movements-notifications")))
    if roles_may_register(roles):
        out.append(Task(_("Partner webhooks"), reverse("movements-webhooks")))
    return out


def partner_tasks(user: User) -> list[Task]:
    out = [Task(_("Expected arrivals"), reverse("movements-arrivals")),
           Task(_("Movement notifications"), reverse("movements-notifications"))]
    if may_register(user):
        out.append(Task(_("Partner webhooks"), reverse("movements-webhooks")))
    return out
