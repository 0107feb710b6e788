"""The figures as they cross the API boundary (counts are null where suppressed for partners)."""

from __future__ import annotations

import datetime as dt

from ninja import Schema
from pydantic import Field


class RowOut(Schema):
    key: str = Field(description="A code: ISO 3166-1 alpha-3 country, region, programme, mode or YYYY-MM month.")
    label: str
    count: int | None = Field(description="Persons; null when suppressed (1 to 4, partners only).")


class PyramidOut(Schema):
    key: str = Field(description="Age group: 0_4, 5_11, 12_17, 18_59 or 60_plus.")
    label: str
    F: int | None
    M: int | None
    X: int | None


class CharterLoadOut(Schema):
    charter_id: int
    label: str
    date: dt.date | None
    seats: int
    passengers: int | None
    load_factor: float | None = Field(description="Passengers / seats, in per cent.")


class TotalsOut(Schema):
    persons_moved: int | None
    movements: int | None = Field(description="Departed passenger-legs.")
    flight_sectors: int = Field(description="Distinct legs by air with a departed passenger.")
    charters: int
    nationalities: int
    departure_countries: int
    destination_countries: int
    cancellations: int | None
    no_shows: int | None
    female_percent: float | None
    male_percent: float | None


class FiguresOut(Schema):
    date_from: dt.date
    date_to: dt.date
    suppressed: bool = Field(description="True for partners: counts of 1 to 4 are null.")
    totals: TotalsOut
    series: list[RowOut] = Field(description="Persons moved per month.")
    departure_countries: list[RowOut]
    destination_countries: list[RowOut]
    nationalities: list[RowOut]
    departure_regions: list[RowOut]
    destination_regions: list[RowOut]
    programmes: list[RowOut]
    modes: list[RowOut]
    carriage: list[RowOut] = Field(description="Commercial versus charter.")
    pyramid: list[PyramidOut]
    charter_loads: list[CharterLoadOut]


class SnapshotOut(Schema):
    date: dt.date
    suppressed: bool
    persons_moved: int | None
    persons_by_air: int | None
    departure_countries: int
    destination_countries: int
    flight_sectors: int
    nationalities: int
    female_percent: float | None
    male_percent: float | None
    age_groups: list[RowOut]
    top_departure: list[RowOut]
    top_destination: list[RowOut]
    top_nationalities: list[RowOut]
