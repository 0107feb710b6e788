"""Recompute the statistics' summary tables from the movements records."""

from __future__ import annotations

import json

from django.core.management.base import BaseCommand

from passage.reports import facts


class Command(BaseCommand):
    help = ("Recompute the movement statistics (persons moved, daily figures, flight sectors) from the "
            "movements records, in one transaction. Run after a bulk load that bypassed the services, or to "
            "check that the tables kept current by the services match a fresh count.")

    def handle(self, *args, **options):
        self.stdout.write(json.dumps(facts.rebuild()))
