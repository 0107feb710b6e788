"""python manage.py seed_demo --cases N --seed S: the synthetic demo world."""

from __future__ import annotations

import datetime as dt
import json
import time
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from passage.demo.seeding import seed_demo
from passage.demo.world import DEMO_PASSWORD, PARTNERS, STAFF


class Command(BaseCommand):
    help = (
        "Build the deterministic demo world: regions, about 40 offices, a user for each role (password "
        f"'{DEMO_PASSWORD}') and N synthetic cases. Adds to what exists. Refuses to run with DEBUG off "
        "unless --force, because it creates users with known passwords."
    )

    def add_arguments(self, parser):
        parser.add_argument("--cases", type=int, default=1000, help="Number of cases to add (default 1000).")
        parser.add_argument("--seed", type=int, default=1, help="Random seed; the same seed gives the same world.")
        parser.add_argument("--as-of", type=dt.date.fromisoformat, default=None,
                            help="Date the world is built around (YYYY-MM-DD; default today).")
        parser.add_argument("--force", action="store_true", help="Run even with DEBUG off (never in production).")
        parser.add_argument("--if-empty", action="store_true", help="Do nothing if any case exists already.")
        parser.add_argument("--duplicates", type=float, default=0.0, metavar="RATE",
                            help="Share of the new persons (0 to 1, e.g. 0.02) registered a second time as a variant "
                                 "(spelling, swapped names, typo, day-month swap, another office): labelled duplicates "
                                 "for testing duplicate detection.")
        parser.add_argument("--labels", default=None, metavar="FILE",
                            help="Write the injected duplicate pairs to FILE as JSON "
                                 '([{"original": id, "duplicate": id, "variations": [...]}, ...]).')

    def handle(self, *args, cases: int, seed: int, as_of, force: bool, if_empty: bool, duplicates: float = 0.0,
               labels: str | None = None, **options):
        if not settings.DEBUG and not force:
            raise CommandError("DEBUG is off: seed_demo creates users with known passwords. Use --force to insist.")
        if cases < 0:
            raise CommandError("--cases must be zero or more.")
        if not 0 <= duplicates <= 1:
            raise CommandError("--duplicates is a share between 0 and 1.")
        from passage.registry.models import Case

        if if_empty and Case.objects.exists():
            self.stdout.write("Demo data already present; nothing to do.")
            return
        started = time.perf_counter()
        result = seed_demo(cases=cases, seed=seed, as_of=as_of or dt.date.today(), duplicates=duplicates)
        if labels:
            Path(labels).write_text(json.dumps(result.duplicate_pairs, indent=1), encoding="utf-8")
            self.stdout.write(f"{len(result.duplicate_pairs)} labelled duplicate pairs written to {labels}.")
        elapsed = time.perf_counter() - started
        self.stdout.write(self.style.SUCCESS(
            f"Demo world ready: {result.offices} offices, {result.cases} cases, {result.persons} persons "
            f"({elapsed:.1f} s)."
        ))
        for name, counts in result.extras.items():
            self.stdout.write(f"  {name}: " + ", ".join(f"{count} {what}" for what, count in counts.items()))
        self.stdout.write(f"Demo sign-ins (password '{DEMO_PASSWORD}'): "
                          + ", ".join(u[0] for u in STAFF) + ", " + ", ".join(p[0] for p in PARTNERS))
