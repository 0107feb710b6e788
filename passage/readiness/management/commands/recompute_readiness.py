"""Recompute every case's readiness window and blockers (repair, and nightly so that windows
that opened or closed with the date are current)."""

from __future__ import annotations

import datetime as dt
import time

from django.core.management.base import BaseCommand

from passage.readiness.engine import recompute_all


class Command(BaseCommand):
    help = ("Recompute the readiness window and blocking items of every case, in chunks of cases "
            "(each chunk one transaction). Run after changing rules in bulk, to repair, and nightly.")

    def add_arguments(self, parser) -> None:
        parser.add_argument("--chunk", type=int, default=5000, help="Cases per read and write (default 5000).")
        parser.add_argument("--as-of", type=dt.date.fromisoformat, default=None,
                            help="Compute as on this day (YYYY-MM-DD); default today.")

    def handle(self, *args, chunk: int, as_of: dt.date | None, **options) -> None:
        started = time.perf_counter()
        done = recompute_all(as_of=as_of, chunk=chunk)
        self.stdout.write(f"Recomputed {done} cases in {time.perf_counter() - started:.1f} s.")
