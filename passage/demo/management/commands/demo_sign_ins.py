"""Print the demo sign-ins (used by `make run`)."""

from django.core.management.base import BaseCommand

from passage.core.models import User
from passage.demo.world import DEMO_PASSWORD, PARTNERS, STAFF


class Command(BaseCommand):
    help = "List the demo users that exist in this database, with their roles and the demo password."

    def handle(self, *args, **options):
        present = set(User.objects.filter(username__in=[s[0] for s in STAFF] + [p[0] for p in PARTNERS])
                      .values_list("username", flat=True))
        self.stdout.write(f"\nDemo sign-ins (password: {DEMO_PASSWORD}):")
        for username, _first, _last, role, office in STAFF:
            if username in present:
                extra = "  (asks you to enrol an authenticator app)" if role in ("system_admin", "medical_officer") else ""
                self.stdout.write(f"  {username:<20} {role.label} @ {office}{extra}")
        for username, _first, _last, country, organisation in PARTNERS:
            if username in present:
                self.stdout.write(f"  {username:<20} partner for {country}, {organisation}")
        self.stdout.write("")
