"""Capacity holds under concurrent enrolment (the course row is locked): on PostgreSQL."""

from __future__ import annotations

import pytest
from django.db import connection

from passage.core.errors import DomainError
from passage.core.tests.factories import CaseFactory
from passage.core.tests.parallel import run_in_parallel
from passage.orientation import services
from passage.orientation.tests.conftest import make_course


@pytest.mark.django_db(transaction=True)
def test_parallel_enrolments_never_exceed_capacity(world, training):
    if connection.vendor != "postgresql":
        pytest.skip("real parallel transactions need PostgreSQL (SQLite serialises writers)")
    course = make_course(training.trainer, world.office_a, training.curriculum, first=training.course.start_date,
                         capacity=3)
    people = [CaseFactory(office=world.office_a, members=1).members.get().person for _ in range(8)]
    results = run_in_parallel(8, lambda i: services.enrol(actor=training.trainer, course=course, person=people[i]))
    refused = [r for r in results if isinstance(r, DomainError)]
    assert len(refused) == 5 and {r.field for r in refused} == {"capacity"}
    assert course.enrolments.count() == 3
