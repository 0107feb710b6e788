"""The morbidity report's summary (MorbidityCell): kept current in the writer's transaction, rebuilt
from the records by `manage.py rebuild_morbidity`, and read by the report in a few milliseconds
whatever the number of assessments.

What a person adds to the report (`Counted`): one person in each of five cells of their office (the
office total, their nationality, the destination of their latest migration health assessment,
their sex, their age group at that assessment), each with whether they are TB positive (any
positive TB test or an "active" TB classification), vaccinated (any vaccination) and their
current fitness decision. A person without a migration health assessment adds nothing.

Every change of these inputs calls `refresh(person)`: it derives the person's Counted again,
compares it with their MorbidityMark (what they were counted as before) and moves the difference
between the cells, under row locks. The health services call it after the records that can change
it (migration health assessments, TB tests and classifications, vaccinations, fitness decisions);
a change of the person in the registry (nationality, sex, date of birth, office, a merge) calls it
through Person's post_save."""

from __future__ import annotations

import datetime as dt
import json
from collections import defaultdict
from collections.abc import Iterable
from typing import NamedTuple

from django.db import connection, transaction
from django.db.models import QuerySet

from passage.core.crypto import encrypt
from passage.health import clearance
from passage.health.models import (
    Assessment,
    FitnessDecision,
    LabTest,
    MorbidityCell,
    MorbidityMark,
    TbClassification,
    Vaccination,
)
from passage.registry.models import Person

AGE_GROUPS = ((0, 4), (5, 14), (15, 24), (25, 49), (50, 64), (65, 200))
FITNESS_COLUMNS = ("fit", "fit_with_requirements", "not_fit", "deferred")
COLUMNS = ("persons", "tb_positive", "vaccinated", *FITNESS_COLUMNS)
# Fields of Person the report groups by (or scopes by); saving others does not touch the summary.
# A merge saves the survivor's aliases after moving the merged person's records to them.
PERSON_FIELDS = frozenset({"nationality", "sex", "date_of_birth", "office", "office_id", "merged_into",
                           "merged_into_id", "aliases"})


def age_group(born: dt.date, on: dt.date) -> str:
    age = clearance.age_on(born, on)
    for low, high in AGE_GROUPS:
        if low <= age <= high:
            return f"{low}+" if high == 200 else f"{low}-{high}"
    return "?"


class Counted(NamedTuple):
    office: int
    nationality: str
    destination: str
    sex: str
    age_group: str
    tb_positive: bool
    vaccinated: bool
    fitness: str  # the current decision, "" without one

    def cells(self) -> list[tuple[int, str, str]]:
        return [(self.office, "office", ""), (self.office, "nationality", self.nationality),
                (self.office, "destination", self.destination), (self.office, "sex", self.sex),
                (self.office, "age_group", self.age_group)]

    def amounts(self) -> dict[str, int]:
        out = {"persons": 1, "tb_positive": int(self.tb_positive), "vaccinated": int(self.vaccinated)}
        if self.fitness in FITNESS_COLUMNS:
            out[self.fitness] = 1
        return out


def tb_positive(labs: Iterable[tuple[str, str]], classifications: Iterable[str]) -> bool:
    """Any positive TB test (smear, culture, molecular, drug susceptibility) or an active TB classification."""
    return any(test in LabTest.TB_TESTS and result == LabTest.Result.POSITIVE for test, result in labs) or any(
        value == TbClassification.Value.ACTIVE for value in classifications)


def counted_from(person: Person, records: clearance.Records) -> Counted | None:
    """What the person adds to the report, from the records the clearance derivation read."""
    if records.latest_mha is None:
        return None
    at, destination = records.latest_mha
    return Counted(
        office=person.office_id, nationality=person.nationality, destination=destination, sex=person.sex,
        age_group=age_group(person.date_of_birth, at.date()),
        tb_positive=tb_positive([(test, result) for test, _on, result in records.labs],
                                [value for _on, value in records.tb_classifications]),
        vaccinated=bool(records.vaccines), fitness=records.fitness[0] if records.fitness else "")


def _dump(counted: Counted) -> str:
    return json.dumps(counted, separators=(",", ":"))


def _load(text: str) -> Counted:
    return Counted(*json.loads(text))


