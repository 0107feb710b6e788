"""Airport local time: legs are entered and shown in the time of their airports and stored in UTC."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from passage.core import reference


def zone(code: str) -> ZoneInfo:
    airport = reference.airports().get(code.upper())
    return ZoneInfo(airport.tz if airport and airport.tz else "UTC")


def country(code: str) -> str:
    airport = reference.airports().get(code.upper())
    return airport.country if airport else ""


def to_utc(code: str, local: dt.datetime) -> dt.datetime:
    """A wall-clock time at airport `code` as an aware UTC datetime (an aware input is only converted)."""
    if local.tzinfo is None:
        local = local.replace(tzinfo=zone(code))
    return local.astimezone(dt.UTC)


def local(code: str, moment: dt.datetime) -> dt.datetime:
    """An aware datetime as the wall-clock time at airport `code` (aware, in that zone)."""
    return moment.astimezone(zone(code))


def label(code: str) -> str:
    airport = reference.airports().get(code.upper())
    return f"{airport.city or airport.name} ({code})" if airport else code
