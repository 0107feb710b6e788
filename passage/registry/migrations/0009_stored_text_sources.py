"""The source of a reason the system wrote on a case event (core.stored_text), so that the case page
shows it translated. Existing rows keep their English text; those a cancelled booking wrote get
their source too."""

from django.db import migrations, models

CANCELLED = "Booking cancelled: "


def cancelled_sources(apps, schema_editor):
    CaseEvent = apps.get_model("registry", "CaseEvent")
    rows = CaseEvent.objects.filter(kind="status", reason__startswith=CANCELLED).only("pk", "reason")
    batch = []
    for row in rows.iterator(chunk_size=1000):
        row.reason_source = {"msgid": CANCELLED + "%(reason)s", "params": {"reason": row.reason[len(CANCELLED):]}}
        batch.append(row)
        if len(batch) == 1000:
            CaseEvent.objects.bulk_update(batch, ["reason_source"])
            batch = []
    CaseEvent.objects.bulk_update(batch, ["reason_source"])


class Migration(migrations.Migration):

    dependencies = [
        ("registry", "0008_import_job_language"),
    ]

    operations = [
        migrations.AddField(
            model_name="caseevent",
            name="reason_source",
            field=models.JSONField(blank=True, default=dict),
        ),
        migrations.RunPython(cancelled_sources, migrations.RunPython.noop),
    ]
