"""The demo world's health data: a realistic share cleared, pending and not fit, consistent with
the rule the services apply."""

from __future__ import annotations

import datetime as dt

import pytest

from passage.demo.seeding import seed_demo
from passage.health import services
from passage.health.models import Assessment, FitnessDecision
from passage.registry.models import Clearance, Person

pytestmark = pytest.mark.django_db
AS_OF = dt.date(2026, 11, 1)


def test_demo_persons_are_cleared_pending_or_not_fit_as_the_rules_say():
    result = seed_demo(cases=300, seed=5, as_of=AS_OF)
    persons = Person.objects.count()
    assessed = Assessment.objects.values("person").distinct().count()
    assert 0.5 < assessed / persons < 0.8
    statuses = dict.fromkeys(("granted", "pending", "refused"), 0)
    for status in Clearance.objects.filter(kind="health").values_list("status", flat=True):
        statuses[status] += 1
    assert statuses["granted"] > statuses["pending"] > 0 and statuses["refused"] > 0
    assert result.extras["health"]["health_assessments"] == Assessment.objects.count()
    assert FitnessDecision.objects.filter(decision="fit_with_requirements").exists()
    # The bulk-written clearances are what the services would derive on the same day.
    sample = list(Clearance.objects.filter(kind="health").order_by("id")[:40])
    for row in sample:
        outcome = services.clearance.derive(services.rule_for(row.case.destination_country),
                                            services.records_for([row.person_id])[row.person_id], today=AS_OF)
        assert (outcome.status, outcome.reason) == (row.status, row.reason)
