"""The number of queries of recording a full assessment through the API is pinned, request by
request, so a change that adds a lookup per request (or per record) fails here before it shows in
the benchmark (bench/health.py). The budgets are what each request costs today: 13 for a record
that changes neither the health clearance nor the morbidity summary (12 for an assessment or a TB
classification: the destination of the person's case is read with the person), plus 2 on a record
the report counts (the person's row locked, their morbidity mark read), plus 2 when it moves their
counts (the cells created, added to and locked in one statement, and the mark; one more when the
TB count moves), plus 2 when the clearance's reason changes (the row and its audit row), plus 5
more when its status or validity changes (the case's readiness, recomputed in the same transaction;
the movement statistics do not read clearances and are not refreshed); a vaccination also checks
that its dose is not recorded already."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.utils import timezone

pytestmark = pytest.mark.django_db


def test_recording_a_full_assessment_through_the_api_stays_within_its_queries(
        world, api_client, medical_a, person_a, django_assert_max_num_queries):
    client = api_client(medical_a)
    base = f"/api/v1/health/persons/{person_a.pk}"
    day = (timezone.now() - dt.timedelta(days=1)).date().isoformat()
    at = (timezone.now() - dt.timedelta(days=1)).isoformat()
    notes = {"clinic": "Nairobi MHAC", "physician": "Dr. Otieno", "history": "Asthma as a child", "exam": "Normal",
             "vitals": "BP 118/76", "mental_health": "Calm"}
    client.get(f"{base}")  # the token's last use is written once a minute; not part of a record
    steps = [  # (path, body, budget, clearance after)
        ("assessments", {"kind": "mha", "performed_at": at, **notes}, 23, "pending"),
        ("chest-xrays", {"taken_on": day, "reading": "suggestive_tb", "radiologist": "Dr. Kamau"}, 15, "pending"),
        ("lab-tests", {"test": "sputum_smear", "taken_on": day, "result": "negative", "result_on": day}, 15, "pending"),
        ("lab-tests", {"test": "sputum_culture", "taken_on": day, "result": "negative", "result_on": day}, 15,
         "pending"),
        ("lab-tests", {"test": "syphilis", "taken_on": day, "result": "negative", "result_on": day}, 15, "pending"),
        ("tb-classifications", {"classified_on": day, "value": "class_b"}, 14, "pending"),
        ("vaccinations", {"vaccine": "mmr", "dose": 1, "given_on": day, "lot": "L1"}, 20, "pending"),
        ("vaccinations", {"vaccine": "ipv", "dose": 1, "given_on": day, "lot": "L1"}, 18, "pending"),
        ("vaccinations", {"vaccine": "dtp", "dose": 1, "given_on": day, "lot": "L1"}, 18, "pending"),
        ("vaccinations", {"vaccine": "hepb", "dose": 1, "given_on": day, "lot": "L1"}, 18, "pending"),
        ("treatments", {"condition": "Intestinal parasites", "started_on": day, "ended_on": day}, 13, "pending"),
        ("fitness", {"decision": "fit_with_requirements", "requirements": ["wchr"]}, 24, "granted"),
        # The same again: nothing derived changes, so only the record, its audit row and the reads.
        ("assessments", {"kind": "pdmp", "performed_at": at, **notes}, 12, "granted"),
        ("assessments", {"kind": "mha", "performed_at": at, **notes}, 14, "granted"),
    ]
    for path, body, budget, status in steps:
        with django_assert_max_num_queries(budget):
            response = client.post(f"{base}/{path}", json.dumps(body), content_type="application/json")
        assert response.status_code == 201, (path, response.json())
        assert response.json()["clearance_status"] == status, path
