"""Seed default orientation curricula: one per audience for any destination, and the United States'
and Canada's adult curricula. Existing curricula with the same title are kept."""

from django.db import migrations

from passage.orientation.migrations._defaults import CURRICULA


def seed(apps, schema_editor):
    Curriculum = apps.get_model("orientation", "Curriculum")
    for country, audience, title, days, absences, topics in CURRICULA:
        Curriculum.objects.get_or_create(title=title, defaults={
            "destination_country": country, "audience": audience, "days": days, "absences_allowed": absences,
            "topics": topics})


class Migration(migrations.Migration):
    dependencies = [("orientation", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
