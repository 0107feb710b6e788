"""Rebuild the morbidity report's summary from the health records."""

from __future__ import annotations

import time

from django.core.management.base import BaseCommand, CommandError

from passage.health import morbidity


class Command(BaseCommand):
    help = (
        "Count the morbidity report's summary (MorbidityCell, and each person's MorbidityMark) again from the "
        "health records, decrypting the TB results, and replace it in one transaction. The health services keep "
        "the summary current as they write; run this after loading records past them (bulk imports, restores, "
        "SQL by hand) or when --check finds a difference. --check recounts and compares every cell without "
        "writing, and fails on a difference."
    )

    def add_arguments(self, parser):
        parser.add_argument("--check", action="store_true", help="Compare only; exit with an error on a difference.")

    def handle(self, *args, check: bool = False, **options):
        started = time.perf_counter()
        if check:
            differences = morbidity.differences()
            if differences:
                raise CommandError(f"{len(differences)} cells of the morbidity summary differ from the records: "
                                   + "; ".join(differences[:10]))
            self.stdout.write("The morbidity summary matches the records.")
            return
        counts = morbidity.rebuild()
        self.stdout.write(f"{counts['persons']} persons counted in {counts['cells']} cells "
                          f"in {time.perf_counter() - started:.1f} s.")
