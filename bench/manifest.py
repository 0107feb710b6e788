"""Benchmark: the manifest of a full 400-seat charter, on screen and in every export format.

    .venv/bin/python bench/manifest.py --database sqlite
    .venv/bin/python bench/manifest.py --database postgres

Uses a throw-away database (see bench/scratch.py). Builds 100 families of four with passports and
some vulnerabilities, books them through the booking service onto one 400-seat charter leg, then
times manifests.build (the queries and rows behind the page and the API) and each format. Prints
one JSON object; timings are medians and 95th percentiles of repeated runs.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import statistics
import sys
import time
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from scratch import scratch_database  # noqa: E402


def timings(fn, repeat: int) -> dict:
    samples = []
    for _ in range(repeat):
        started = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - started) * 1000)
    samples.sort()
    return {"median_ms": round(statistics.median(samples), 1),
            "p95_ms": round(samples[min(len(samples) - 1, int(len(samples) * 0.95))], 1)}


def build_charter(passengers: int):
    from django.utils import timezone

    from passage.core.models import Membership, Office, Role, User
    from passage.movements import services
    from passage.registry.models import Case, CaseMember, IdentityDocument, Person, Vulnerability

    hq = Office.objects.create(code="HQ", name="Headquarters", kind=Office.Kind.HEADQUARTERS, country="CHE")
    office = Office.objects.create(code="CO-KEN", name="Kenya", kind=Office.Kind.COUNTRY, country="KEN", parent=hq)
    user = User.objects.create(username="bench")
    for role in (Role.OFFICE_ADMIN, Role.CHARTER_MANAGER):
        Membership.objects.create(user=user, office=hq, role=role)
    families = passengers // 4
    cases = Case.objects.bulk_create([
        Case(number=f"KEN-2026-{i:06d}", office=office, programme="resettlement", destination_country="USA",
             registered_on=dt.date(2026, 1, 1)) for i in range(families)])
    persons = Person.objects.bulk_create([
        Person(office=office, given_name=f"Given{i}", middle_name="Ali", family_name=f"Family{i // 4}",
               sex="MF"[i % 2], date_of_birth=dt.date(1960 + i % 60, 1 + i % 12, 1 + i % 28), nationality="SOM")
        for i in range(families * 4)])
    CaseMember.objects.bulk_create([
        CaseMember(case=cases[i // 4], person=p, relationship="PA" if i % 4 == 0 else "child",
                   joined_on=dt.date(2026, 1, 1)) for i, p in enumerate(persons)])
    IdentityDocument.objects.bulk_create([
        IdentityDocument(person=p, kind=kind, number=f"{kind[:2].upper()}{p.pk:07d}", issuing_country="SOM",
                         expires_on=dt.date(2031, 1, 1))
        for p in persons for kind in ("refugee_id", "passport")])
    Vulnerability.objects.bulk_create([Vulnerability(person=p, code="mobility") for p in persons[::25]])
    charter = services.create_charter(actor=user, office=hq, data=services.CharterInput(
        operator="Bench Air", aircraft="B777-300ER", seats=passengers, cost=Decimal("480000")))
    day = (timezone.now() + dt.timedelta(days=10)).date()
    leg = services.create_leg(actor=user, office=hq, charter=charter, data=services.LegInput(
        mode="air", carrier="ET", number="9001", departure_airport="NBO", arrival_airport="JFK",
        departure_local=dt.datetime.combine(day, dt.time(1, 0)), arrival_local=dt.datetime.combine(day, dt.time(8, 0))))
    started = time.perf_counter()
    for case in cases:
        services.book_case(actor=user, case=case, data=services.BookingInput(leg_ids=[leg.pk], record_locator="BENCH1"))
    return leg, time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--database", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--passengers", type=int, default=400)
    parser.add_argument("--repeat", type=int, default=21)
    args = parser.parse_args()

    with scratch_database(args.database):
        from django.db import connection

        from passage.movements import manifests

        leg, booking_seconds = build_charter(args.passengers)
        queries = []
        with connection.execute_wrapper(lambda execute, sql, *rest: queries.append(sql) or execute(sql, *rest)):
            manifest = manifests.build(leg)
        figures = {
            "benchmark": "manifest",
            "date": dt.date.today().isoformat(),
            "database": connection.vendor,
            "passengers": len(manifest.rows),
            "queries": len(queries),
            "booking_100_families_seconds": round(booking_seconds, 2),
            "build": timings(lambda: manifests.build(leg), args.repeat),
            "build_and_csv": timings(lambda: manifests.to_csv(manifests.build(leg)), args.repeat),
            "build_and_xlsx": timings(lambda: manifests.to_xlsx(manifests.build(leg)), args.repeat),
            "build_and_pdf": timings(lambda: manifests.to_pdf(manifests.build(leg)), max(5, args.repeat // 3)),
            "build_and_paxlst": timings(lambda: manifests.to_paxlst(manifests.build(leg)), args.repeat),
        }
        print(json.dumps(figures))


if __name__ == "__main__":
    main()
