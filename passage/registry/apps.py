from django.apps import AppConfig


class RegistryConfig(AppConfig):
    name = "passage.registry"
    label = "registry"
    verbose_name = "Case registry"
