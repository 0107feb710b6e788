"""python manage.py sweep_import_jobs: mark failed the imports whose worker died."""

from __future__ import annotations

from django.conf import settings
from django.core.management.base import BaseCommand

from passage.registry.imports import fail_stalled_jobs


class Command(BaseCommand):
    help = (
        "Mark failed every running case import whose worker has given no sign of life for "
        "PASSAGE_IMPORT_STALE_MINUTES minutes (default 15): the worker was killed, ran out of memory or its machine "
        "restarted. Nothing of such an import was written (the write is one transaction). The job page and the API "
        "do the same for the job they show; run this from cron (every few minutes) so lists are right too. Audited."
    )

    def handle(self, *args, **options):
        failed = fail_stalled_jobs()
        minutes = settings.PASSAGE_IMPORT_STALE_MINUTES
        if failed:
            self.stdout.write(f"Marked failed {len(failed)} import job(s) silent for over {minutes} minutes: "
                              + ", ".join(str(pk) for pk in failed))
        else:
            self.stdout.write(f"No running import job has been silent for over {minutes} minutes.")
