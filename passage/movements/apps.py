from django.apps import AppConfig


class MovementsConfig(AppConfig):
    name = "passage.movements"
    label = "movements"
    verbose_name = "Movements"

    def ready(self) -> None:
        from passage.core import home
        from passage.movements import navigation

        home.register_tasks(navigation.tasks)
        home.register_partner_tasks(navigation.partner_tasks)
