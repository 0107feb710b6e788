"""Import a CSV or XLSX file of cases from the command line, as the given user would on the page."""

from __future__ import annotations

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from passage.core.errors import DomainError
from passage.core.models import Office, User
from passage.registry.imports import run_import, start_import


class Command(BaseCommand):
    help = ("Import cases from a CSV or XLSX file (one row per member; see the import template). All or "
            "nothing: a file with any bad row writes nothing and prints the report. Prints the job as JSON.")

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, help="The .csv or .xlsx file.")
        parser.add_argument("--office", required=True, help="Code of the importing office, e.g. CO-KEN.")
        parser.add_argument("--user", required=True, help="User name of the caseworker the import is recorded for.")
        parser.add_argument("--dry-run", action="store_true", help="Check the file and report; write nothing.")

    def handle(self, *args, **options):
        path: Path = options["file"]
        if not path.is_file():
            raise CommandError(f"No such file: {path}")
        office = Office.objects.filter(code=options["office"]).first()
        user = User.objects.filter(username=options["user"]).first()
        if office is None or user is None:
            raise CommandError("Unknown office or user.")

        def chunks():
            with path.open("rb") as f:
                while block := f.read(1 << 20):
                    yield block

        def stage(name: str, n: int) -> None:
            if options["verbosity"] > 1:
                self.stdout.write(f"{name} {n}")
                self.stdout.flush()

        try:
            job = start_import(actor=user, office_id=office.pk, filename=path.name, chunks=chunks(),
                               size=path.stat().st_size, dry_run=options["dry_run"], dispatch=False)
            job = run_import(job.pk, on_stage=stage)
        except DomainError as exc:
            raise CommandError(exc.message)
        self.stdout.write(json.dumps({
            "job": job.pk, "status": job.status, "rows": job.total_rows, "created_cases": job.created_cases,
            "unchanged_cases": job.unchanged_cases, "errors": job.errors[:20],
        }, ensure_ascii=False))
