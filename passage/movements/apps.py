from django.apps import AppConfig


class MovementsConfig(AppConfig):
    name = "passage.movements"
    label = "movements"
    verbose_name = "Movements"
