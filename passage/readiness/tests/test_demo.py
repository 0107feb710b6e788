"""The demo world gives the readiness board something to show: ready, opening, closing and blocked cases."""

from __future__ import annotations

import datetime as dt

import pytest

from passage.demo.seeding import seed_demo
from passage.readiness.models import ReadinessState
from passage.registry.models import Clearance

AS_OF = dt.date(2026, 11, 27)


@pytest.mark.django_db
def test_demo_world_has_every_kind_of_case_on_the_board():
    result = seed_demo(cases=300, seed=3, as_of=AS_OF)
    assert result.extras["readiness"]["clearances"] > 0
    assert result.extras["orientation"]["courses"] >= 1
    states = ReadinessState.objects.all()
    assert states.count() == result.cases
    ready_now = states.filter(status="ready", window_start__lte=AS_OF)
    assert ready_now.exists()
    assert ready_now.filter(window_end__lte=AS_OF + dt.timedelta(days=14)).exists()
    assert states.filter(status="ready", window_start__gt=AS_OF).exists()
    reasons = set(states.filter(status="blocked").values_list("reason", flat=True))
    problems = {reason.split(":")[-1] for reason in reasons}
    assert {"expired", "missing", "pending"} <= problems and len(reasons) >= 6, reasons
    # Realistic validity: an exit permit holds about two months, a visa about four.
    permit = Clearance.objects.filter(kind="exit_permit", status="granted").first()
    assert (permit.valid_until - permit.valid_from).days == 60
