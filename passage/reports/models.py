"""Summary tables for the movement statistics, derived from the movements records.

They are kept current by facts.refresh_journeys, called inside every transaction that changes a
passenger-leg's or a booking's status (movements signal), and rebuilt whole by
`manage.py rebuild_report_facts`. Figures never read the movements tables directly except for the
charters' seats; a test compares every figure with a plain recount from the records.
"""

from __future__ import annotations

from django.db import models

from passage.core.models import Office, ScopeFields
from passage.reports.definitions import Outcome

DIMENSIONS = ("date", "outcome", "departure_country", "destination_country", "nationality", "sex", "age_group",
              "programme", "mode", "charter", "office_id")


class PersonMovement(models.Model):
    """One person on one journey (a booking and the bookings that replaced it) that ended in a
    movement, a no-show or a cancellation: the row-level record behind every person figure."""

    root_booking_id = models.BigIntegerField(db_index=True,
                                             help_text="The journey: the first booking of its rebooking chain.")
    booking_id = models.BigIntegerField(help_text="The booking of the first departed leg (or the last booking).")
    person_id = models.BigIntegerField()
    outcome = models.CharField(max_length=10, choices=Outcome.CHOICES)
    date = models.DateField(help_text="Local date of the first departed leg; the planned date otherwise.")
    departure_country = models.CharField(max_length=3)
    destination_country = models.CharField(max_length=3)
    nationality = models.CharField(max_length=3)
    sex = models.CharField(max_length=1)
    age = models.PositiveSmallIntegerField()
    age_group = models.CharField(max_length=8)
    programme = models.CharField(max_length=30)
    mode = models.CharField(max_length=4)
    charter = models.BooleanField(default=False)
    office = models.ForeignKey(Office, on_delete=models.PROTECT, related_name="+")
    sectors = models.PositiveSmallIntegerField(default=0, help_text="Departed legs of this person on the journey.")

    SCOPE = ScopeFields(office="office", partner_country="destination_country")

    class Meta:
        ordering = ["date", "id"]
        constraints = [models.UniqueConstraint(fields=["root_booking_id", "person_id"], name="report_journey_once")]
        indexes = [
            models.Index(fields=["outcome", "date"], name="report_pm_outcome_date_idx"),
            models.Index(fields=["office", "date"], name="report_pm_office_date_idx"),
        ]


class DailyFact(models.Model):
    """Persons per day and per combination of the reported dimensions (the dashboard's table)."""

    date = models.DateField()
    outcome = models.CharField(max_length=10, choices=Outcome.CHOICES)
    departure_country = models.CharField(max_length=3)
    destination_country = models.CharField(max_length=3)
    nationality = models.CharField(max_length=3)
    sex = models.CharField(max_length=1)
    age_group = models.CharField(max_length=8)
    programme = models.CharField(max_length=30)
    mode = models.CharField(max_length=4)
    charter = models.BooleanField(default=False)
    office = models.ForeignKey(Office, on_delete=models.PROTECT, related_name="+")
    persons = models.IntegerField(default=0)

    SCOPE = ScopeFields(office="office", partner_country="destination_country")

    class Meta:
        ordering = ["date", "id"]
        constraints = [models.UniqueConstraint(fields=list(DIMENSIONS), name="report_daily_fact_cell")]
        indexes = [
            models.Index(fields=["date", "outcome"], name="report_daily_date_idx"),
            models.Index(fields=["destination_country", "date"], name="report_daily_dest_idx"),
            models.Index(fields=["office", "date"], name="report_daily_office_idx"),
        ]


class SectorFact(models.Model):
    """Departed passenger-legs per leg, booking office, destination and programme: flight sectors
    (distinct legs), movements (passenger-legs) and charter loads."""

    leg_id = models.BigIntegerField()
    date = models.DateField(help_text="The leg's local departure date.")
    departure_country = models.CharField(max_length=3)
    arrival_country = models.CharField(max_length=3)
    mode = models.CharField(max_length=4)
    charter_id = models.BigIntegerField(null=True)
    office = models.ForeignKey(Office, on_delete=models.PROTECT, related_name="+")
    destination_country = models.CharField(max_length=3)
    programme = models.CharField(max_length=30)
    passengers = models.IntegerField(default=0)

    SCOPE = ScopeFields(office="office", partner_country="destination_country")

    class Meta:
        ordering = ["date", "id"]
        constraints = [models.UniqueConstraint(fields=["leg_id", "office", "destination_country", "programme"],
                                               name="report_sector_fact_cell")]
        indexes = [
            models.Index(fields=["date"], name="report_sector_date_idx"),
            # Covers the dashboard's sums (sectors, passengers, charter loads) without reading the rows.
            models.Index(fields=["date", "mode", "leg_id", "charter_id", "passengers", "office"],
                         name="report_sector_cover_idx"),
            models.Index(fields=["office", "date"], name="report_sector_office_idx"),
        ]


