from django.apps import AppConfig


class ReadinessConfig(AppConfig):
    name = "passage.readiness"
    label = "readiness"
    verbose_name = "Readiness"

    def ready(self) -> None:
        from passage.readiness import engine  # noqa: F401  (connects the signal receiver)

