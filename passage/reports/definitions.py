"""The definitions every figure uses (docs/reports.md explains them for readers of the figures).

A person moved is a person on a journey (a booking with its rebookings) with at least one departed
passenger-leg; they count once per journey, on the local date of their first departed leg.
"""

from __future__ import annotations

import datetime as dt

from django.utils.translation import gettext_lazy as _

from passage.movements.models import PassengerLeg

P = PassengerLeg.Status

# Passenger-leg statuses that mean the person left on that leg.
FLOWN = frozenset({P.DEPARTED, P.IN_TRANSIT, P.ARRIVED, P.HANDED_OVER})


class Outcome:
    MOVED = "moved"
    NO_SHOW = "no_show"
    CANCELLED = "cancelled"
    CHOICES = [(MOVED, _("Moved")), (NO_SHOW, _("No-show")), (CANCELLED, _("Cancelled"))]


# (code, label, lowest age, highest age); the codes double as HXL attributes (+age0_4 ...).
AGE_GROUPS = [
    ("0_4", _("0-4"), 0, 4),
    ("5_11", _("5-11"), 5, 11),
    ("12_17", _("12-17"), 12, 17),
    ("18_59", _("18-59"), 18, 59),
    ("60_plus", _("60 and over"), 60, 999),
]
AGE_GROUP_CODES = [code for code, *_rest in AGE_GROUPS]
AGE_GROUP_LABELS = {code: label for code, label, *_rest in AGE_GROUPS}

# Persons of sex X (other or unspecified) are counted in every total and shown as their own column.
SEXES = ["F", "M", "X"]

# Cells smaller than this are suppressed in figures shown to partners.
PARTNER_THRESHOLD = 5


def age_on(born: dt.date, day: dt.date) -> int:
    years = day.year - born.year - ((day.month, day.day) < (born.month, born.day))
    return max(years, 0)


def age_group(age: int) -> str:
    for code, _label, low, high in AGE_GROUPS:
        if low <= age <= high:
            return code
    return AGE_GROUPS[-1][0]
