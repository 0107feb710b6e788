from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "passage.core"
    label = "core"
    verbose_name = "Core"

    def ready(self) -> None:
        # Sign-in events happen inside django.contrib.auth; its signals are the only hook there.
        from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed

        from passage.core import services

        def on_login(sender, request, user, **kwargs):
            services.record_sign_in(user=user)

        def on_logout(sender, request, user, **kwargs):
            if user is not None:
                services.record_sign_out(user=user)

        def on_failure(sender, credentials, request=None, **kwargs):
            services.record_sign_in_failure(username=str(credentials.get("username", "")))

        user_logged_in.connect(on_login, dispatch_uid="passage-audit-login")
        user_logged_out.connect(on_logout, dispatch_uid="passage-audit-logout")
        user_login_failed.connect(on_failure, dispatch_uid="passage-audit-login-failed")

        from passage.core.home import register_tasks

        register_tasks(_staff_tasks)


def _staff_tasks(roles: set[str]) -> list:
    from django.urls import reverse
    from django.utils.translation import gettext_lazy as _

    from passage.core.home import Task
    from passage.core.models import Role

    if roles & {Role.OFFICE_ADMIN, Role.SYSTEM_ADMIN}:
        return [Task(_("Staff and roles"), reverse("staff-list"))]
    return []
