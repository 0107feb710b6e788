"""Writing many rows of a model at once, for synthetic histories (the demo, the benchmarks).

`OrmWriter` goes through `bulk_create` (model instances, primary keys from the database): the
demo and the tests use it. `FastWriter` writes plain tuples with primary keys it allocates itself
(`COPY` on PostgreSQL, `executemany` on SQLite), skipping Django's per-value preparation, which is
most of the time at 10^6 rows; it is for a database nobody else writes to at the same time (the
benchmark's throw-away database) and `finish()` moves the PostgreSQL sequences past its keys.

Both take the same call: `insert(model, names, rows)` with `names` the attribute names of the
columns each row gives (the other columns get the model's defaults) and returns the new keys.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Iterable, Iterator, Sequence

from django.db import connection, transaction
from django.db.models import Max, Model


class OrmWriter:
    def insert(self, model: type[Model], names: Sequence[str], rows: Sequence[tuple]) -> list[int]:
        objs = model.objects.bulk_create([model(**dict(zip(names, row, strict=True))) for row in rows],
                                         batch_size=5000)
        return [obj.pk for obj in objs]

    def finish(self) -> None:
        """Nothing to do: the database gave the keys."""


class FastWriter:
    def __init__(self) -> None:
        self.next_id: dict[type[Model], int] = {}
        self.plans: dict[tuple, tuple] = {}

    def insert(self, model: type[Model], names: Sequence[str], rows: Sequence[tuple]) -> list[int]:
        if not rows:
            return []
        if model not in self.next_id:
            self.next_id[model] = (model.objects.aggregate(m=Max("pk"))["m"] or 0) + 1
        first = self.next_id[model]
        ids = list(range(first, first + len(rows)))
        self.next_id[model] = first + len(rows)
        copy_rows(model, names, [(pk, *row) for pk, row in zip(ids, rows, strict=True)], with_pk=True,
                  plans=self.plans)
        return ids

    def finish(self) -> None:
        """Move each PostgreSQL identity sequence past the keys written here."""
        if connection.vendor != "postgresql":
            return
        with connection.cursor() as cursor:
            for model in self.next_id:
                table = model._meta.db_table
                cursor.execute("SELECT setval(pg_get_serial_sequence(%s, %s), %s)",
                               [connection.ops.quote_name(table), model._meta.pk.column, self.next_id[model]])


def _plan(model: type[Model], names: Sequence[str], with_pk: bool) -> tuple:
    template = model()
    fields = {f.attname: f for f in model._meta.concrete_fields}
    given = ([model._meta.pk] if with_pk else []) + [fields[n] for n in names]
    constant = [f for f in model._meta.concrete_fields if not f.primary_key and f.attname not in names]
    values = tuple(f.get_db_prep_save(f.pre_save(template, add=True), connection) for f in constant)
    columns = [f.column for f in given] + [f.column for f in constant]
    return columns, values, [_converter(f) for f in given]


def copy_rows(model: type[Model], names: Sequence[str], rows: Sequence[tuple], *, with_pk: bool = False,
              plans: dict | None = None) -> None:
    """Insert plain tuples (the columns `names`, after the primary key if `with_pk`; the model's
    defaults for the rest) in one transaction: COPY on PostgreSQL, one executemany on SQLite.
    Values must be what the column stores (no encrypted fields, no enum members)."""
    if not rows:
        return
    plans = {} if plans is None else plans
    key = (model, tuple(names), with_pk)
    if key not in plans:
        plans[key] = _plan(model, names, with_pk)
    columns, constant, convert = plans[key]
    if any(c is not None for c in convert):
        rows = [tuple(v if c is None or v is None else c(v) for v, c in zip(row, convert, strict=True))
                for row in rows]
    table = connection.ops.quote_name(model._meta.db_table)
    quoted = ", ".join(connection.ops.quote_name(c) for c in columns)
    with transaction.atomic(), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {table} ({quoted}) FROM STDIN") as copy:  # nosec B608 (model names)
                for row in rows:
                    copy.write_row((*row, *constant))
        else:
            marks = ", ".join(["%s"] * len(columns))
            cursor.executemany(f"INSERT INTO {table} ({quoted}) VALUES ({marks})",  # nosec B608 (model names)
                               [(*row, *constant) for row in rows])


def _converter(field):
    """What SQLite needs instead of a Python date or datetime (PostgreSQL's COPY takes them as they are)."""
    if connection.vendor == "postgresql":
        return None
    internal = field.get_internal_type()
    if internal == "DateTimeField":
        return connection.ops.adapt_datetimefield_value
    if internal == "DateField":
        return dt.date.isoformat
    return None


def batched(iterable: Iterable, size: int) -> Iterator[list]:
    """Lists of up to `size` items (itertools.batched arrives with Python 3.12)."""
    it = iter(iterable)
    while batch := list(itertools.islice(it, size)):
        yield batch
