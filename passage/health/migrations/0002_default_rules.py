"""Default health rules per destination, editable afterwards by system administrators.

Starting points in the spirit of each destination's panel physician instructions (chest X-ray from
age 15 for the USA and Germany, 11 for Canada, Australia and the UK; the tests and vaccines this
module codes; assessment validity; a 72-hour pre-embarkation window), plus the fallback rule "*".
They are defaults, not legal advice: operators check them against current instructions."""

from django.db import migrations

RULES = [
    # destination, X-ray from age, labs, vaccines, validity days, pre-embarkation window hours
    ("USA", 15, ["syphilis"], ["mmr", "ipv", "dtp", "hepb"], 180, 72),
    ("CAN", 11, ["syphilis", "hiv"], ["mmr"], 365, 72),
    ("AUS", 11, ["hiv", "hepatitis_b"], ["mmr"], 365, 72),
    ("GBR", 11, [], [], 180, 72),
    ("DEU", 15, [], ["mmr"], 180, 72),
    ("*", 15, [], [], 180, 72),
]


def seed(apps, schema_editor):
    HealthRule = apps.get_model("health", "HealthRule")
    for destination, age, labs, vaccines, days, hours in RULES:
        HealthRule.objects.update_or_create(destination_country=destination, defaults={
            "chest_xray_min_age": age, "required_labs": labs, "required_vaccines": vaccines,
            "assessment_validity_days": days, "pre_embarkation_window_hours": hours})


def unseed(apps, schema_editor):
    apps.get_model("health", "HealthRule").objects.filter(destination_country__in=[r[0] for r in RULES]).delete()


class Migration(migrations.Migration):
    dependencies = [("health", "0001_initial")]
    operations = [migrations.RunPython(seed, unseed)]
