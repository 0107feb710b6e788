"""Concurrent writes on PostgreSQL: parallel registrations never share a case number, and two
officers moving the same case at once cannot both win."""

from __future__ import annotations

import pytest
from django.db import connection

from passage.core.errors import DomainError
from passage.core.tests.parallel import run_in_parallel
from passage.registry import services
from passage.registry.models import Case
from passage.registry.schemas import CaseIn


@pytest.mark.django_db(transaction=True)
def test_parallel_registrations_get_distinct_numbers(world):
    if connection.vendor != "postgresql":
        pytest.skip("real parallel transactions need PostgreSQL (SQLite serialises writers)")
    data = CaseIn(office_id=world.office_a.pk, programme="resettlement", destination_country="CAN", members=[
        {"relationship": "PA", "given_name": "Deng", "sex": "M", "date_of_birth": "1990-01-01", "nationality": "SSD"}])
    results = run_in_parallel(8, lambda i: services.register_case(actor=world.caseworker_a, data=data).case.number)
    assert all(isinstance(r, str) for r in results), results
    assert len(set(results)) == 8


@pytest.mark.django_db(transaction=True)
def test_two_officers_moving_one_case_at_once_cannot_both_win(world):
    if connection.vendor != "postgresql":
        pytest.skip("real parallel transactions need PostgreSQL (SQLite serialises writers)")
    case = world.case_a
    targets = ["in_processing", "rejected"]
    results = run_in_parallel(2, lambda i: services.transition_case(
        actor=world.caseworker_a, case=case, to_status=targets[i], reason="decided", expected_status="registered"))
    errors = [r for r in results if isinstance(r, DomainError)]
    assert len(errors) == 1 and errors[0].field == "expected_status"
    assert Case.objects.get(pk=case.pk).events.filter(kind="status").count() == 1
