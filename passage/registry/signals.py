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


def inputs_changed(case_ids: Iterable[int]) -> None:
    ids = sorted({int(pk) for pk in case_ids})
    if ids:
        case_inputs_changed.send(sender=None, case_ids=ids)
