"""Benchmark: duplicate detection against labelled duplicates injected into the demo caseload.

    .venv/bin/python bench/duplicates.py                      # 100,000 persons: precision, recall, full pass
    .venv/bin/python bench/duplicates.py --persons 1000000 --no-scan   # single-check latency at 10^6
    .venv/bin/python bench/duplicates.py --database postgres
    .venv/bin/python bench/duplicates.py --households alone   # every re-registration alone, as before
    .venv/bin/python bench/duplicates.py --persons 1000000 --no-scan --keep-database passage_dup1m  # seed once, reuse

Builds the demo world with `seed_demo(duplicates=RATE, households=...)` on a throw-away database (a temporary
SQLite file, or a new PostgreSQL database on 127.0.0.1 dropped afterwards), runs
scan_for_duplicates and scores its queue against the ground-truth pairs, then times
find_duplicates_for for probes (half re-registrations of known persons, half new people).
Prints one JSON object.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from scratch import scratch_database  # noqa: E402

PERSONS_PER_CASE = 4.4  # the demo caseload's mean case size (demo/seeding.py SIZES)


def percentile(samples: list[float], q: float) -> float:
    ordered = sorted(samples)
    return round(ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))], 2)


def evaluate(labels: list[dict]) -> dict:
    from passage.registry.matching import LIKELY
    from passage.registry.models import DuplicateCandidate

    truth = {tuple(sorted((p["original"], p["duplicate"]))) for p in labels}
    queued = dict(((a, b), s) for a, b, s in DuplicateCandidate.objects.values_list("person_a", "person_b", "score"))
    likely = {pair for pair, score in queued.items() if score >= LIKELY}
    hits = truth & set(queued)
    missed: dict[str, int] = {}
    by_household: dict[str, list[int]] = {}  # household mode: [labelled, found]
    for label in labels:
        found = tuple(sorted((label["original"], label["duplicate"]))) in queued
        counts = by_household.setdefault(label.get("household", "alone"), [0, 0])
        counts[0] += 1
        counts[1] += found
        if not found:
            for v in label["variations"]:
                missed[v] = missed.get(v, 0) + 1
    return {
        "labelled_pairs": len(truth),
        "queued_pairs": len(queued),
        "true_positives": len(hits),
        "precision": round(len(hits) / len(queued), 4) if queued else None,
        "recall": round(len(hits) / len(truth), 4) if truth else None,
        "likely_band_pairs": len(likely),
        "likely_band_precision": round(len(truth & likely) / len(likely), 4) if likely else None,
        "missed_by_variation": missed,
        "recall_by_household": {mode: round(found / total, 4) for mode, (total, found) in sorted(by_household.items())},
        "labelled_by_household": {mode: total for mode, (total, _found) in sorted(by_household.items())},
    }


def probes(labels: list[dict], count: int, rng: random.Random):
    """Half the probes are re-registrations of labelled persons, half newly invented persons."""
    from passage.registry.models import Person
    from passage.registry.schemas import PersonIn

    dup_ids = [p["duplicate"] for p in rng.sample(labels, min(len(labels), count // 2))]
    persons = list(Person.objects.filter(pk__in=dup_ids))
    originals = list(Person.objects.order_by("?")[: count - len(persons)])
    out = []
    for person in persons + originals:
        data = {f: getattr(person, f) for f in ("given_name", "middle_name", "family_name", "native_given_name",
                                                  "native_middle_name", "native_family_name", "sex",
                                                  "date_of_birth", "dob_precision", "nationality")}
        if person in originals:  # someone new: another date of birth
            data["date_of_birth"] = data["date_of_birth"] - dt.timedelta(days=rng.randrange(40, 4000))
        data["date_of_birth"] = min(data["date_of_birth"], dt.date.today())  # demo children may be born "later"
        out.append(PersonIn(**data))
    return out


@contextmanager
def _database(args: argparse.Namespace) -> Iterator[None]:
    if not args.keep_database:
        with scratch_database(args.database):
            yield
        return
    os.environ["DATABASE_URL"] = f"postgres://postgres@127.0.0.1:5432/{args.keep_database}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "passage.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    yield


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--persons", type=int, default=100_000, help="About this many persons (default 100,000).")
    parser.add_argument("--duplicates", type=float, default=0.02, help="Share re-registered as variants (0.02).")
    parser.add_argument("--probes", type=int, default=200)
    parser.add_argument("--database", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--households", choices=["mixed", "alone"], default="mixed",
                        help="Re-registrations with some of their family, alone or with others (mixed, the "
                             "default), or always alone in a new individual case (alone, as before 2026-11-27).")
    parser.add_argument("--no-scan", action="store_true", help="Skip the full pass (for the 10^6 latency run).")
    parser.add_argument("--keep-database", metavar="NAME",
                        help="PostgreSQL only: seed the database NAME on 127.0.0.1 once and keep it (labels in "
                             "/tmp/NAME-labels.json); later runs reuse it, migrating it first. For timing changes "
                             "to the check without re-seeding 10^6 persons.")
    args = parser.parse_args()

    with _database(args):
        from django.db import connection

        from passage.core.models import User
        from passage.demo.seeding import seed_demo
        from passage.registry.duplicates import find_duplicates_for, scan_for_duplicates
        from passage.registry.models import Person, PersonNameKey

        cases = round(args.persons / (1 + args.duplicates) / PERSONS_PER_CASE)
        started = time.perf_counter()
        labels_file = Path(f"/tmp/{args.keep_database}-labels.json") if args.keep_database else None  # nosec B108
        if labels_file is not None and labels_file.exists():
            labels = json.loads(labels_file.read_text())
        else:
            result = seed_demo(cases=cases, seed=1, as_of=dt.date(2026, 11, 1), duplicates=args.duplicates,
                               households=args.households)
            labels = result.duplicate_pairs
            if labels_file is not None:
                labels_file.write_text(json.dumps(labels))
        seed_seconds = time.perf_counter() - started
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        figures: dict = {
            "benchmark": "duplicates",
            "date": dt.date.today().isoformat(),
            "database": connection.vendor,
            "persons": Person.objects.count(),
            "name_keys": PersonNameKey.objects.count(),
            "duplicate_rate": args.duplicates,
            "households": args.households,
            "seed_seconds": round(seed_seconds, 1),
        }
        if not args.no_scan:
            started = time.perf_counter()
            scan_for_duplicates()
            figures["full_pass_seconds"] = round(time.perf_counter() - started, 1)
            figures.update(evaluate(labels))

        user = User.objects.get(username="compliance")  # headquarters: sees every person
        # Reproducible sampling, not security.
        rng = random.Random(7)  # nosec B311
        samples, found = [], 0
        for probe in probes(labels, args.probes, rng):
            started = time.perf_counter()
            matches = find_duplicates_for(user=user, data=probe)
            samples.append((time.perf_counter() - started) * 1000)
            found += bool(matches)
        figures.update({
            "check_probes": len(samples),
            "check_p50_ms": percentile(samples, 0.5),
            "check_p95_ms": percentile(samples, 0.95),
            "check_max_ms": percentile(samples, 1.0),
            "check_probes_with_matches": found,
        })
        print(json.dumps(figures))


if __name__ == "__main__":
    main()
