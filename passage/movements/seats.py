"""Seats on a leg: the cabin's layout (rows and seat letters, with aisles), checking a seat against
it, and the seat map shown on the flight page (a table with row and letter headers).

A leg without a layout (seat_rows = 0) takes any seat written as a row and a letter, as before;
once the layout is known, a seat outside it is refused, naming the field.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from django.db import transaction
from django.utils.translation import gettext as _

from passage.core import audit
from passage.core.errors import DomainError
from passage.core.models import User
from passage.movements.models import Leg, PassengerLeg

SEAT = re.compile(r"^(\d{1,3})([A-Z])$")
LETTERS = re.compile(r"^[A-Z]+( [A-Z]+)*$")
MAX_ROWS = 120
MAX_LETTERS = 12


def parse(seat: str) -> tuple[int, str] | None:
    match = SEAT.match(seat.strip().upper())
    return (int(match.group(1)), match.group(2)) if match else None


def letters_of(leg: Leg) -> list[str]:
    return [ch for ch in leg.seat_letters if ch != " "]


def check_seat(leg: Leg, seat: str, field: str = "seat") -> str:
    """The seat normalised ("23c" -> "23C"); DomainError on `field` when it is not a seat or, with a
    layout, not one of this leg's seats."""
    seat = seat.strip().upper()
    if not seat:
        return seat
    parsed = parse(seat)
    if parsed is None:
        raise DomainError(_("A seat is a row and a letter, such as 23C."), field=field)
    row, letter = parsed
    if leg.seat_rows and (not 1 <= row <= leg.seat_rows or letter not in letters_of(leg)):
        letters = letters_of(leg)
        raise DomainError(_("Seat %(seat)s is outside this aircraft's layout (rows 1-%(rows)d, seats %(first)s-%(last)s).")
                          % {"seat": seat, "rows": leg.seat_rows, "first": letters[0], "last": letters[-1]}, field=field)
    return f"{row}{letter}"


def set_layout(*, actor: User, leg: Leg, rows: int, letters: str) -> Leg:
    """Give the leg its cabin layout (0 rows and no letters: none). Seats already assigned must stay
    inside it."""
    from passage.movements.services import LEG_EDITORS, _require

    _require(actor, leg.office_id, LEG_EDITORS, _("Your role does not allow you to set the seat layout in this office."))
    letters = " ".join(letters.upper().split())
    if not 0 <= rows <= MAX_ROWS:
        raise DomainError(_("Give between 1 and %(max)d rows (0 for no layout).") % {"max": MAX_ROWS}, field="seat_rows")
    if rows and not (LETTERS.match(letters) and len(set(letters.replace(" ", ""))) == len(letters.replace(" ", ""))
                     and len(letters.replace(" ", "")) <= MAX_LETTERS):
        raise DomainError(_("Give the seat letters of a row from left to right, a space for each aisle, such as "
                            "ABC DEF (each letter once)."), field="seat_letters")
    if not rows:
        letters = ""
    with transaction.atomic():
        leg = Leg.objects.select_for_update().get(pk=leg.pk)
        before = {"seat_rows": leg.seat_rows, "seat_letters": leg.seat_letters}
        leg.seat_rows, leg.seat_letters = rows, letters
        for seat in PassengerLeg.objects.filter(leg=leg, holds_seat=True).exclude(seat="").values_list(
                "seat", flat=True).order_by("seat"):
            try:
                check_seat(leg, seat)
            except DomainError as exc:
                row = parse(seat)[0] if parse(seat) else 0
                raise DomainError(_("Seat %(seat)s is already assigned and would be outside this layout.") % {"seat": seat},
                                  field="seat_rows" if row > rows else "seat_letters") from exc
        leg.save(update_fields=["seat_rows", "seat_letters"])
        audit.record(actor=actor, action="leg.seat_layout", obj=leg, office=leg.office_id, before=before,
                     after={"seat_rows": rows, "seat_letters": letters})
    return leg


@dataclass
class Cell:
    seat: str
    occupant: object | None  # what the caller passed for that seat (a manifest row), or None: free


@dataclass
class SeatMap:
    columns: list[str]  # letters, "" for an aisle
    rows: list[tuple[int, list[Cell | None]]]  # None in an aisle column
    free: int
    outside: list[object]  # occupants whose seat is not in the layout (assigned before it was set)


def seat_map(leg: Leg, occupants: Iterable[tuple[str, object]]) -> SeatMap | None:
    """The grid of the leg's layout with each seat's occupant; None when the leg has no layout."""
    if not leg.seat_rows:
        return None
    by_seat = {seat.upper(): who for seat, who in occupants if seat}
    columns = ["" if ch == " " else ch for ch in leg.seat_letters]
    rows, free, placed = [], 0, set()
    for number in range(1, leg.seat_rows + 1):
        cells: list[Cell | None] = []
        for letter in columns:
            if not letter:
                cells.append(None)
                continue
            seat = f"{number}{letter}"
            who = by_seat.get(seat)
            if who is None:
                free += 1
            else:
                placed.add(seat)
            cells.append(Cell(seat=seat, occupant=who))
        rows.append((number, cells))
    outside = [who for seat, who in by_seat.items() if seat not in placed]
    return SeatMap(columns=columns, rows=rows, free=free, outside=outside)
