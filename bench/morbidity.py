"""Benchmark: the morbidity report over 1,000,000 migration health assessments.

    .venv/bin/python bench/morbidity.py --assessments 1000000 --database sqlite
    .venv/bin/python bench/morbidity.py --assessments 1000000 --database postgres

Seeds a throw-away database straight through SQL (COPY on PostgreSQL, batched INSERTs on SQLite;
TB results encrypted as the model encrypts them): 19 offices under headquarters, 0.8 persons per
assessment (a quarter of them assessed twice), TB tests for a fifth of them (some positive), TB
classifications, vaccinations and fitness decisions. Then measures:
- rebuild: `manage.py rebuild_morbidity`, the summary counted from every record (run once);
- report: GET /api/v1/health/morbidity?by=... for three readers (headquarters, a country office, a
  sub-office) and each of the five groupings, `--runs` rounds; p50/p95 over all calls and per reader;
- recount (unless --no-recount): the report counted from the records as it was before the
  summary, once, headquarters by nationality, for comparison.
Prints one JSON object.
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import json
import random
import statistics
import sys
import time
from collections.abc import Iterable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from scratch import scratch_database  # noqa: E402

COUNTRIES = ("KEN", "JOR", "ETH", "UGA", "TUR", "LBN")
NATIONALITIES = ("SOM", "SSD", "COD", "SYR", "IRQ", "AFG", "ERI", "SDN", "ETH", "BDI", "YEM", "MMR")
DESTINATIONS = ("USA", "CAN", "AUS", "GBR", "DEU", "SWE", "NOR", "NZL")
TB_TESTS = ("sputum_smear", "sputum_culture", "tb_molecular")
VACCINES = ("mmr", "ipv", "dtp", "hepb", "var")
FITNESS = (("fit", 70), ("fit_with_requirements", 8), ("not_fit", 4), ("deferred", 3))


def percentiles(samples: list[float]) -> dict[str, float]:
    ordered = sorted(samples)
    return {"calls": len(ordered), "p50_ms": round(statistics.median(ordered), 1),
            "p95_ms": round(ordered[min(len(ordered) - 1, int(len(ordered) * 0.95))], 1),
            "max_ms": round(ordered[-1], 1)}


def fast_insert(model, columns: list[str], rows: Iterable[tuple], *, batch: int = 20_000) -> int:
    """Insert `rows` (values of `columns`, as the model holds them) past the ORM: COPY on
    PostgreSQL, executemany on SQLite. Other columns get their model default; values go through
    the fields' own conversion (so encrypted fields are encrypted)."""
    from django.db import connection
    from django.db.models import NOT_PROVIDED
    from django.utils import timezone

    fields = [model._meta.get_field(c) for c in columns]
    others = [f for f in model._meta.concrete_fields if not f.primary_key and f.attname not in columns]
    constants = []
    for f in others:
        if getattr(f, "auto_now_add", False) or getattr(f, "auto_now", False):
            value = timezone.now()
        elif f.default is not NOT_PROVIDED:
            value = f.get_default()
        else:
            value = None if f.null else ""
        constants.append(f.get_db_prep_save(value, connection))
    names = ", ".join(connection.ops.quote_name(f.column) for f in [*fields, *others])
    table = connection.ops.quote_name(model._meta.db_table)

    def prepared():
        for row in rows:
            yield tuple(f.get_db_prep_save(v, connection) for f, v in zip(fields, row, strict=True)) + tuple(constants)

    count = 0
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
                for row in prepared():
                    copy.write_row(row)
                    count += 1
            cursor.execute(f"ANALYZE {table}")
        else:
            marks = ", ".join(["%s"] * (len(fields) + len(others)))
            sql = f"INSERT INTO {table} ({names}) VALUES ({marks})"  # nosec B608: names from the model
            chunk = []
            for row in prepared():
                chunk.append(row)
                if len(chunk) >= batch:
                    cursor.executemany(sql, chunk)
                    count += len(chunk)
                    chunk = []
            if chunk:
                cursor.executemany(sql, chunk)
                count += len(chunk)
    return count


