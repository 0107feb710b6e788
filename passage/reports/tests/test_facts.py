"""The summary tables give exactly the counts of a plain recount from the movements records, after
a rebuild and after incremental updates by the services, on random data."""

from __future__ import annotations

import datetime as dt
import random
from collections import Counter

import pytest
from django.db.models import Sum

from passage.movements import services, tracking
from passage.movements.models import Booking, PassengerLeg
from passage.registry.models import Case
from passage.registry.signals import inputs_changed
from passage.reports import facts, figures
from passage.reports.models import DIMENSIONS, DailyFact, PersonMovement, SectorFact
from passage.reports.selectors import Filters
from passage.reports.tests import recount
from passage.reports.tests.conftest import random_history

ALL_TIME = Filters(date_from=dt.date(2000, 1, 1), date_to=dt.date(2030, 12, 31))
DIMS = [d for d in DIMENSIONS if d != "outcome"]


def _daily(**where) -> Counter:
    rows = DailyFact.objects.filter(outcome="moved", **where).values(*DIMS).annotate(n=Sum("persons"))
    return Counter({tuple(r[d] for d in DIMS): r["n"] for r in rows if r["n"]})


def _tables() -> tuple:
    daily = sorted(DailyFact.objects.filter(persons__gt=0).values_list(*DIMENSIONS, "persons"))
    journeys = sorted(PersonMovement.objects.values_list("root_booking_id", "person_id", *DIMENSIONS, "age",
                                                         "sectors", "booking_id"))
    sectors = sorted(SectorFact.objects.values_list("leg_id", "office_id", "destination_country", "programme",
                                                    "passengers", "date", "mode", "charter_id"))
    return daily, journeys, sectors


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_summary_counts_equal_a_plain_recount(world, seed):
    random_history(world, seed=seed)
    assert _daily() == recount.count_by(*DIMS)
    data = figures.dashboard(world.compliance_hq, ALL_TIME)
    totals = data["totals"]
    assert totals["persons_moved"] == len(recount.persons_moved()) > 0
    assert totals["flight_sectors"] == recount.flight_sectors()
    assert totals["movements"] == recount.movements()
    assert totals["no_shows"] == recount.no_shows()
    by_destination = recount.count_by("destination_country")
    assert {r.key: r.count for r in data["destination_countries"]} == {k[0]: n for k, n in by_destination.items()}
    by_sex_age = recount.count_by("sex", "age_group")
    assert {(sex, row["key"]): row[sex] for row in data["pyramid"] for sex in "FMX" if row[sex]} == {
        k: n for k, n in by_sex_age.items()}


def test_one_day_snapshot_equals_a_recount(world, history):
    moved = recount.persons_moved()
    day = Counter(row["date"] for row in moved.values()).most_common(1)[0][0]
    snap = figures.snapshot(world.compliance_hq, day)
    that_day = [row for row in moved.values() if row["date"] == day]
    assert snap["persons_moved"] == len(that_day)
    assert snap["persons_by_air"] == sum(1 for row in that_day if row["mode"] == "air")
    assert snap["nationalities"] == len({row["nationality"] for row in that_day})
    assert snap["departure_countries"] == len({row["departure_country"] for row in that_day})
    assert snap["flight_sectors"] == recount.flight_sectors(where=lambda pl: pl.leg.departure_date == day)


def test_incremental_updates_keep_the_tables_equal_to_a_rebuild(world, history):
    rng = random.Random(11)  # nosec B311 (test data)
    statuses = ["booked", "departed", "arrived", "handed_over", "no_show", "cancelled", "in_transit"]
    legs = list(PassengerLeg.objects.values_list("pk", "booking_id"))
    for pk, booking_id in rng.sample(legs, 40):
        PassengerLeg.objects.filter(pk=pk).update(status=rng.choice(statuses))
        facts.refresh_journeys([booking_id])
    for booking in rng.sample(list(Booking.objects.all()), 5):
        Booking.objects.filter(pk=booking.pk).update(status="cancelled")
        facts.refresh_journeys([booking.pk])
    # A rebooking: a later booking replaces an earlier one of the same case; the journey is one.
    old, new = Booking.objects.order_by("pk")[:2]
    Booking.objects.filter(pk=new.pk).update(rebooked_from=old, case=old.case)
    facts.refresh_journeys([new.pk])
    case = Case.objects.order_by("pk").first()
    Case.objects.filter(pk=case.pk).update(programme="medical_evacuation")
    inputs_changed([case.pk])
    incremental = _tables()
    facts.rebuild()
    assert _tables() == incremental
    assert _daily() == recount.count_by(*DIMS)


def test_the_services_keep_the_figures_current_in_their_transaction(world, staff, make_leg, ticketed):
    from django.utils import timezone

    from passage.movements import airports

    now = timezone.now()
    dep = airports.local("NBO", now + dt.timedelta(minutes=30))
    arr = airports.local("NBO", now + dt.timedelta(hours=3))
    leg = make_leg("NBO", "DOH", "QR", "1342", dep=dep.strftime("%H:%M"), arr=arr.strftime("%H:%M"),
                   day=dep.date(), arr_day=arr.date())
    booking = ticketed(world.case_a, [leg])
    members = booking.passengers.count()
    tracking.record_events(actor=staff.mo_a, booking=booking, leg=leg, kind="checked_in",
                           at=now - dt.timedelta(minutes=20), place="NBO")
    assert not PersonMovement.objects.exists()
    tracking.record_events(actor=staff.mo_a, booking=booking, leg=leg, kind="departed",
                           at=now - dt.timedelta(minutes=10))
    assert PersonMovement.objects.filter(outcome="moved").count() == members
    assert DailyFact.objects.filter(date=leg.departure_date, outcome="moved").aggregate(n=Sum("persons"))["n"] == members
    assert SectorFact.objects.get(leg_id=leg.pk).passengers == members
    assert _daily() == recount.count_by(*DIMS)


def test_a_cancelled_booking_counts_its_persons_as_cancellations(world, staff, make_leg, ticketed):
    leg = make_leg("NBO", "DOH", "QR", "1342")
    booking = ticketed(world.case_a, [leg])
    services.cancel_booking(actor=staff.mo_a, booking=booking, reason="Visa withdrawn")
    rows = PersonMovement.objects.filter(outcome="cancelled")
    assert rows.count() == booking.passengers.count()
    assert {r.date for r in rows} == {booking.departure_date}
    data = figures.dashboard(world.compliance_hq, Filters(date_from=booking.departure_date,
                                                          date_to=booking.departure_date))
    assert data["totals"]["cancellations"] == booking.passengers.count()
    assert data["totals"]["persons_moved"] == 0
