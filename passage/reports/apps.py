from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "passage.reports"
    label = "reports"
    verbose_name = "Movement statistics"

    def ready(self) -> None:
        from passage.core.home import register_partner_tasks, register_tasks
        from passage.demo import extensions
        from passage.movements.signals import movements_changed
        from passage.registry.signals import case_inputs_changed, person_attributes_changed
        from passage.reports import demo, facts, views

        movements_changed.connect(facts.on_movements_changed, dispatch_uid="reports.movements_changed")
        case_inputs_changed.connect(facts.on_case_inputs_changed, dispatch_uid="reports.case_inputs_changed")
        person_attributes_changed.connect(facts.on_person_attributes_changed,
                                          dispatch_uid="reports.person_attributes_changed")
        register_tasks(views.home_tasks)
        register_partner_tasks(views.partner_tasks)
        extensions.register("reports", demo.seed_history)
