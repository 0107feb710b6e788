"""Benchmark: movement statistics at 500,000 persons and about 1,000,000 passenger-legs.

    .venv/bin/python bench/reports.py --persons 500000 --database sqlite
    .venv/bin/python bench/reports.py --persons 500000 --database postgres
    .venv/bin/python manage.py bench_reports          # both databases, one JSON object each

Builds a throw-away database (bench/scratch.py): persons and cases in bulk, ten years of past
journeys (passenger-legs, legs, charters) with reports.history, then rebuilds the summary tables
and times the dashboard figures (headquarters, last 12 months and all time; one country office)
and the one-day snapshot on random days. Prints JSON with medians and 95th percentiles in ms.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import statistics
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from scratch import scratch_database  # noqa: E402

ORIGINS = ["KEN", "JOR", "TUR", "LBN", "ETH", "UGA", "TZA", "AFG", "PAK", "BGD", "LBY", "EGY", "IRQ", "YEM",
           "RWA", "MYS", "THA", "NPL", "DJI", "SDN"]
DESTINATIONS = [("USA", 30), ("CAN", 15), ("AUS", 8), ("GBR", 6), ("DEU", 8), ("SWE", 5), ("NOR", 4), ("FRA", 5),
                ("NZL", 2), ("NLD", 3), ("FIN", 2), ("ETH", 3), ("AFG", 3), ("IRQ", 3), ("NGA", 3)]
NATIONALITIES = ["SOM", "SYR", "AFG", "ERI", "COD", "SSD", "IRQ", "MMR", "ETH", "SDN", "YEM", "BDI", "CAF", "IRN",
                 "PAK", "BGD", "NGA", "VEN", "UKR", "PSE"]
PROGRAMMES = ["resettlement", "family_reunification", "vhr", "avrr", "humanitarian_admission", "relocation"]


def timings(fn, repeat: int) -> dict:
    samples = []
    for _ in range(repeat):
        started = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - started) * 1000)
    samples.sort()
    return {"median_ms": round(statistics.median(samples), 1),
            "p95_ms": round(samples[min(len(samples) - 1, int(0.95 * len(samples)))], 1), "runs": repeat}


def seed(persons: int, rng: random.Random, as_of: dt.date, days: int = 3650) -> dict:
    """Offices, users, persons and cases, and their past journeys, written with the FastWriter
    (COPY on PostgreSQL); then the summary tables rebuilt by facts.rebuild (what
    `manage.py rebuild_report_facts` runs). Returns the sizes and the seconds of each phase."""
    from passage.core.models import Membership, Office, User
    from passage.registry.models import Case, Person
    from passage.reports import facts
    from passage.reports.bulk import FastWriter
    from passage.reports.history import Traveller, create_history

    started = time.perf_counter()
    writer = FastWriter()
    hq = Office.objects.create(code="HQ", name="Headquarters", kind="hq", country="CHE")
    offices = {c: Office.objects.create(code=f"CO-{c}", name=c, kind="country", country=c, parent=hq)
               for c in ORIGINS}
    hq_user = User.objects.create(username="im_hq")
    Membership.objects.create(user=hq_user, office=hq, role="information_management")
    office_user = User.objects.create(username="im_ken")
    Membership.objects.create(user=office_user, office=offices["KEN"], role="information_management")
    destinations, weights = zip(*DESTINATIONS, strict=True)
    registered = as_of - dt.timedelta(days=4000)
    made = 0
    counts: Counter = Counter()
    while made < persons:
        cases = []
        for _ in range(5000):
            origin = rng.choice(ORIGINS)
            cases.append((f"B-{made}-{len(cases)}", offices[origin].pk, origin, rng.choice(PROGRAMMES),
                           rng.choices(destinations, weights)[0], "arrived", registered))
        case_ids = writer.insert(Case, ("number", "office_id", "programme", "destination_country", "status",
                                        "registered_on"), [(c[0], c[1], c[3], c[4], c[5], c[6]) for c in cases])
        people = []
        sizes = []
        for case in cases:
            size = rng.choice([1, 1, 2, 3, 4, 5, 6, 7])
            sizes.append(size)
            nationality = rng.choice(NATIONALITIES)
            for _ in range(size):
                born = as_of - dt.timedelta(days=rng.randint(0, 80 * 365))
                people.append((case[1], "Test", rng.choice("FM"), born, nationality))
        person_ids = iter(writer.insert(Person, ("office_id", "given_name", "sex", "date_of_birth", "nationality"),
                                        people))
        travellers = [Traveller(pk, case[1], case[2], case[4], [next(person_ids) for _ in range(size)])
                      for pk, case, size in zip(case_ids, cases, sizes, strict=True)]
        made += len(people)
        for k, v in create_history(travellers, rng=rng, as_of=as_of, days=days, leg_office_id=hq.pk,
                                   charter_share=0.05, batch=5000, writer=writer).items():
            counts[k] += v
    writer.finish()
    counts = dict(counts)
    counts["persons"] = made
    counts["write_seconds"] = round(time.perf_counter() - started, 1)
    started = time.perf_counter()
    counts["rebuild"] = facts.rebuild()
    counts["rebuild_seconds"] = round(time.perf_counter() - started, 1)
    return counts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--persons", type=int, default=520_000)
    parser.add_argument("--database", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--repeat", type=int, default=40)
    parser.add_argument("--days", type=int, default=3650, help="Spread the journeys over this many past days.")
    parser.add_argument("--keep", metavar="NAME", help="Keep the database under this name and reuse it when it "
                        "exists (no seeding; see bench/scratch.py).")
    parser.add_argument("--rebuild", action="store_true", help="With --keep: rebuild the summary tables first.")
    args = parser.parse_args()
    rng = random.Random(2026)  # nosec B311 (benchmark data)
    as_of = dt.date(2026, 11, 27)
    with scratch_database(args.database, keep=args.keep):
        from django.db import connection, transaction

        from passage.core.models import Office, User
        from passage.movements.models import Booking, PassengerLeg
        from passage.reports import facts, figures
        from passage.reports.models import PersonMovement
        from passage.reports.selectors import Filters

        started = time.perf_counter()
        if Office.objects.filter(code="HQ").exists():
            sizes = {"reused": args.keep, "persons": PersonMovement.objects.count(),
                     "passenger_legs": PassengerLeg.objects.count()}
            if args.rebuild:
                sizes["rebuild"] = facts.rebuild()
                sizes["rebuild_seconds"] = round(time.perf_counter() - started, 1)
        else:
            sizes = seed(args.persons, rng, as_of, args.days)
        seeded = round(time.perf_counter() - started, 1)
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        hq, ken = User.objects.get(username="im_hq"), User.objects.get(username="im_ken")
        year = Filters(date_from=as_of - dt.timedelta(days=364), date_to=as_of)
        decade = Filters(date_from=as_of - dt.timedelta(days=3650), date_to=as_of)
        days = [as_of - dt.timedelta(days=rng.randint(1, args.days)) for _ in range(args.repeat)]
        day_iter = iter(days * 2)
        booking_ids = list(Booking.objects.values_list("pk", flat=True))
        booking_iter = iter(rng.sample(booking_ids, args.repeat))

        def refresh(booking_id: int) -> None:
            # What a status change adds to the writing transaction (its journeys recomputed and
            # applied); rolled back, so the commit, which the write pays anyway, is not counted.
            with transaction.atomic():
                facts.refresh_journeys([booking_id])
                transaction.set_rollback(True)
        result = {
            "benchmark": "reports", "database": args.database, "days": args.days, "sizes": sizes, "seed_seconds": seeded,
            "dashboard_hq_last_12_months": timings(lambda: figures.dashboard(hq, year), args.repeat),
            "dashboard_hq_ten_years": timings(lambda: figures.dashboard(hq, decade), max(args.repeat // 4, 5)),
            "dashboard_country_office_last_12_months": timings(lambda: figures.dashboard(ken, year), args.repeat),
            "sectors_by_person_hq_last_12_months": timings(lambda: figures.sectors_by_person(hq, year), args.repeat),
            "snapshot_hq_random_day": timings(lambda: figures.snapshot(hq, next(day_iter)), args.repeat),
            "refresh_one_booking": timings(lambda: refresh(next(booking_iter)), args.repeat),
            "persons_moved_last_12_months": figures.dashboard(hq, year)["totals"]["persons_moved"],
        }
        print(json.dumps(result, default=str))


if __name__ == "__main__":
    main()
