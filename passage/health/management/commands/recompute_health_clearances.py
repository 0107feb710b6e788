"""Recompute every health clearance (e.g. nightly, so expired assessments fall back to pending)."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from passage.health import services
from passage.health.models import Assessment


class Command(BaseCommand):
    help = (
        "Derive again the health clearance of every person with a health assessment, from the rules of their "
        "destination and their records, and write what changed (audited as clearance.derive). Run it daily: an "
        "assessment that expires changes no record, so only this run notices. --destination limits it to persons "
        "bound for one country."
    )

    def add_arguments(self, parser):
        parser.add_argument("--destination", help="ISO 3166-1 alpha-3 destination, e.g. USA (default: all).")

    def handle(self, *args, destination: str | None = None, **options):
        persons = Assessment.objects.all()
        if destination:
            persons = persons.filter(person__memberships__case__destination_country=destination.upper(),
                                     person__memberships__left_on__isnull=True)
        ids = list(persons.order_by("person_id").values_list("person_id", flat=True).distinct())
        counts = services.recompute_clearances(actor=None, person_ids=ids)
        self.stdout.write(", ".join(f"{status}: {n}" for status, n in sorted(counts.items())) or "no persons")
