"""Background work of movements, run by the task worker (`manage.py db_worker`)."""

from __future__ import annotations

from django_tasks import task


@task()
def deliver_webhook(delivery_id: int) -> str:
    """Send one webhook delivery; failures are retried with back-off (movements/notify.py)."""
    from passage.movements.notify import attempt_delivery

    return attempt_delivery(delivery_id)
