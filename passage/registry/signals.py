"""Signals other modules listen to, so the registry does not import them.

`case_inputs_changed` is sent inside the writing transaction whenever something a case's
readiness depends on changes: a clearance (also the health and orientation ones their modules
derive), the composition, a member's date of birth, the destination or programme. Receivers run in
the same transaction, so a derived state (the readiness window) is never out of step with its
inputs; a receiver that fails rolls the write back.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.dispatch import Signal

case_inputs_changed = Signal()  # kwargs: case_ids (a list of Case primary keys)

# Sent inside the writing transaction when a person's sex, nationality or date of birth changes:
# the movement statistics count past movements by them (whatever case the person is in now).
person_attributes_changed = Signal()  # kwargs: person_ids (list), fields (sorted list of names)

REPORTED_ATTRIBUTES = ("date_of_birth", "nationality", "sex")


def inputs_changed(case_ids: Iterable[int]) -> None:
    ids = sorted({int(pk) for pk in case_ids})
    if ids:
        case_inputs_changed.send(sender=None, case_ids=ids)


def attributes_changed(person_ids: Iterable[int], fields: Iterable[str]) -> None:
    ids = sorted({int(pk) for pk in person_ids})
    names = sorted(set(fields))
    if ids and names:
        person_attributes_changed.send(sender=None, person_ids=ids, fields=names)
