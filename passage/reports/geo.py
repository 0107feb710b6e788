"""Where a country is drawn on the map of departures and destinations: the median latitude and
longitude of its airports (the airportsdata package the movements module already uses), which
keeps overseas territories from pulling a country off its mainland. No map tiles, no shapes: the
map is points and lines on a plain equirectangular grid, drawn on the server."""

from __future__ import annotations

import statistics
from functools import cache

import airportsdata
import pycountry

# The drawn window (degrees): the inhabited latitudes, all longitudes.
NORTH, SOUTH = 72.0, -56.0
WIDTH = 720.0
HEIGHT = WIDTH * (NORTH - SOUTH) / 360.0


@cache
def points() -> dict[str, tuple[float, float]]:
    """alpha-3 country code -> (latitude, longitude)."""
    to3 = {c.alpha_2: c.alpha_3 for c in pycountry.countries}
    coordinates: dict[str, list[tuple[float, float]]] = {}
    for airport in airportsdata.load("IATA").values():
        code = to3.get(airport["country"])
        if code:
            coordinates.setdefault(code, []).append((float(airport["lat"]), float(airport["lon"])))
    return {code: (statistics.median(p[0] for p in pts), statistics.median(p[1] for p in pts))
            for code, pts in coordinates.items()}


def position(code: str) -> tuple[float, float] | None:
    """(x, y) of a country on the drawing, or None for a code with no airport."""
    point = points().get(code)
    if point is None:
        return None
    lat, lon = point
    lat = max(min(lat, NORTH), SOUTH)
    return round((lon + 180.0) / 360.0 * WIDTH, 1), round((NORTH - lat) / (NORTH - SOUTH) * HEIGHT, 1)


def graticule() -> dict[str, list[float]]:
    """Meridians every 30 degrees and parallels every 30 degrees (with the equator), for orientation."""
    return {"x": [round((lon + 180.0) / 360.0 * WIDTH, 1) for lon in range(-150, 180, 30)],
            "y": [round((NORTH - lat) / (NORTH - SOUTH) * HEIGHT, 1) for lat in (60, 30, 0, -30)]}
