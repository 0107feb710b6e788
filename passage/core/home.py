"""What the home page offers each user: per office, the tasks their roles allow."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from passage.core.models import Role, User


@dataclass
class Task:
    label: Promise
    url: str


@dataclass
class Section:
    title: str
    roles: list[str]
    tasks: list[Task] = field(default_factory=list)


# Each module adds its pages' tasks from its AppConfig.ready(), so core does not import them.
TaskProvider = Callable[[set[str]], list[Task]]
_PROVIDERS: list[TaskProvider] = []
_PARTNER_PROVIDERS: list[Callable[[User], list[Task]]] = []


def register_tasks(provider: TaskProvider) -> None:
    """`provider(roles)` returns the module's tasks for a user holding `roles` in one office."""
    if provider not in _PROVIDERS:
        _PROVIDERS.append(provider)


def register_partner_tasks(provider: Callable[[User], list[Task]]) -> None:
    """`provider(user)` returns the module's tasks for the partner `user` (only pages they may open)."""
    if provider not in _PARTNER_PROVIDERS:
        _PARTNER_PROVIDERS.append(provider)


def tasks_for_roles(roles: set[str]) -> list[Task]:
    """Tasks for the pages that exist: the registry's and core's here, other modules' by provider."""
    tasks: list[Task] = []
    staff_readers = set(Role) - {Role.TRAINER}
    if roles & staff_readers:
        tasks.append(Task(_("Cases"), reverse("case-list")))
    if roles & {Role.CASEWORKER, Role.OFFICE_ADMIN}:
        tasks.append(Task(_("Possible duplicates"), reverse("duplicate-queue")))
    if roles & {Role.CASEWORKER, Role.OFFICE_ADMIN}:
        tasks.append(Task(_("Register a case"), reverse("case-register")))
    if Role.OFFICE_ADMIN in roles:
        tasks.append(Task(_("Expedite requests"), reverse("expedite-queue")))
    if roles & {Role.COMPLIANCE_OFFICER, Role.SYSTEM_ADMIN}:
        tasks.append(Task(_("Audit trail"), reverse("audit")))
    if roles & {Role.SYSTEM_ADMIN, Role.MOVEMENT_OFFICER, Role.CHARTER_MANAGER, Role.FINANCE}:
        tasks.append(Task(_("Airlines"), reverse("airlines")))
    for provider in _PROVIDERS:
        tasks += provider(roles)
    tasks.append(Task(_("API tokens"), reverse("api-tokens")))
    return tasks


def partner_tasks(user: User) -> list[Task]:
    tasks = [Task(_("Cases bound for your country"), reverse("case-list"))]
    for provider in _PARTNER_PROVIDERS:
        tasks += provider(user)
    return [*tasks, Task(_("API tokens"), reverse("api-tokens"))]


def home_sections(user: User) -> list[Section]:
    if user.is_partner:
        title = f"{user.partner_organisation} ({user.partner_country})"
        return [Section(title=title, roles=[str(_("Partner (read-only)"))], tasks=partner_tasks(user))]
    by_office: dict[int, Section] = {}
    role_sets: dict[int, set[str]] = {}
    for m in user.memberships.select_related("office").order_by("office__name", "role"):
        section = by_office.setdefault(m.office_id, Section(title=str(m.office), roles=[]))
        section.roles.append(str(m.get_role_display()))
        role_sets.setdefault(m.office_id, set()).add(m.role)
    for office_id, section in by_office.items():
        section.tasks = tasks_for_roles(role_sets[office_id])
    return list(by_office.values())