def refresh(person: Person, records: clearance.Records | None = None) -> bool:
    """Bring the cells in step with the person's records (inside the caller's transaction); returns
    whether anything moved. `person` holds the person's saved values; `records` what the clearance
    derivation read of them (read here when not given)."""
    if records is None:
        from passage.health.services import records_for

        if not (Assessment.objects.filter(person_id=person.pk, kind=Assessment.Kind.MIGRATION_HEALTH).exists()
                or MorbidityMark.objects.filter(person_id=person.pk).exists()):
            return False  # not counted before, not counted now: most persons, two queries
        records = records_for([person.pk], persons=[person])[person.pk]
    now = counted_from(person, records)
    with transaction.atomic(savepoint=False):
        mark = MorbidityMark.objects.select_for_update().filter(person_id=person.pk).first()
        before = _load(mark.counted) if mark else None
        if before == now:
            return False
        deltas: dict[tuple[int, str, str], dict[str, int]] = defaultdict(lambda: defaultdict(int))
        for counted, sign in ((before, -1), (now, 1)):
            if counted is None:
                continue
            amounts = counted.amounts()
            for cell in counted.cells():
                for column, amount in amounts.items():
                    deltas[cell][column] += sign * amount
        _apply(deltas)
        if now is None:
            MorbidityMark.objects.filter(person_id=person.pk).delete()
        elif mark is None:
            MorbidityMark.objects.create(person_id=person.pk, counted=_dump(now))
        else:
            mark.counted = _dump(now)
            mark.save(update_fields=["counted"])
    return True


def _apply(deltas: dict[tuple[int, str, str], dict[str, int]]) -> None:
    changed = {cell: amounts for cell, amounts in deltas.items() if any(amounts.values())}
    if not changed:
        return
    # One statement adds the counts and locks the cells, in the order of their key for every writer
    # (so two never wait on each other crosswise). A cell the person enters may not exist yet: it is
    # created with the counts (another writer creating it at the same moment turns this insert into
    # an addition). A cell they leave or stay in gets the addition only if it exists, as it does
    # unless the summary was edited by hand. The encrypted TB count cannot be added in SQL: it is
    # read back here and written in a second statement, only when it moves.
    cells = sorted(changed.items())
    quote = connection.ops.quote_name
    table = quote(MorbidityCell._meta.db_table)
    plain = [column for column in COLUMNS if column != "tb_positive"]
    columns = ["office_id", "dimension", "value", *plain, "tb_positive"]
    width = 2 + len(columns)  # the row's place in the order, whether the person enters it, the columns
    rows, params = [], []
    for n, ((office, dimension, value), amounts) in enumerate(cells):
        rows.append("(" + ", ".join(["%s"] * width) + ")")
        params += [n, int(amounts.get("persons", 0) > 0), office, dimension, value,
                   *[amounts.get(column, 0) for column in plain], encrypt("0")]
    values = [f"v.column{i}" for i in range(3, width + 1)]
    # Table and column names from the model, every value a parameter.
    sql = (
        f"INSERT INTO {table} ({', '.join(quote(c) for c in columns)}) "  # nosec B608
        f"SELECT {', '.join(values)} FROM (VALUES {', '.join(rows)}) AS v "
        f"WHERE v.column2 = 1 OR EXISTS (SELECT 1 FROM {table} AS c WHERE c.{quote('office_id')} = v.column3 "
        f"AND c.{quote('dimension')} = v.column4 AND c.{quote('value')} = v.column5) ORDER BY v.column1 "
        f"ON CONFLICT ({quote('office_id')}, {quote('dimension')}, {quote('value')}) DO UPDATE SET "
        + ", ".join(f"{quote(c)} = {table}.{quote(c)} + excluded.{quote(c)}" for c in plain)
        + f" RETURNING {quote('id')}, {quote('office_id')}, {quote('dimension')}, {quote('value')}, "
        f"{quote('tb_positive')}")
    field = MorbidityCell._meta.get_field("tb_positive")
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        tb = []
        for pk, office, dimension, value, stored in cursor.fetchall():
            amount = changed[(office, dimension, value)].get("tb_positive", 0)
            if amount:
                tb.append((encrypt(str(int(field.from_db_value(stored, None, connection)) + amount)), pk))
        if tb:
            cursor.executemany(f"UPDATE {table} SET {quote('tb_positive')} = %s WHERE {quote('id')} = %s",  # nosec B608
                               tb)


def on_person_saved(sender, instance: Person, created: bool, update_fields=None, raw: bool = False, **kwargs) -> None:
    """Person's post_save: a change of what the report groups or scopes by moves the person's counts."""
    if created or raw or (update_fields is not None and not PERSON_FIELDS.intersection(update_fields)):
        return
    refresh(instance)


# --- Rebuild -------------------------------------------------------------------------------------

