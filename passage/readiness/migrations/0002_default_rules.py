"""Seed the default rule sets (USA, CAN, AUS, GBR, DEU and the fallback); existing rules are kept."""

from django.db import migrations

# A frozen copy of passage.readiness.rules.DEFAULT_RULES as of this migration.
RESETTLEMENT = [
    ("case_approval", "case", None, True),
    ("reception_assurance", "case", None, True),
    ("security_check", "member", None, True),
    ("exit_permit", "member", None, False),
    ("visa", "member", None, True),
    ("transit_waiver", "member", None, False),
    ("health", "member", None, True),
    ("orientation", "member", "AGE", False),
]
RULES = [
    ("USA", 15, 2, "US resettlement: medical and security clearances must hold on arrival."),
    ("CAN", 16, 2, "Canada: orientation (COA) from 16."),
    ("AUS", 15, 3, "Australia: orientation (AUSCO) from 15; longer routes."),
    ("GBR", 16, 2, "United Kingdom resettlement."),
    ("DEU", 16, 2, "Germany: humanitarian admission and resettlement."),
]
FALLBACK = [
    ("case_approval", "case", None, False),
    ("exit_permit", "member", None, False),
    ("transit_waiver", "member", None, False),
    ("health", "member", None, True),
]


def _requirements(lines, age=None):
    return [{"kind": kind, "per": per, "min_age": age if min_age == "AGE" else min_age, "valid_on_arrival": arrival}
            for kind, per, min_age, arrival in lines]


def seed(apps, schema_editor):
    Rule = apps.get_model("readiness", "ReadinessRule")
    for country, age, days, notes in RULES:
        Rule.objects.get_or_create(destination_country=country, programme="", defaults={
            "requirements": _requirements(RESETTLEMENT, age), "travel_days": days, "notes": notes})
    Rule.objects.get_or_create(destination_country="", programme="", defaults={
        "requirements": _requirements(FALLBACK), "travel_days": 2,
        "notes": "Fallback for destinations without their own rule."})


class Migration(migrations.Migration):
    dependencies = [("readiness", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
