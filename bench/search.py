"""Benchmark: case search and filtered lists at scale, as a headquarters user sees them.

    .venv/bin/python bench/search.py --persons 1000000 --database sqlite
    .venv/bin/python bench/search.py --persons 1000000 --database postgres

Builds the demo world on a throw-away database (about 4.4 persons a case), gives a third of the
persons a passport, then times the first page (50 rows) of: a case-number search, a document-number
search, a UNHCR-reference search, a name search (with a spelling variant), and two filtered lists.
Prints one JSON object with p50/p95 in milliseconds per query kind (200 probes each).
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


def percentiles(samples: list[float]) -> dict[str, float]:
    ordered = sorted(samples)
    return {"p50_ms": round(statistics.median(ordered), 2), "p95_ms": round(ordered[int(len(ordered) * 0.95) - 1], 2)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--persons", type=int, default=1_000_000)
    parser.add_argument("--database", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--probes", type=int, default=200)
    args = parser.parse_args()

    with scratch_database(args.database):
        from django.db import connection

        from passage.core.models import User
        from passage.demo.seeding import seed_demo
        from passage.registry.models import Case, IdentityDocument, Person
        from passage.registry.selectors import cases_for

        started = time.perf_counter()
        seed_demo(cases=round(args.persons / 4.4), seed=1, as_of=dt.date(2026, 11, 1))
        seed_seconds = time.perf_counter() - started
        rng = random.Random(5)  # nosec B311 - benchmark sampling
        # A third of the persons get a passport, and a share of cases a UNHCR reference.
        ids = list(Person.objects.values_list("id", "nationality"))
        docs = [IdentityDocument(person_id=pid, kind="passport", number=f"P{pid:09d}", issuing_country=nat)
                for pid, nat in ids if pid % 3 == 0]
        IdentityDocument.objects.bulk_create(docs, batch_size=5000)
        case_ids = list(Case.objects.values_list("id", flat=True))
        refs = [Case(id=cid, unhcr_case_id=f"UN-{cid:08d}") for cid in case_ids if cid % 4 == 0]
        Case.objects.bulk_update(refs, ["unhcr_case_id"], batch_size=5000)
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")

        user = User.objects.get(username="compliance")  # headquarters: the widest scope
        numbers = list(Case.objects.values_list("number", flat=True)[:5000])
        people = list(Person.objects.values_list("given_name", "family_name")[:5000])
        queries = {
            "case_number": lambda: {"q": rng.choice(numbers)},
            "document_number": lambda: {"q": rng.choice(docs).number},
            "unhcr_reference": lambda: {"q": rng.choice(refs).unhcr_case_id},
            "name": lambda: {"q": " ".join(rng.choice(people))},
            "filter_status_destination": lambda: {"status": "approved", "destination": "CAN"},
            "filter_nationality_priority": lambda: {"nationality": rng.choice(["SOM", "SYR", "AFG"]),
                                                    "priority": "urgent"},
        }
        results = {}
        for name, make in queries.items():
            samples = []
            for _ in range(args.probes):
                params = make()
                t0 = time.perf_counter()
                rows = list(cases_for(user=user, **params).order_by("-pk")[:50])
                samples.append((time.perf_counter() - t0) * 1000)
                assert rows or name.startswith("filter"), (name, params)
            results[name] = percentiles(samples)
        print(json.dumps({
            "benchmark": "search", "date": dt.date.today().isoformat(), "database": connection.vendor,
            "persons": Person.objects.count(), "cases": len(case_ids), "documents": len(docs),
            "seed_seconds": round(seed_seconds, 1), "page_size": 50, "probes": args.probes, "queries": results,
        }))


if __name__ == "__main__":
    main()
