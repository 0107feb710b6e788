"""Benchmark: build the demo world in bulk, then page through cases by keyset versus OFFSET.

    .venv/bin/python bench/seed_and_page.py --cases 100000 --database sqlite
    .venv/bin/python bench/seed_and_page.py --cases 100000 --database postgres

Uses a throw-away database (a temporary SQLite file, or a new PostgreSQL database on 127.0.0.1
that is dropped afterwards) and prints one JSON object. Timings are medians of repeated runs.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from scratch import scratch_database  # noqa: E402


def median_ms(fn, repeat: int) -> float:
    samples = []
    for _ in range(repeat):
        started = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - started) * 1000)
    return round(statistics.median(samples), 2)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--cases", type=int, default=100_000)
    parser.add_argument("--database", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--repeat", type=int, default=21)
    args = parser.parse_args()

    with scratch_database(args.database):
        from django.db import connection

        from passage.core.models import User
        from passage.core.pagination import keyset_page
        from passage.demo.seeding import seed_demo
        from passage.registry.models import Case, Person
        from passage.registry.selectors import cases_for

        started = time.perf_counter()
        result = seed_demo(cases=args.cases, seed=1, as_of=dt.date(2026, 11, 1))
        seed_seconds = time.perf_counter() - started

        user = User.objects.get(username="compliance")  # headquarters: sees every case
        qs = cases_for(user=user)
        first = keyset_page(qs, cursor=None, limit=50)
        # a cursor just past the oldest 100 cases: the deepest page a client can reach
        deep_id = Case.objects.order_by("pk").values_list("pk", flat=True)[100]
        from passage.core.pagination import encode_cursor

        deep_cursor = encode_cursor(deep_id)
        offset = max(0, qs.count() - 150)
        figures = {
            "benchmark": "seed_and_page",
            "date": dt.date.today().isoformat(),
            "database": connection.vendor,
            "cases": result.cases,
            "persons": Person.objects.count(),
            "seed_seconds": round(seed_seconds, 1),
            "page_size": 50,
            "keyset_first_page_ms": median_ms(lambda: list(keyset_page(qs, cursor=None, limit=50).items), args.repeat),
            "keyset_deep_page_ms": median_ms(lambda: list(keyset_page(qs, cursor=deep_cursor, limit=50).items),
                                             args.repeat),
            "offset_deep_page_ms": median_ms(lambda: list(qs.order_by("-pk")[offset:offset + 50]), args.repeat),
            "first_page_rows": len(first.items),
        }
        print(json.dumps(figures))


if __name__ == "__main__":
    main()
