"""Making a test case ready: every clearance granted, for the whole case and for each member,
valid from a month ago to three months ahead, written through the registry's own write paths so
that the readiness module (listening to case_inputs_changed) sees them as a user's entries."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from passage.registry.models import Case, Clearance
from passage.registry.records import set_derived_clearance
from passage.registry.signals import inputs_changed

CASE_KINDS = ("case_approval", "reception_assurance")
PERSON_KINDS = ("security_check", "exit_permit", "visa")


def grant_everything(case: Case, *, transit_countries: tuple[str, ...] = ()) -> None:
    today = timezone.now().date()
    window = {"status": Clearance.Status.GRANTED, "valid_from": today - dt.timedelta(days=30),
              "valid_until": today + dt.timedelta(days=90)}
    members = [m.person for m in case.members.filter(left_on__isnull=True).select_related("person")]
    with transaction.atomic():
        for kind in CASE_KINDS:
            Clearance.objects.create(case=case, kind=kind, **window)
        for person in members:
            for kind in PERSON_KINDS:
                Clearance.objects.create(case=case, person=person, kind=kind, **window)
            for country in transit_countries:
                Clearance.objects.create(case=case, person=person, kind="transit_waiver", transit_country=country,
                                         **window)
            for kind in ("health", "orientation"):
                set_derived_clearance(actor=None, person=person, kind=kind, reference="test", **window)
        inputs_changed([case.pk])
