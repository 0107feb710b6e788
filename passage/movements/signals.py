"""Signals the movements services send so that other modules (statistics) keep derived tables
current without the movements app importing them.

`movements_changed` is sent INSIDE the writing transaction whenever a passenger-leg's status or a
booking's status changes (kwarg booking_ids: the bookings concerned). Receivers run in the same
transaction; one that fails rolls the write back, so derived figures never drift from the records.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.dispatch import Signal

movements_changed = Signal()  # kwargs: booking_ids (a list of Booking primary keys)


def changed(booking_ids: Iterable[int]) -> None:
    ids = sorted({int(pk) for pk in booking_ids})
    if ids:
        movements_changed.send(sender=None, booking_ids=ids)
