"""Retry the webhook deliveries whose next attempt is due."""

from django.core.management.base import BaseCommand

from passage.movements.notify import retry_due


class Command(BaseCommand):
    help = ("Attempt every pending webhook delivery whose back-off has passed. The task worker does this "
            "by itself with the database backend; run this from cron only with a backend that cannot "
            "defer tasks.")

    def handle(self, *args, **options):
        self.stdout.write(f"{retry_due()} deliveries attempted.")