def counted_all(*, chunk: int = 20_000) -> dict[int, Counted]:
    """Every person's Counted, read from the records table by table (for the rebuild)."""
    latest: dict[int, tuple] = {}  # person: the newest assessment's time and destination, the person's fields
    for pk, *row in Assessment.objects.filter(kind=Assessment.Kind.MIGRATION_HEALTH).order_by(
            "person_id", "performed_at", "id").values_list(
            "person_id", "performed_at", "destination_country", "person__office_id", "person__nationality",
            "person__sex", "person__date_of_birth").iterator(chunk_size=chunk):
        latest[pk] = row
    positive: set[int] = set()
    for pk, test, result in LabTest.objects.filter(test__in=LabTest.TB_TESTS).values_list(
            "person_id", "test", "result").iterator(chunk_size=chunk):
        if pk in latest and tb_positive([(test, result)], ()):
            positive.add(pk)
    for pk, value in TbClassification.objects.values_list("person_id", "value").iterator(chunk_size=chunk):
        if pk in latest and tb_positive((), [value]):
            positive.add(pk)
    vaccinated = set(Vaccination.objects.values_list("person_id", flat=True).distinct().iterator(chunk_size=chunk))
    fitness: dict[int, str] = {}
    for pk, decision in FitnessDecision.objects.order_by("person_id", "decided_at", "id").values_list(
            "person_id", "decision").iterator(chunk_size=chunk):
        fitness[pk] = decision
    return {pk: Counted(office=office, nationality=nationality, destination=destination, sex=sex,
                        age_group=age_group(born, at.date()), tb_positive=pk in positive,
                        vaccinated=pk in vaccinated, fitness=fitness.get(pk, ""))
            for pk, (at, destination, office, nationality, sex, born) in latest.items()}


def _totals(counted: Iterable[Counted]) -> dict[tuple[int, str, str], dict[str, int]]:
    totals: dict[tuple[int, str, str], dict[str, int]] = defaultdict(lambda: dict.fromkeys(COLUMNS, 0))
    for one in counted:
        amounts = one.amounts()
        for cell in one.cells():
            for column, amount in amounts.items():
                totals[cell][column] += amount
    return totals


def differences() -> list[str]:
    """Cells of the summary that differ from a recount of the records (empty when in step)."""
    expected = _totals(counted_all().values())
    stored = {(office, dimension, value): dict(zip(COLUMNS, (int(a) for a in amounts), strict=True))
              for office, dimension, value, *amounts in MorbidityCell.objects.filter(persons__gt=0).values_list(
                  "office_id", "dimension", "value", *COLUMNS)}
    return [f"office {cell[0]} {cell[1]} {cell[2]!r}: {stored.get(cell)} instead of {expected.get(cell)}"
            for cell in sorted(set(expected) | set(stored)) if stored.get(cell) != expected.get(cell)]


def rebuild(*, batch: int = 5_000) -> dict[str, int]:
    """Replace the summary and the marks with a recount from the records, in one transaction."""
    counted = counted_all()
    totals = _totals(counted.values())
    with transaction.atomic():
        MorbidityCell.objects.all().delete()
        MorbidityMark.objects.all().delete()
        MorbidityCell.objects.bulk_create(
            [MorbidityCell(office_id=office, dimension=dimension, value=value,
                           **{c: amounts.get(c, 0) for c in COLUMNS if c != "tb_positive"},
                           tb_positive=str(amounts.get("tb_positive", 0)))
             for (office, dimension, value), amounts in totals.items()], batch_size=batch)
        _insert_marks(((pk, encrypt(_dump(one))) for pk, one in counted.items()), batch)
    return {"persons": len(counted), "cells": len(totals)}


def _insert_marks(rows: Iterable[tuple[int, str]], batch: int) -> None:
    """Marks with `counted` encrypted already, inserted as stored (the model field would encrypt
    again; the ORM's per-object work is most of a million-person rebuild otherwise)."""
    table = connection.ops.quote_name(MorbidityMark._meta.db_table)
    sql = f"INSERT INTO {table} (person_id, counted) VALUES (%s, %s)"  # nosec B608: the model's table name
    with connection.cursor() as cursor:
        chunk: list[tuple[int, str]] = []
        for row in rows:
            chunk.append(row)
            if len(chunk) >= batch:
                cursor.executemany(sql, chunk)
                chunk = []
        if chunk:
            cursor.executemany(sql, chunk)


# --- The report ----------------------------------------------------------------------------------

def cells_for(queryset: QuerySet[MorbidityCell], by: str) -> dict[str, dict[str, int]]:
    """The report's counts per group from the (scoped) cells: summed, the TB counts decrypted."""
    dimension = "office" if by == "departure_country" else by
    key = "office__country" if by == "departure_country" else "value"
    out: dict[str, dict[str, int]] = defaultdict(lambda: dict.fromkeys(COLUMNS, 0))
    for row in queryset.filter(dimension=dimension, persons__gt=0).values_list(key, *COLUMNS):
        group = out[row[0]]
        for column, amount in zip(COLUMNS, row[1:], strict=True):
            group[column] += int(amount)
    return out