def seed(total: int, rng: random.Random) -> dict:
    from django.db import transaction

    from passage.core.models import Office
    from passage.health.models import Assessment, FitnessDecision, LabTest, TbClassification, Vaccination
    from passage.registry.models import Person

    hq = Office.objects.create(code="HQ", name="Headquarters", kind=Office.Kind.HEADQUARTERS, country="CHE")
    offices = []
    for country in COUNTRIES:
        office = Office.objects.create(code=f"CO-{country}", name=f"{country} country office", kind="country",
                                       country=country, parent=hq)
        offices.append(office)
        for n in (1, 2):
            offices.append(Office.objects.create(code=f"SO-{country}-{n}", name=f"{country} sub-office {n}",
                                                 kind="sub_office", country=country, parent=office))
    persons = round(total / 1.25)
    today = dt.date.today()
    now = dt.datetime.now(dt.UTC)
    office_ids = [o.pk for o in offices]
    with transaction.atomic():
        fast_insert(Person, ["office_id", "given_name", "family_name", "sex", "date_of_birth", "nationality"], (
            (rng.choice(office_ids), "Bench", f"Person{i}", rng.choice("MMFFX"[:4 if i % 50 else 5]),
             today - dt.timedelta(days=rng.randint(0, 80 * 365)), rng.choice(NATIONALITIES))
            for i in range(persons)))
    ids = list(Person.objects.order_by("pk").values_list("pk", flat=True))
    user_rows = {"persons": len(ids)}

    def assessments():
        written = 0
        for i, pk in enumerate(ids):
            times = 2 if written + (len(ids) - i) < total else 1
            for _ in range(times):
                yield (pk, "mha", now - dt.timedelta(days=rng.randint(1, 730), minutes=rng.randint(0, 600)),
                       "Bench clinic", "Dr. Bench", rng.choice(DESTINATIONS))
            written += times

    with transaction.atomic():
        user_rows["assessments"] = fast_insert(
            Assessment, ["person_id", "kind", "performed_at", "clinic", "physician", "destination_country"],
            assessments())
        user_rows["lab_tests"] = fast_insert(LabTest, ["person_id", "test", "taken_on", "result", "result_on"], (
            (pk, rng.choice(TB_TESTS), day, "positive" if rng.random() < 0.04 else "negative", day)
            for pk in ids if rng.random() < 0.2 for day in [today - dt.timedelta(days=rng.randint(1, 700))]))
        user_rows["tb_classifications"] = fast_insert(
            TbClassification, ["person_id", "classified_on", "value", "destination_country"], (
                (pk, today - dt.timedelta(days=rng.randint(1, 700)),
                 rng.choice(("no_tb", "no_tb", "latent", "class_b", "active")), rng.choice(DESTINATIONS))
                for pk in ids if rng.random() < 0.05))
        user_rows["vaccinations"] = fast_insert(Vaccination, ["person_id", "vaccine", "given_on"], (
            (pk, rng.choice(VACCINES), today - dt.timedelta(days=rng.randint(1, 700)))
            for pk in ids if rng.random() < 0.7))
        decisions, weights = zip(*FITNESS, strict=True)
        user_rows["fitness_decisions"] = fast_insert(
            FitnessDecision, ["person_id", "decided_at", "decision", "not_fit_until", "requirements"], (
                (pk, now - dt.timedelta(days=rng.randint(1, 700)), decision,
                 today + dt.timedelta(days=30) if decision == "not_fit" else None,
                 ["wchr"] if decision == "fit_with_requirements" else [])
                for pk in ids if rng.random() < 0.85
                for decision in [rng.choices(decisions, weights)[0]]))
    return {"offices": len(offices) + 1, **user_rows, "hq": hq, "country_office": offices[0],
            "sub_office": offices[1]}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--assessments", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=20, help="rounds of the 15 reader x grouping calls")
    parser.add_argument("--database", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--no-recount", action="store_true", help="skip timing the report counted from the records")
    args = parser.parse_args()

    with scratch_database(args.database):
        from django.core.management import call_command
        from django.db import connection
        from django.test import Client

        from passage.core import services as core_services
        from passage.core.models import Role
        from passage.core.tests.factories import UserFactory
        from passage.health import selectors
        from passage.health.models import MorbidityCell

        started = time.perf_counter()
        seeded = seed(args.assessments, random.Random(7))  # nosec B311 - benchmark data
        seed_seconds = time.perf_counter() - started

        started = time.perf_counter()
        call_command("rebuild_morbidity", verbosity=0, stdout=io.StringIO())
        rebuild_seconds = time.perf_counter() - started

        readers = {
            "headquarters": UserFactory(username="im_hq", roles=[(seeded["hq"], Role.INFORMATION_MANAGEMENT)]),
            "country_office": UserFactory(username="im_co", roles=[(seeded["country_office"],
                                                                     Role.INFORMATION_MANAGEMENT)]),
            "sub_office": UserFactory(username="med_so", roles=[(seeded["sub_office"], Role.MEDICAL_OFFICER)]),
        }
        clients = {name: Client(headers={"Authorization": "Bearer " + core_services.create_api_token(
            actor=user, name="bench").secret}) for name, user in readers.items()}
        for client in clients.values():  # the first call of a process builds the API; not the report's time
            client.get("/api/v1/health/morbidity?by=sex")
        samples: dict[str, list[float]] = {name: [] for name in readers}
        rows = {}
        for _ in range(args.runs):
            for name, client in clients.items():
                for by in selectors.GROUPINGS:
                    started = time.perf_counter()
                    response = client.get(f"/api/v1/health/morbidity?by={by}")
                    samples[name].append((time.perf_counter() - started) * 1000)
                    assert response.status_code == 200, response.content
                    rows[(name, by)] = len(response.json()["rows"])
        everything = [s for values in samples.values() for s in values]

        recount = None
        if not args.no_recount:
            started = time.perf_counter()
            from_records = selectors.morbidity_from_records(user=readers["headquarters"], by="nationality")
            recount = {"seconds": round(time.perf_counter() - started, 1),
                       "same_as_summary": from_records == selectors.morbidity(user=readers["headquarters"],
                                                                               by="nationality")}

        print(json.dumps({
            "benchmark": "morbidity",
            "date": dt.date.today().isoformat(),
            "database": connection.vendor,
            "seeded": {k: v for k, v in seeded.items() if isinstance(v, int)},
            "seed_seconds": round(seed_seconds, 1),
            "rebuild_seconds": round(rebuild_seconds, 1),
            "cells": MorbidityCell.objects.count(),
            "report": percentiles(everything),
            "report_by_reader": {name: percentiles(values) for name, values in samples.items()},
            "rows_headquarters_by_nationality": rows[("headquarters", "nationality")],
            "recount_from_records": recount,
        }))


if __name__ == "__main__":
    main()
