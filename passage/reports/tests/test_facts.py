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
from passage.reports.models import (
    DIMENSIONS,
    DailyFact,
    MonthlyTally,
    PersonMovement,
    SectorFact,
    SectorPersonFact,
    WorldTally,
)
from passage.reports.selectors import Filters
from passage.reports.tests import recount
from passage.reports.tests.conftest import AS_OF, random_history

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
    monthly = sorted(MonthlyTally.objects.values_list("month", "outcome", "office_id", "dimension", "value",
                                                     "persons"))
    by_person = sorted(SectorPersonFact.objects.values_list("leg_id", "office_id", "destination_country", "programme",
                                                            "nationality", "sex", "age_group", "passengers", "date",
                                                            "mode", "departure_country"))
    world_rows = sorted(WorldTally.objects.values_list("period", "date", "outcome", "dimension", "value", "persons"))
    return daily, journeys, sectors, monthly, by_person, world_rows


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


def _monthly_moved() -> Counter:
    rows = MonthlyTally.objects.filter(outcome="moved").values_list("month", "office_id", "dimension", "value",
                                                                       "persons")
    return Counter({(m, o, d, v): n for m, o, d, v, n in rows if n})


def _world_moved() -> Counter:
    rows = WorldTally.objects.filter(outcome="moved").values_list("period", "date", "dimension", "value", "persons")
    return Counter({(p, d, dim, v): n for p, d, dim, v, n in rows if n})


def _expected_world() -> Counter:
    out: Counter = Counter()
    for (month, _office, dimension, value), n in _expected_monthly().items():
        out[("month", month, dimension, value)] += n
    for row in recount.persons_moved().values():
        for dimension, value in [("total", ""), ("departure", row["departure_country"]),
                                 ("destination", row["destination_country"]), ("nationality", row["nationality"]),
                                 ("programme", row["programme"]),
                                 ("carriage", f"{row['mode']}:{1 if row['charter'] else 0}"),
                                 ("pyramid", f"{row['sex']}:{row['age_group']}")]:
            out[("day", row["date"], dimension, value)] += 1
    return out


def _expected_monthly() -> Counter:
    """The monthly tallies of persons moved, from the plain recount."""
    out: Counter = Counter()
    for row in recount.persons_moved().values():
        month, office = row["date"].replace(day=1), row["office_id"]
        for dimension, value in [("total", ""), ("departure", row["departure_country"]),
                                 ("destination", row["destination_country"]), ("nationality", row["nationality"]),
                                 ("programme", row["programme"]),
                                 ("carriage", f"{row['mode']}:{1 if row['charter'] else 0}"),
                                 ("pyramid", f"{row['sex']}:{row['age_group']}")]:
            out[(month, office, dimension, value)] += 1
    return out


@pytest.mark.parametrize("seed", [4, 5])
def test_monthly_tallies_equal_a_plain_recount_after_rebuild_and_updates(world, seed):
    random_history(world, seed=seed)
    assert _monthly_moved() == _expected_monthly()
    assert _world_moved() == _expected_world()
    rng = random.Random(seed)  # nosec B311 (test data)
    legs = list(PassengerLeg.objects.values_list("pk", "booking_id"))
    for pk, booking_id in rng.sample(legs, 30):
        PassengerLeg.objects.filter(pk=pk).update(status=rng.choice(["departed", "no_show", "cancelled", "booked"]))
        facts.refresh_journeys([booking_id])
    assert _monthly_moved() == _expected_monthly()
    assert _world_moved() == _expected_world()
    assert not WorldTally.objects.filter(persons=0).exists()
    totals = Counter()
    for outcome, n in DailyFact.objects.values_list("outcome").annotate(n=Sum("persons")):
        totals[outcome] = n
    assert {o: n for o, n in MonthlyTally.objects.filter(dimension="total").values_list("outcome").annotate(
        n=Sum("persons"))} == {o: n for o, n in totals.items() if n}
    assert not MonthlyTally.objects.filter(persons=0).exists()


def _figures(rows: list[dict]) -> dict:
    def by(name):
        return Counter(row[name] for row in rows)

    return {
        "moved": len(rows),
        "series": Counter(str(row["date"])[:7] for row in rows),
        "departure": by("departure_country"), "destination": by("destination_country"),
        "nationality": by("nationality"), "programme": by("programme"),
        "carriage": Counter("charter" if row["charter"] else "commercial" for row in rows),
        "modes": by("mode"), "pyramid": Counter((row["sex"], row["age_group"]) for row in rows),
    }


def _shown(data: dict) -> dict:
    def rows(name):
        return Counter({r.key: r.count for r in data[name]})

    return {
        "moved": data["totals"]["persons_moved"],
        "series": rows("series"),
        "departure": rows("departure_countries"), "destination": rows("destination_countries"),
        "nationality": rows("nationalities"), "programme": rows("programmes"), "carriage": rows("carriage"),
        "modes": rows("modes"),
        "pyramid": Counter({(sex, row["key"]): row[sex] for row in data["pyramid"] for sex in "FMX" if row[sex]}),
    }


