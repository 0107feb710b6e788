"""Benchmark: the readiness engine on the demo world.

    .venv/bin/python bench/readiness.py --cases 100000 --database sqlite
    .venv/bin/python bench/readiness.py --cases 100000 --database postgres

Builds the demo world with its clearances in a throw-away database, then times (1) the full
recompute (`recompute_all`, the `recompute_readiness` command), (2) the incremental update of one
case alone (the signal receiver: read inputs, compute, upsert) and (3) a whole clearance change
through the service (write, audit, signal, recompute, commit). Prints one JSON object.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from scratch import scratch_database  # noqa: E402


def percentiles(samples: list[float]) -> dict:
    ordered = sorted(samples)
    return {"p50_ms": round(statistics.median(ordered), 2),
            "p95_ms": round(ordered[max(0, int(len(ordered) * 0.95) - 1)], 2)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--cases", type=int, default=100_000)
    parser.add_argument("--database", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--samples", type=int, default=300)
    args = parser.parse_args()

    with scratch_database(args.database):
        from django.db import connection, transaction
        from django.db.models import Count

        from passage.core.models import User
        from passage.demo.seeding import seed_demo
        from passage.readiness.engine import recompute, recompute_all
        from passage.readiness.models import ReadinessState
        from passage.registry import records
        from passage.registry.models import Case, Clearance, Person
        from passage.registry.schemas import ClearancePatch

        as_of = dt.date(2026, 11, 27)
        started = time.perf_counter()
        seed_demo(cases=args.cases, seed=1, as_of=as_of)
        seed_seconds = time.perf_counter() - started

        runs = []
        for _ in range(2):
            started = time.perf_counter()
            recompute_all(as_of=as_of)
            runs.append(time.perf_counter() - started)

        rng = random.Random(7)  # nosec B311
        active = list(Case.objects.filter(status__in=["approved", "booked", "in_processing"])
                      .values_list("pk", flat=True))
        picks = rng.sample(active, min(args.samples, len(active)))
        alone = []
        for case_id in picks:
            started = time.perf_counter()
            with transaction.atomic():
                recompute([case_id], as_of=as_of)
            alone.append((time.perf_counter() - started) * 1000)

        actor = User.objects.get(username="caseworker")
        clearance_ids = list(Clearance.objects.filter(case__office__code__in=["CO-KEN", "SO-KAK", "SO-DAD"],
                                                      kind="exit_permit", status="granted")
                             .values_list("pk", flat=True)[:5000])
        through_service = []
        for clearance_id in rng.sample(clearance_ids, min(args.samples, len(clearance_ids))):
            clearance = Clearance.objects.select_related("case").get(pk=clearance_id)
            started = time.perf_counter()
            records.update_clearance(actor=actor, clearance=clearance,
                                     data=ClearancePatch(valid_until=clearance.valid_until - dt.timedelta(days=1)))
            through_service.append((time.perf_counter() - started) * 1000)


        statuses = {row["status"]: row["n"] for row in ReadinessState.objects.values("status").annotate(n=Count("pk"))}
        print(json.dumps({
            "benchmark": "readiness",
            "date": dt.date.today().isoformat(),
            "database": connection.vendor,
            "cases": Case.objects.count(),
            "persons": Person.objects.count(),
            "clearances": Clearance.objects.count(),
            "seed_seconds": round(seed_seconds, 1),
            "full_recompute_seconds": [round(r, 1) for r in runs],
            "states": statuses,
            "incremental_one_case": percentiles(alone),
            "clearance_change_through_service": percentiles(through_service),
            "samples": len(alone),
        }))


if __name__ == "__main__":
    main()
