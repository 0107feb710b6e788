"""Fixtures for the statistics tests: the movements app's staff and leg helpers, and a random
movement history over the `world` offices."""

from __future__ import annotations

import datetime as dt
import random

import pytest

from passage.core.tests.factories import CaseFactory
from passage.movements.tests.conftest import make_leg, staff, ticketed  # noqa: F401 (fixtures)
from passage.registry.models import CaseMember, Person
from passage.reports import facts
from passage.reports.history import Traveller, create_history

NATIONALITIES = ["SOM", "SYR", "AFG", "ERI", "COD", "SSD", "IRQ"]
DESTINATIONS = ["USA", "CAN", "AUS", "SWE", "DEU"]
PROGRAMMES = ["resettlement", "family_reunification", "vhr", "humanitarian_admission"]
AS_OF = dt.date(2026, 11, 27)


def random_history(world, seed: int, cases: int = 60) -> list[int]:
    """Cases of the world's offices with random members, a random past journey each (some
    charters, no-shows, cancellations, land legs), then facts rebuilt. Returns the booking ids."""
    rng = random.Random(seed)  # nosec B311 (test data)
    offices = [world.office_a, world.sub_a, world.office_b]
    travellers = []
    for _ in range(cases):
        office = rng.choice(offices)
        case = CaseFactory(office=office, destination_country=rng.choice(DESTINATIONS),
                           programme=rng.choice(PROGRAMMES), members=rng.randint(1, 6))
        people = list(CaseMember.objects.filter(case=case).values_list("person_id", flat=True))
        for person_id in people:
            born = AS_OF - dt.timedelta(days=rng.randint(0, 85 * 365))
            Person.objects.filter(pk=person_id).update(nationality=rng.choice(NATIONALITIES),
                                                       sex=rng.choice("FFMMX"), date_of_birth=born)
        travellers.append(Traveller(case.pk, office.pk, office.country, case.destination_country, people))
    create_history(travellers, rng=rng, as_of=AS_OF, days=90, leg_office_id=world.hq.pk, charter_share=0.2,
                   no_show_share=0.1, cancel_share=0.1, batch=17)
    facts.rebuild()
    from passage.movements.models import Booking

    return list(Booking.objects.values_list("pk", flat=True))


@pytest.fixture
def history(world):
    return random_history(world, seed=7)
