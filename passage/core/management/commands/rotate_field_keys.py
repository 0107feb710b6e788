"""Re-encrypt every encrypted field with the newest key of PASSAGE_FIELD_KEYS."""

from __future__ import annotations

from django.core.management.base import BaseCommand
from django.db import connection, transaction

from passage.core import audit, crypto


class Command(BaseCommand):
    help = (
        "Re-encrypt every encrypted field (case notes, vulnerability details, clinical data) with the first "
        "key of PASSAGE_FIELD_KEYS. Put the new key first, keep the old ones after it, run this command, then "
        "remove the old keys. Safe to re-run; each table is rewritten in batches inside one transaction."
    )

    def add_arguments(self, parser):
        parser.add_argument("--batch", type=int, default=1000, help="Rows per update batch (default 1000).")

    def handle(self, *args, batch: int, **options):
        totals = {}
        for model, column in crypto.encrypted_fields():
            table = model._meta.db_table
            key = model._meta.pk.column  # not always "id" (a one-to-one primary key is "person_id")
            quote = connection.ops.quote_name
            done = 0
            with transaction.atomic():
                # Raw SQL on purpose: the model field would decrypt on read and encrypt afresh on write,
                # but here the stored token is rotated without ever holding the plaintext in a model.
                with connection.cursor() as cursor:
                    cursor.execute(
                        f"SELECT {quote(key)}, {quote(column)} FROM {quote(table)} "  # nosec B608 - identifiers from model meta
                        f"WHERE {quote(column)} <> ''"
                    )
                    rows = cursor.fetchall()
                for start in range(0, len(rows), batch):
                    chunk = [(crypto.rotate(value), pk) for pk, value in rows[start:start + batch] if value]
                    with connection.cursor() as cursor:
                        cursor.executemany(
                            f"UPDATE {quote(table)} SET {quote(column)} = %s WHERE {quote(key)} = %s",  # nosec B608
                            chunk,
                        )
                    done += len(chunk)
                audit.record(actor=None, action="crypto.rotate", object_type=model._meta.label_lower,
                             after={"column": column, "rows": done})
            totals[f"{model._meta.label_lower}.{column}"] = done
        for name, count in totals.items():
            self.stdout.write(f"{name}: {count} values re-encrypted")
