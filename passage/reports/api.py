"""Movement statistics API: the dashboard's figures and the one-day snapshot, scoped to the caller
(partners: their destination country, small counts suppressed)."""

from __future__ import annotations

import datetime as dt

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Query, Router

from passage.core.errors import DomainError
from passage.core.schemas import QueryDate
from passage.reports import figures, regions
from passage.reports.schemas import FiguresOut, SnapshotOut
from passage.reports.selectors import MAX_DAYS, Filters

router = Router()


def _rows(rows) -> list[dict]:
    return [{"key": r.key, "label": r.label, "count": r.count} for r in rows]


@router.get("/reports/figures", response=FiguresOut, tags=["reports"], operation_id="getMovementFigures",
            summary="Movement figures for a period",
            description="Persons moved, movements, flight sectors, charters with load factors, cancellations and "
                        "no-shows; top departure and destination countries and nationalities, regions, programmes, "
                        "modes, commercial versus charter, a monthly series and the population pyramid. Dates are "
                        "inclusive local departure dates; the default is the last twelve months.")
def get_figures(
    request: HttpRequest,
    date_from: QueryDate | None = None,
    date_to: QueryDate | None = None,
    office_id: int | None = Query(None, description="An office; its sub-offices are included."),
    region: str | None = Query(None, description="Region of the departure country, e.g. east_horn_africa."),
    programme: str | None = None,
    destination: str | None = Query(None, description="ISO 3166-1 alpha-3 destination country."),
    departure: str | None = Query(None, description="ISO 3166-1 alpha-3 departure country."),
    nationality: str | None = Query(None, description="ISO 3166-1 alpha-3 nationality."),
    mode: str | None = Query(None, description="air, land or sea."),
):
    default = Filters.default()
    end = date_to or default.date_to
    start = date_from or end - dt.timedelta(days=364)
    if start > end:
        raise DomainError(_("The end of the period comes before its start."), field="date_to")
    if (end - start).days > MAX_DAYS:
        raise DomainError(_("Choose a period of at most eighty years."), field="date_from")
    if region and region not in regions.REGIONS:
        raise DomainError(_("Unknown region."), field="region")
    f = Filters(date_from=start, date_to=end, office_id=office_id, region=region, programme=programme,
                destination=destination.upper() if destination else None,
                departure=departure.upper() if departure else None,
                nationality=nationality.upper() if nationality else None, mode=mode)
    data = figures.dashboard(request.user, f)
    out = {key: _rows(data[key]) for key in ("series", "departure_countries", "destination_countries",
                                             "nationalities", "departure_regions", "destination_regions",
                                             "programmes", "modes", "carriage")}
    charters = [{"charter_id": int(r.key), "label": r.label, "date": r.extra["date"], "seats": r.extra["seats"],
                 "passengers": r.count, "load_factor": r.extra["load_factor"]} for r in data["charter_loads"]]
    return {**out, "date_from": start, "date_to": end, "suppressed": data["suppressed"], "totals": data["totals"],
            "pyramid": data["pyramid"], "charter_loads": charters}


@router.get("/reports/snapshot", response=SnapshotOut, tags=["reports"], operation_id="getOneDaySnapshot",
            summary="The one-day snapshot",
            description="For one local date: persons moved and by air, departure and destination countries, flight "
                        "sectors, nationalities, shares of female and male, age groups and top-ten tables.")
def get_snapshot(request: HttpRequest, date: QueryDate):
    data = figures.snapshot(request.user, date)
    return {**data, **{key: _rows(data[key]) for key in ("age_groups", "top_departure", "top_destination",
                                                          "top_nationalities")}}
