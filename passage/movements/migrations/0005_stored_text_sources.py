"""Sources of the texts the system writes (core.stored_text), so that pages show them translated.
Existing rows keep their English text; the one fixed booking-event reason gets its source too."""

from django.db import migrations, models

DERIVED = "From the movement events."


def derived_sources(apps, schema_editor):
    BookingEvent = apps.get_model("movements", "BookingEvent")
    BookingEvent.objects.filter(reason=DERIVED).update(reason_source={"msgid": DERIVED, "params": {}})


class Migration(migrations.Migration):

    dependencies = [
        ("movements", "0004_seat_layout"),
    ]

    operations = [
        migrations.AddField(
            model_name="bookingevent",
            name="reason_source",
            field=models.JSONField(blank=True, default=dict),
        ),
        migrations.AddField(
            model_name="notification",
            name="message_source",
            field=models.JSONField(blank=True, default=dict),
        ),
        migrations.RunPython(derived_sources, migrations.RunPython.noop),
    ]
