"""Create an office (headquarters, regional, country office or sub-office)."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from passage.core import services
from passage.core.errors import DomainError
from passage.core.models import Office, Region


class Command(BaseCommand):
    help = (
        "Create an office. CODE is short and unique (CO-KEN), COUNTRY an ISO 3166-1 alpha-3 code. Every office "
        "but headquarters needs --parent (the code of the office above it). --region takes a region code "
        "(created if new, named by --region-name). Audited."
    )

    def add_arguments(self, parser):
        parser.add_argument("code")
        parser.add_argument("name")
        parser.add_argument("--kind", choices=Office.Kind.values, default=Office.Kind.COUNTRY)
        parser.add_argument("--country", required=True)
        parser.add_argument("--parent", help="Code of the parent office.")
        parser.add_argument("--region", help="Region code, e.g. east-horn-africa.")
        parser.add_argument("--region-name", help="Name of a new region.")

    def handle(self, *args, code, name, kind, country, parent, region, region_name, **options):
        parent_office = None
        if parent:
            parent_office = Office.objects.filter(code=parent.upper()).first()
            if parent_office is None:
                raise CommandError(f"No office with code {parent}.")
        region_obj = None
        if region:
            region_obj, _ = Region.objects.get_or_create(code=region, defaults={"name": region_name or region})
        try:
            office = services.create_office(actor=None, code=code, name=name, kind=kind, country=country,
                                            parent=parent_office, region=region_obj)
        except DomainError as exc:
            raise CommandError(f"{exc.field}: {exc.message}") from exc
        self.stdout.write(f"Created {office}.")
