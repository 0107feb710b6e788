"""Benchmark: the health clearance derivation for 10,000 persons, the FHIR export and recording an
assessment through the API.

    .venv/bin/python bench/health.py --cases 5000 --database sqlite
    .venv/bin/python bench/health.py --cases 5000 --database postgres

Seeds the demo world (its health extension gives about two thirds of the persons of the first
5,000 cases health records) in a throw-away database, then measures:
- derive: reading the records of `--persons` persons and applying the rule (no writes);
- recompute: the same plus writing every health clearance (set_derived_clearance, audited), after
  the demo's clearances were removed so each one is really written;
- fhir: GET /api/v1/health/persons/{id}/fhir by a medical officer, p50/p95 over `--probes` persons;
- record: POST /api/v1/health/persons/{id}/assessments (a pre-departure assessment with every note),
  p50/p95 over `--probes` persons;
- record_full: a full assessment of `--probes` persons who had none, request by request: the migration
  health assessment, chest X-ray, two laboratory tests, TB classification, four vaccinations and the
  fitness decision (each moves the health clearance, the case's readiness and the morbidity summary
  as it would in the clinic); p50/p95 over every request, and of the assessment requests alone;
  for both, also the CPU time of this process per request (`cpu`: the request's own work whatever
  the machine's load; on PostgreSQL the database server's share is not in it);
- morbidity: the morbidity report by nationality for a headquarters user, median of 5 runs.
Prints one JSON object.
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


def percentiles(samples: list[float]) -> dict[str, float]:
    ordered = sorted(samples)
    return {"p50_ms": round(statistics.median(ordered), 2),
            "p95_ms": round(ordered[min(len(ordered) - 1, int(len(ordered) * 0.95))], 2)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--cases", type=int, default=5000)
    parser.add_argument("--persons", type=int, default=10_000)
    parser.add_argument("--probes", type=int, default=200)
    parser.add_argument("--database", choices=["sqlite", "postgres"], default="sqlite")
    args = parser.parse_args()

    with scratch_database(args.database):
        from django.db import connection
        from django.test import Client
        from django.utils import timezone

        from passage.core import services as core_services
        from passage.core.models import User
        from passage.demo.seeding import seed_demo
        from passage.health import clearance, services
        from passage.health.models import Assessment, Consent
        from passage.registry.models import CaseMember, Clearance

        started = time.perf_counter()
        seed_demo(cases=args.cases, seed=1, as_of=timezone.now().date())
        seed_seconds = time.perf_counter() - started
        ids = list(Assessment.objects.order_by("person_id").values_list("person_id", flat=True).distinct()
                   [:args.persons])

        started = time.perf_counter()
        destinations = dict(CaseMember.objects.filter(person_id__in=ids, left_on__isnull=True)
                            .values_list("person_id", "case__destination_country"))
        rules = {d: services.rule_for(d) for d in set(destinations.values())}
        outcomes = {}
        for start in range(0, len(ids), 500):
            chunk = ids[start:start + 500]
            records = services.records_for(chunk)
            for pk in chunk:
                outcomes[pk] = clearance.derive(rules[destinations[pk]], records[pk], today=timezone.now().date())
        derive_seconds = time.perf_counter() - started

        Clearance.objects.filter(kind="health").delete()
        started = time.perf_counter()
        counts = services.recompute_clearances(actor=None, person_ids=ids)
        recompute_seconds = time.perf_counter() - started

        medical = User.objects.get(username="medical")  # Kenya Country Office and its sub-offices
        client = Client(headers={"Authorization": f"Bearer {core_services.create_api_token(actor=medical, name='b').secret}"})
        kenyan = list(Consent.objects.filter(person__office__country="KEN", withdrawn_on__isnull=True)
                      .order_by("person_id").values_list("person_id", flat=True)[:args.probes])
        fhir_ms, record_ms, sizes = [], [], []
        for pk in kenyan:
            started = time.perf_counter()
            response = client.get(f"/api/v1/health/persons/{pk}/fhir")
            fhir_ms.append((time.perf_counter() - started) * 1000)
            assert response.status_code == 200, response.content
            sizes.append(len(response.json()["entry"]))
        body = {"kind": "pdmp", "performed_at": timezone.now().isoformat(), "clinic": "Nairobi MHAC",
                "physician": "Dr. Otieno", "history": "No complaints", "exam": "Normal", "vitals": "BP 120/80",
                "mental_health": "Calm, oriented"}
        record_cpu_ms = []
        for pk in kenyan:
            started, cpu = time.perf_counter(), time.process_time()
            response = client.post(f"/api/v1/health/persons/{pk}/assessments", json.dumps(body),
                                   content_type="application/json")
            record_ms.append((time.perf_counter() - started) * 1000)
            record_cpu_ms.append((time.process_time() - cpu) * 1000)
            assert response.status_code == 201, response.content

        unassessed = list(CaseMember.objects.filter(person__office__country="KEN", left_on__isnull=True,
                                                    person__health_assessments__isnull=True)
                          .order_by("person_id").values_list("person_id", flat=True).distinct()[:args.probes])
        day = (timezone.now() - dt.timedelta(days=1)).date().isoformat()
        full = [("assessments", {**body, "kind": "mha", "performed_at": (timezone.now() - dt.timedelta(days=1))
                                 .isoformat()}),
                ("chest-xrays", {"taken_on": day, "reading": "normal", "radiologist": "Dr. Kamau"}),
                ("lab-tests", {"test": "sputum_smear", "taken_on": day, "result": "negative", "result_on": day}),
                ("lab-tests", {"test": "syphilis", "taken_on": day, "result": "negative", "result_on": day}),
                ("tb-classifications", {"classified_on": day, "value": "no_tb"}),
                *[("vaccinations", {"vaccine": v, "given_on": day, "lot": "B1"}) for v in ("mmr", "ipv", "dtp", "hepb")],
                ("fitness", {"decision": "fit"})]
        full_ms, full_mha_ms, full_cpu_ms = [], [], []
        for pk in unassessed:
            for path, step in full:
                started, cpu = time.perf_counter(), time.process_time()
                response = client.post(f"/api/v1/health/persons/{pk}/{path}", json.dumps(step),
                                       content_type="application/json")
                elapsed = (time.perf_counter() - started) * 1000
                full_cpu_ms.append((time.process_time() - cpu) * 1000)
                assert response.status_code == 201, response.content
                full_ms.append(elapsed)
                if path == "assessments":
                    full_mha_ms.append(elapsed)

        from passage.health.selectors import morbidity

        informer = User.objects.get(username="infomgmt")  # headquarters: every office
        morbidity_ms = []
        for _ in range(5):
            started = time.perf_counter()
            morbidity(user=informer, by="nationality")
            morbidity_ms.append((time.perf_counter() - started) * 1000)

        print(json.dumps({
            "benchmark": "health",
            "date": dt.date.today().isoformat(),
            "database": connection.vendor,
            "cases": args.cases,
            "seed_seconds": round(seed_seconds, 1),
            "persons_derived": len(ids),
            "derive_seconds": round(derive_seconds, 2),
            "recompute_and_write_seconds": round(recompute_seconds, 2),
            "clearances": counts,
            "fhir": {"probes": len(fhir_ms), "entries_median": statistics.median(sizes) if sizes else 0,
                     **(percentiles(fhir_ms) if fhir_ms else {})},
            "record_assessment": {"probes": len(record_ms), **(percentiles(record_ms) if record_ms else {}),
                                  "cpu": percentiles(record_cpu_ms) if record_cpu_ms else {}},
            "record_full_assessment": {"persons": len(unassessed), "requests": len(full_ms),
                                       **(percentiles(full_ms) if full_ms else {}),
                                       "assessment_requests": percentiles(full_mha_ms) if full_mha_ms else {},
                                       "cpu": percentiles(full_cpu_ms) if full_cpu_ms else {}},
            "morbidity": {"assessments": Assessment.objects.filter(kind="mha").count(),
                          "median_ms": round(statistics.median(morbidity_ms), 1)},
        }))


if __name__ == "__main__":
    main()
