"""Background work of the health module, run by the task worker (`manage.py db_worker`)."""

from __future__ import annotations

from django_tasks import task


@task()
def recompute_health_clearances(person_ids: list[int]) -> dict:
    """Derive and write the health clearances of many persons (after a rule change that reaches
    more persons than a request should wait for)."""
    from passage.health.services import recompute_clearances

    return recompute_clearances(actor=None, person_ids=person_ids)
