"""python manage.py scan_duplicates [--office CODE ...]: fill the duplicate review queue."""

from __future__ import annotations

import time

from django.core.management.base import BaseCommand, CommandError

from passage.core.models import Office
from passage.registry.duplicates import scan_for_duplicates
from passage.registry.names import index_person_names


class Command(BaseCommand):
    help = (
        "Compare the registered persons with each other (names across spellings and order, dates of birth, "
        "documents) and add each pair that may be one person to the review queue at /duplicates/. Members of "
        "one case are never paired, and pairs already reviewed are not queued again. Nothing is merged: a "
        "caseworker decides. Safe to run again; run it nightly or after a large import."
    )

    def add_arguments(self, parser):
        parser.add_argument("--office", action="append", default=[], metavar="CODE",
                            help="Only queue pairs with a person in this office (repeatable; default: every office).")
        parser.add_argument("--reindex", action="store_true",
                            help="Rebuild every person's name keys first (after upgrading the name rules).")

    def handle(self, *args, office: list[str], reindex: bool, **options):
        office_ids = None
        if office:
            found = dict(Office.objects.filter(code__in=office).values_list("code", "pk"))
            missing = sorted(set(office) - set(found))
            if missing:
                raise CommandError(f"No office with code {', '.join(missing)}.")
            office_ids = list(found.values())
        started = time.perf_counter()
        if reindex:
            from passage.registry.models import Person

            written = 0
            ids = list(Person.objects.filter(merged_into__isnull=True).values_list("pk", flat=True))
            for start in range(0, len(ids), 5000):
                written += index_person_names(Person.objects.filter(pk__in=ids[start:start + 5000]))
            self.stdout.write(f"Name keys rebuilt: {written} keys for {len(ids)} persons.")
        created = scan_for_duplicates(office_ids=office_ids)
        self.stdout.write(self.style.SUCCESS(
            f"{created} new possible duplicates queued ({time.perf_counter() - started:.1f} s)."))
