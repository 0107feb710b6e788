"""Name keys carry their person's date of birth, indexed with the key, for the duplicate check."""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("registry", "0006_projects_partners_import_heartbeat"),
    ]

    operations = [
        migrations.AddField(
            model_name="personnamekey",
            name="date_of_birth",
            field=models.DateField(null=True),
        ),
        migrations.RunSQL(
            "UPDATE registry_personnamekey SET date_of_birth = "
            "(SELECT p.date_of_birth FROM registry_person p WHERE p.id = registry_personnamekey.person_id)",
            migrations.RunSQL.noop,
        ),
        migrations.AddIndex(
            model_name="personnamekey",
            index=models.Index(fields=["key", "date_of_birth"], name="person_name_key_dob_idx"),
        ),
    ]
