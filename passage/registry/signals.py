"""Signals other modules listen to, so the registry does not import them.

`case_inputs_changed` is sent inside the writing transaction whenever something a case's
readiness depends on changes: a clearance (also the health and orientation ones their modules
derive), the composition, a member's date of birth, the destination or programme. Receivers run in
the same transaction, so a derived state (the readiness window) is never out of step with its
inputs; a receiver that fails rolls the write back.

`inputs` says what changed (the constants below), so a listener that derives from some inputs only
(the health clearance reads dates of birth, destinations and membership, not visas) can skip the
rest; an empty set means "not said" and a careful listener treats it as "anything". A derived
clearance is announced when it appears or its status or validity changes, not when only its reason
or reference does (no listener reads them). `actor` is the
user who made the change (None for the system), for the listener's own audit rows.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.dispatch import Signal

# kwargs: case_ids (a sorted list of Case primary keys), inputs (a frozenset of the names below,
# empty when the sender does not say), actor (a User or None)
case_inputs_changed = Signal()

CLEARANCE = "clearance"  # a clearance was recorded, changed or derived
COMPOSITION = "composition"  # members joined or left, or two persons were merged
REGISTERED = "registered"  # new cases with new persons (registration, import)
DATE_OF_BIRTH = "date_of_birth"  # a member's date of birth
DESTINATION = "destination"  # the case's destination country
CASE = "case"  # another field of the case (programme, priority, project...)
STATUS = "status"  # the case moved along its workflow

# Sent inside the writing transaction when a person's sex, nationality or date of birth changes:
# the movement statistics count past movements by them (whatever case the person is in now).
person_attributes_changed = Signal()  # kwargs: person_ids (list), fields (sorted list of names)

REPORTED_ATTRIBUTES = ("date_of_birth", "nationality", "sex")


def inputs_changed(case_ids: Iterable[int], *, inputs: Iterable[str] = (), actor=None) -> None:
    ids = sorted({int(pk) for pk in case_ids})
    if ids:
        case_inputs_changed.send(sender=None, case_ids=ids, inputs=frozenset(inputs), actor=actor)


def attributes_changed(person_ids: Iterable[int], fields: Iterable[str]) -> None:
    ids = sorted({int(pk) for pk in person_ids})
    names = sorted(set(fields))
    if ids and names:
        person_attributes_changed.send(sender=None, person_ids=ids, fields=names)