@pytest.mark.parametrize("seed", [8, 9])
def test_periods_starting_and_ending_mid_month_equal_a_recount(world, seed):
    """Whole months come from the monthly tallies and the edge days from the daily cells; the
    figures of any period, any scope and with or without other filters equal a recount."""
    random_history(world, seed=seed)
    rng = random.Random(seed)  # nosec B311 (test data)
    moved = list(recount.persons_moved().values())
    periods = [(dt.date(2026, 9, 1), dt.date(2026, 10, 31)), (dt.date(2026, 9, 15), dt.date(2026, 11, 10)),
               (dt.date(2026, 10, 5), dt.date(2026, 10, 20)), (dt.date(2026, 9, 1), dt.date(2026, 10, 17)),
               (dt.date(2026, 8, 31), dt.date(2026, 11, 1)), (dt.date(2026, 1, 1), dt.date(2026, 12, 31))]
    for _ in range(4):
        a, b = sorted(AS_OF - dt.timedelta(days=rng.randint(0, 100)) for _ in range(2))
        periods.append((a, b))
    offices_a = {world.office_a.pk, world.sub_a.pk}
    for date_from, date_to in periods:
        in_period = [r for r in moved if date_from <= r["date"] <= date_to]
        f = Filters(date_from=date_from, date_to=date_to)
        data = figures.dashboard(world.compliance_hq, f)
        assert _shown(data) == {k: (+v if isinstance(v, Counter) else v) for k, v in _figures(in_period).items()}
        assert data["totals"]["no_shows"] == recount.no_shows(date_from, date_to)
        # One office and below, through the filter and through the scope of a user of that office.
        mine = [r for r in in_period if r["office_id"] in offices_a]
        assert _shown(figures.dashboard(world.compliance_hq, Filters(date_from=date_from, date_to=date_to,
                                                                      office_id=world.office_a.pk))) == _figures(mine)
        theirs = [r for r in in_period if r["office_id"] == world.office_b.pk]
        assert _shown(figures.dashboard(world.compliance_b, f)) == _figures(theirs)
        # Another filter reads the daily cells for the whole period: the same figures.
        syrians = [r for r in in_period if r["nationality"] == "SYR"]
        assert _shown(figures.dashboard(world.compliance_hq, Filters(date_from=date_from, date_to=date_to,
                                                                      nationality="SYR"))) == _figures(syrians)


def test_changing_a_persons_nationality_sex_or_birth_date_refreshes_their_figures(world, history):
    from passage.registry import services as registry_services
    from passage.registry.models import CaseMember, Person

    children = CaseMember.objects.filter(relationship="child").values_list("person_id", flat=True)
    row = PersonMovement.objects.filter(outcome="moved", office=world.office_a, person_id__in=list(children)).order_by(
        "pk").first()
    person = Person.objects.get(pk=row.person_id)
    new_nationality = "UKR" if person.nationality != "UKR" else "VEN"
    new_sex = "F" if person.sex != "F" else "M"
    registry_services.update_person(actor=world.caseworker_a, person=person, changes={"nationality": new_nationality})
    assert PersonMovement.objects.get(pk__isnull=False, root_booking_id=row.root_booking_id,
                                      person_id=person.pk).nationality == new_nationality
    data = figures.dashboard(world.compliance_hq, ALL_TIME)
    assert {r.key: r.count for r in data["nationalities"]}[new_nationality] == 1
    registry_services.update_person(actor=world.caseworker_a, person=Person.objects.get(pk=person.pk),
                                    changes={"sex": new_sex})
    # Born yesterday: an infant on every journey of theirs (a date of birth after the journey is 0).
    registry_services.update_person(actor=world.caseworker_a, person=Person.objects.get(pk=person.pk),
                                    changes={"date_of_birth": AS_OF - dt.timedelta(days=400)})
    moved = PersonMovement.objects.get(root_booking_id=row.root_booking_id, person_id=person.pk)
    assert (moved.sex, moved.age_group) == (new_sex, "0_4")
    assert _daily() == recount.count_by(*DIMS)
    assert _monthly_moved() == _expected_monthly()
    assert _world_moved() == _expected_world()
    incremental = _tables()
    facts.rebuild()
    assert _tables() == incremental


def _by_person(data: dict, attribute: str) -> dict:
    return {r.key: (r.count, r.extra["movements"]) for r in data[attribute]}