class MonthlyTally(models.Model):
    """Persons per calendar month, booking office and outcome, broken down by one dimension at a
    time: the dashboard's unfiltered figures for the whole months of a period read these few rows
    instead of every daily cell (the days of the partial months at its edges come from DailyFact).

    Every row is a sum of DailyFact cells, so the two cannot disagree: both are changed from the
    same cell differences in the same transaction, and a test compares them with a recount."""

    class Dimension(models.TextChoices):
        TOTAL = "total", "total"
        DEPARTURE = "departure", "departure country"
        DESTINATION = "destination", "destination country"
        NATIONALITY = "nationality", "nationality"
        PROGRAMME = "programme", "programme"
        CARRIAGE = "carriage", "mode and charter"
        PYRAMID = "pyramid", "sex and age group"

    month = models.DateField(help_text="The first day of the month.")
    outcome = models.CharField(max_length=10, choices=Outcome.CHOICES)
    office = models.ForeignKey(Office, on_delete=models.PROTECT, related_name="+")
    dimension = models.CharField(max_length=12, choices=Dimension.choices)
    value = models.CharField(max_length=40, blank=True,
                             help_text="The dimension's value: a country code, a programme, 'air:1' (mode and "
                                       "charter), 'F:0_4' (sex and age group); empty for the total.")
    persons = models.IntegerField(default=0)

    SCOPE = ScopeFields(office="office")

    class Meta:
        ordering = ["month", "id"]
        constraints = [models.UniqueConstraint(fields=["month", "outcome", "office", "dimension", "value"],
                                               name="report_monthly_tally_cell")]


class SectorPersonFact(models.Model):
    """Departed passenger-legs per leg and per the passengers' nationality, sex and age group (age
    on the leg's local departure date), with the booking office, destination and programme for
    scope and filters: flight sectors and movements by nationality, sex and age group."""

    leg_id = models.BigIntegerField()
    date = models.DateField(help_text="The leg's local departure date.")
    departure_country = models.CharField(max_length=3)
    mode = models.CharField(max_length=4)
    office = models.ForeignKey(Office, on_delete=models.PROTECT, related_name="+")
    destination_country = models.CharField(max_length=3)
    programme = models.CharField(max_length=30)
    nationality = models.CharField(max_length=3)
    sex = models.CharField(max_length=1)
    age_group = models.CharField(max_length=8)
    passengers = models.IntegerField(default=0)

    SCOPE = ScopeFields(office="office", partner_country="destination_country")

    class Meta:
        ordering = ["date", "id"]
        constraints = [models.UniqueConstraint(
            fields=["leg_id", "office", "destination_country", "programme", "nationality", "sex", "age_group"],
            name="report_sector_person_cell")]
        indexes = [models.Index(fields=["date"], name="report_sector_person_date_idx"),
                   models.Index(fields=["leg_id"], name="report_sector_person_leg_idx")]


class WorldTally(models.Model):
    """Persons per month and per day, all offices together, by outcome and one dimension at a time:
    what a user who sees the world (headquarters) reads for an unfiltered period, a few hundred
    rows a month. Kept from the same cell differences as DailyFact and MonthlyTally."""

    class Period(models.TextChoices):
        MONTH = "month", "month"
        DAY = "day", "day"

    period = models.CharField(max_length=5, choices=Period.choices)
    date = models.DateField(help_text="The day, or the first day of the month.")
    outcome = models.CharField(max_length=10, choices=Outcome.CHOICES)
    dimension = models.CharField(max_length=12, choices=MonthlyTally.Dimension.choices)
    value = models.CharField(max_length=40, blank=True)
    persons = models.IntegerField(default=0)

    class Meta:
        ordering = ["period", "date", "id"]
        constraints = [models.UniqueConstraint(fields=["period", "date", "outcome", "dimension", "value"],
                                               name="report_world_tally_cell")]
