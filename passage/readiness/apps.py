from django.apps import AppConfig


class ReadinessConfig(AppConfig):
    name = "passage.readiness"
    label = "readiness"
    verbose_name = "Readiness"

    def ready(self) -> None:
        from passage.core.home import register_tasks
        from passage.demo import extensions
        from passage.readiness import demo, engine, views  # noqa: F401  (engine connects the signal receiver)

        register_tasks(views.home_tasks)

        extensions.register("readiness", demo.seed_readiness)
        # Computing the states must come after every module's demo clearances: see demo.py.
        extensions.register("readiness_states", demo.compute_readiness)

