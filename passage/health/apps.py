from django.apps import AppConfig


class HealthConfig(AppConfig):
    name = "passage.health"
    label = "health"
    verbose_name = "Migration health"

    def ready(self) -> None:
        from django.db.models.signals import post_save

        from passage.core.home import register_partner_tasks, register_tasks
        from passage.demo.extensions import register
        from passage.health.demo import seed_health
        from passage.health.receivers import on_case_inputs_changed
        from passage.health.views import home_tasks, partner_home_tasks
        from passage.registry.signals import case_inputs_changed

        register_tasks(home_tasks)
        register_partner_tasks(partner_home_tasks)
        register("health", seed_health)
        case_inputs_changed.connect(on_case_inputs_changed, dispatch_uid="health.case_inputs_changed")

        from passage.health.morbidity import on_person_saved
        from passage.registry.models import Person

        post_save.connect(on_person_saved, sender=Person, dispatch_uid="health.morbidity.person")
