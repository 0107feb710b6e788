"""The person's booked departure, from the movements module when it is installed.

Health does not import movements at load time: the two modules are built in parallel, and a
deployment without movements still records pre-embarkation checks (without a window check)."""

from __future__ import annotations

import datetime as dt
from importlib import import_module

from django.apps import apps

from passage.registry.models import Person


def booked_departure(person: Person) -> dt.datetime | None:
    """UTC departure of the first leg of the person's active booking, or None (no booking, or no
    movements module)."""
    if not apps.is_installed("passage.movements"):
        return None
    selectors = import_module("passage.movements.selectors")
    return selectors.next_departure_for_person(person.pk)
