from django.apps import AppConfig


class OrientationConfig(AppConfig):
    name = "passage.orientation"
    label = "orientation"
    verbose_name = "Orientation"

    def ready(self) -> None:
        from passage.core.home import register_tasks
        from passage.demo import extensions
        from passage.orientation import demo, views

        register_tasks(views.home_tasks)
        extensions.register("orientation", demo.seed_orientation)
