"""Run the statistics benchmark (bench/reports.py) in throw-away databases and print its JSON."""

from __future__ import annotations

import subprocess  # nosec B404 (runs our own benchmark script)
import sys
from pathlib import Path

from django.core.management.base import BaseCommand

SCRIPT = Path(__file__).resolve().parents[4] / "bench" / "reports.py"


class Command(BaseCommand):
    help = ("Time the dashboard and the one-day snapshot at 520,000 persons and about 1,000,000 passenger-legs "
            "in a throw-away SQLite file and a throw-away PostgreSQL database (127.0.0.1); prints one JSON "
            "line per database. Takes many minutes. See docs/benchmarks.md.")

    def add_arguments(self, parser):
        parser.add_argument("--persons", type=int, default=520_000)
        parser.add_argument("--database", choices=["sqlite", "postgres", "both"], default="both")
        parser.add_argument("--repeat", type=int, default=40)

    def handle(self, *args, **options):
        kinds = ["sqlite", "postgres"] if options["database"] == "both" else [options["database"]]
        for kind in kinds:
            out = subprocess.run(  # nosec B603 (fixed interpreter and script, no shell)
                [sys.executable, str(SCRIPT), "--persons", str(options["persons"]), "--database", kind,
                 "--repeat", str(options["repeat"])], capture_output=True, text=True, check=True)
            self.stdout.write(out.stdout.strip())
