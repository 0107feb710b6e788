from django.apps import AppConfig


class MovementsConfig(AppConfig):
    name = "passage.movements"
    label = "movements"
    verbose_name = "Movements"

    def ready(self) -> None:
        from passage.core import home
        from passage.demo import extensions
        from passage.movements import navigation
        from passage.movements.demo import seed_movements

        home.register_tasks(navigation.tasks)
        home.register_partner_tasks(navigation.partner_tasks)
        extensions.register("movements", seed_movements)
