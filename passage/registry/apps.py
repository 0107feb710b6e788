from django.apps import AppConfig


class RegistryConfig(AppConfig):
    name = "passage.registry"
    label = "registry"
    verbose_name = "Case registry"

    def ready(self) -> None:
        from passage.core.home import register_tasks

        register_tasks(_tasks)


def _tasks(roles: set[str]) -> list:
    from django.urls import reverse
    from django.utils.translation import gettext_lazy as _

    from passage.core.home import Task
    from passage.core.models import Role

    if roles & {Role.OFFICE_ADMIN, Role.SYSTEM_ADMIN}:
        return [Task(_("Projects and receiving partners"), reverse("project-list"))]
    return []
