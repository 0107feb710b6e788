"""Closed intervals of days, the arithmetic of readiness windows. An interval (start, end) holds
every day from start to end inclusive; date.min and date.max stand for "no bound"."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

Interval = tuple[dt.date, dt.date]
EVERYTHING: list[Interval] = [(dt.date.min, dt.date.max)]
ONE_DAY = dt.timedelta(days=1)


def _next_day(day: dt.date) -> dt.date:
    return day if day == dt.date.max else day + ONE_DAY


def union(intervals: Iterable[Interval]) -> list[Interval]:
    """Sorted, disjoint intervals covering the same days; touching intervals are joined."""
    merged: list[Interval] = []
    for start, end in sorted(i for i in intervals if i[0] <= i[1]):
        if merged and start <= _next_day(merged[-1][1]):
            if end > merged[-1][1]:
                merged[-1] = (merged[-1][0], end)
        else:
            merged.append((start, end))
    return merged


def intersect(a: list[Interval], b: list[Interval]) -> list[Interval]:
    """The days in both `a` and `b` (each sorted and disjoint, as union() returns)."""
    out: list[Interval] = []
    i = j = 0
    while i < len(a) and j < len(b):
        start = max(a[i][0], b[j][0])
        end = min(a[i][1], b[j][1])
        if start <= end:
            out.append((start, end))
        if a[i][1] < b[j][1]:
            i += 1
        else:
            j += 1
    return out


def covers(intervals: list[Interval], day: dt.date) -> bool:
    return any(start <= day <= end for start, end in intervals)
