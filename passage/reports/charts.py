"""Charts drawn on the server as SVG geometry (no script, no chart library): the templates place
the shapes; each chart also has a table with the same figures and links."""

from __future__ import annotations

from dataclasses import dataclass

BAR_HEIGHT = 22
LABEL_WIDTH = 200
PLOT_WIDTH = 320
GAP = 100  # between the pyramid's halves, for the age-group labels


@dataclass
class Bar:
    label: str
    count: int | None
    x: float
    y: float
    width: float
    height: float
    text_x: float
    text_y: float
    href: str
    count_y: float = 0


def bars(rows, href) -> dict:
    """Horizontal bars for Row objects; `href(row)` is the drill-down link of each bar."""
    largest = max((r.count or 0 for r in rows), default=0) or 1
    out = []
    for i, row in enumerate(rows):
        width = PLOT_WIDTH * (row.count or 0) / largest
        y = i * (BAR_HEIGHT + 6)
        out.append(Bar(label=row.label, count=row.count, x=LABEL_WIDTH, y=y, width=max(width, 1),
                       height=BAR_HEIGHT, text_x=LABEL_WIDTH + max(width, 1) + 6, text_y=y + 16, href=href(row)))
    return {"bars": out, "height": max(len(out), 1) * (BAR_HEIGHT + 6), "width": LABEL_WIDTH + PLOT_WIDTH + 70,
            "label_x": LABEL_WIDTH - 8}


def columns(rows, href) -> dict:
    """Vertical columns for a time series (one per month)."""
    largest = max((r.count or 0 for r in rows), default=0) or 1
    plot_height = 160
    step = 52
    out = []
    for i, row in enumerate(rows):
        height = plot_height * (row.count or 0) / largest
        x = 10 + i * step
        out.append(Bar(label=row.label, count=row.count, x=x, y=20 + plot_height - height, width=step - 8,
                       height=max(height, 1), text_x=x + (step - 8) / 2, text_y=20 + plot_height + 16,
                       href=href(row), count_y=20 + plot_height - height - 4))
    return {"bars": out, "height": plot_height + 44, "width": max(len(out), 1) * step + 20}


def pyramid(rows: list[dict]) -> dict:
    """Females to the left of the axis, males to the right, one band per age group (oldest on top)."""
    half = 220
    largest = max((max(r.get("F") or 0, r.get("M") or 0) for r in rows), default=0) or 1
    bands = []
    for i, row in enumerate(rows):
        y = i * (BAR_HEIGHT + 6)
        female = half * (row.get("F") or 0) / largest
        male = half * (row.get("M") or 0) / largest
        bands.append({"label": row["label"], "y": y, "text_y": y + 16, "F": row.get("F"), "M": row.get("M"),
                      "X": row.get("X"), "female_x": 20 + half - female, "female_width": max(female, 1),
                      "male_x": 20 + half + GAP, "male_width": max(male, 1)})
    return {"bands": bands, "height": len(rows) * (BAR_HEIGHT + 6) + 24, "width": 2 * half + GAP + 40,
            "axis_label_x": 20 + half + GAP / 2, "female_label_x": 20 + half - 4, "male_label_x": 20 + half + GAP + 4,
            "legend_y": len(rows) * (BAR_HEIGHT + 6) + 16}


def flow_map(data: dict, departure_href, destination_href) -> dict:
    """Proportional circles (area for persons) for departure and destination countries, and lines
    for the largest flows (width for persons), placed by reports.geo. Countries with no known
    position are listed in the table only."""
    from passage.reports import geo

    largest = max([r.count or 0 for r in data["departures"] + data["destinations"]] or [0]) or 1
    widest = max([r.count or 0 for r in data["flows"]] or [0]) or 1

    def circles(rows, href, kind):
        out = []
        for row in rows:
            place = geo.position(row.key)
            if place is None:
                continue
            radius = max(3.0, 28.0 * ((row.count or 0) / largest) ** 0.5)
            out.append({"x": place[0], "y": place[1], "r": round(radius, 1), "label": row.label, "count": row.count,
                        "href": href(row), "kind": kind})
        return sorted(out, key=lambda c: -c["r"])  # small circles drawn last, on top

    lines = []
    for row in data["flows"]:
        start, end = geo.position(row.extra["departure"]), geo.position(row.extra["destination"])
        if start is None or end is None or start == end:
            continue
        lift = min(60.0, abs(end[0] - start[0]) / 4 + 10)
        lines.append({"d": f"M{start[0]},{start[1]} Q{(start[0] + end[0]) / 2},{min(start[1], end[1]) - lift} "
                           f"{end[0]},{end[1]}",
                      "width": round(max(1.0, 8.0 * (row.count or 0) / widest), 1), "label": row.label,
                      "count": row.count})
    return {"width": geo.WIDTH, "height": round(geo.HEIGHT, 1), "grid": geo.graticule(), "lines": lines,
            "departures": circles(data["departures"], departure_href, "departure"),
            "destinations": circles(data["destinations"], destination_href, "destination")}