def test_flight_sectors_by_nationality_sex_and_age_equal_a_recount(world, history):
    data = figures.sectors_by_person(world.compliance_hq, ALL_TIME)
    for attribute in ("nationality", "sex", "age_group"):
        assert _by_person(data, attribute) == recount.sectors_by_person(attribute)
    # Scoped to one office's bookings, and narrowed by nationality and a period.
    mine = figures.sectors_by_person(world.compliance_b, ALL_TIME)
    assert _by_person(mine, "sex") == recount.sectors_by_person(
        "sex", where=lambda pl: pl.booking.office_id == world.office_b.pk)
    period = Filters(date_from=dt.date(2026, 9, 10), date_to=dt.date(2026, 10, 20), nationality="SOM")
    narrowed = figures.sectors_by_person(world.compliance_hq, period)
    assert _by_person(narrowed, "age_group") == recount.sectors_by_person(
        "age_group", where=lambda pl: pl.person.nationality == "SOM"
        and period.date_from <= pl.leg.departure_date <= period.date_to)
    # Kept current: a person's new nationality and a leg's new status move their counts.
    rng = random.Random(3)  # nosec B311 (test data)
    for pk, booking_id in rng.sample(list(PassengerLeg.objects.values_list("pk", "booking_id")), 20):
        PassengerLeg.objects.filter(pk=pk).update(status=rng.choice(["departed", "no_show", "cancelled"]))
        facts.refresh_journeys([booking_id])
    data = figures.sectors_by_person(world.compliance_hq, ALL_TIME)
    assert _by_person(data, "nationality") == recount.sectors_by_person("nationality")


def test_the_sectors_page_shows_the_breakdowns_with_drill_down(world, history, client):
    client.force_login(world.compliance_hq)
    response = client.get("/reports/sectors/", {"date_from": "2026-01-01", "date_to": "2026-12-31"})
    assert response.status_code == 200
    page = response.content.decode()
    expected = recount.sectors_by_person("sex")
    assert "By nationality" in page and "By age group" in page
    female_sectors, female_movements = expected["F"]
    assert f"<th scope=\"row\">Female</th><td>{female_sectors}</td><td>{female_movements}</td>" in page
    assert "nationality=SOM" in page or "nationality=SYR" in page


def test_a_history_with_events_replays_to_the_statuses_it_wrote(world):
    """The demo's past journeys carry the movement events behind each passenger-leg status, in an
    order the movements module's rules accept, so the board and the histories read as real ones."""
    from passage.movements.models import MovementEvent
    from passage.movements.tracking import EVENT_RULES
    from passage.reports.history import Traveller, create_history

    rng = random.Random(21)  # nosec B311 (test data)
    travellers = [Traveller(world.case_a.pk, world.office_a.pk, "KEN", "USA",
                            list(world.case_a.members.values_list("person_id", flat=True))),
                  Traveller(world.case_b.pk, world.office_b.pk, "JOR", "USA",
                            list(world.case_b.members.values_list("person_id", flat=True)))] * 6
    counts = create_history(travellers, rng=rng, as_of=AS_OF, days=60, leg_office_id=world.hq.pk,
                            charter_share=0.3, no_show_share=0.2, cancel_share=0.2, events=True)
    assert counts["movement_events"] == MovementEvent.objects.count() > 0
    kinds = set()
    for pl in PassengerLeg.objects.select_related("booking"):
        status = "booked"
        previous_at = None
        for event in MovementEvent.objects.filter(passenger_leg=pl).order_by("at", "pk"):
            allowed, after = EVENT_RULES[event.kind]
            assert status in allowed, (pl.status, event.kind)
            assert (event.person_id, event.leg_id, event.booking_id) == (pl.person_id, pl.leg_id, pl.booking_id)
            assert previous_at is None or event.at >= previous_at
            previous_at, status = event.at, after or status
            kinds.add(event.kind)
        if pl.booking.status == "cancelled" or (pl.status == "cancelled"):
            assert status == "booked"
        else:
            assert status == pl.status
    assert {"checked_in", "departed", "arrived", "handed_over", "no_show"} <= kinds


def test_a_clearance_change_leaves_the_figures_and_a_named_case_change_refreshes_them(
        world, history, django_assert_num_queries):
    """Statistics count movements by booking, programme and the person's attributes, never by a
    clearance: a clearance-only change reads nothing; anything else (or an unsaid change) refreshes."""
    from passage.registry.signals import CASE, CLEARANCE

    case = (Case.objects.filter(bookings__pk__in=PersonMovement.objects.values("booking_id"))
            .exclude(programme="medical_evacuation").order_by("pk").first())
    before = _tables()
    with django_assert_num_queries(0):
        facts.on_case_inputs_changed(sender=None, case_ids=[case.pk], inputs=frozenset({CLEARANCE}))
    Case.objects.filter(pk=case.pk).update(programme="medical_evacuation")
    inputs_changed([case.pk], inputs=[CLEARANCE])  # the full transaction a clearance write sends
    assert _tables() == before
    inputs_changed([case.pk], inputs=[CLEARANCE, CASE])
    assert _tables() != before
    incremental = _tables()
    facts.rebuild()
    assert _tables() == incremental
    assert _daily() == recount.count_by(*DIMS)
