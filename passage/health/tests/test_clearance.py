"""The derivation rule and the pre-embarkation window as pure functions: no database."""

from __future__ import annotations

import datetime as dt

import pytest

from passage.health.clearance import Records, Rule, derive, pre_embarkation_refusal

USA = Rule(destination="USA", chest_xray_min_age=15, required_labs=("syphilis",), required_vaccines=("mmr",),
           assessment_validity_days=180, pre_embarkation_window_hours=72)
TODAY = dt.date(2026, 11, 27)
ASSESSED = dt.datetime(2026, 11, 1, 9, tzinfo=dt.UTC)


def complete(**changes) -> Records:
    records = Records(date_of_birth=dt.date(1990, 1, 1), assessments=[("mha", ASSESSED)],
                      xrays=[(ASSESSED.date(), "normal")], labs=[("syphilis", ASSESSED.date(), "negative")],
                      vaccines={"mmr"}, fitness=("fit", None))
    for name, value in changes.items():
        setattr(records, name, value)
    return records


def test_complete_records_grant_the_clearance_for_the_assessments_validity():
    outcome = derive(USA, complete(), today=TODAY)
    assert (outcome.status, outcome.valid_from, outcome.valid_until) == ("granted", dt.date(2026, 11, 1),
                                                                        dt.date(2027, 4, 30))


@pytest.mark.parametrize(("changes", "status", "reason"), [
    ({"assessments": []}, "pending", "Migration health assessment missing"),
    ({"xrays": []}, "pending", "Chest X-ray missing (required from age 15 for USA)"),
    ({"labs": []}, "pending", "Laboratory test missing: Syphilis (required for USA)"),
    ({"labs": [("syphilis", ASSESSED.date(), "pending")]}, "pending", "Laboratory result awaited: Syphilis"),
    ({"vaccines": set()}, "pending", "Vaccination missing: Measles, mumps and rubella (required for USA)"),
    ({"fitness": None}, "pending", "Fitness to travel not decided"),
    ({"fitness": ("deferred", None)}, "pending", "Fitness to travel deferred"),
    ({"fitness": ("not_fit", dt.date(2027, 1, 10))}, "refused", "Not fit to travel until 2027-01-10"),
    ({"tb_classifications": [(ASSESSED.date(), "active")]}, "refused", "Treatment required before travel"),
])
def test_the_first_unmet_condition_gives_the_reason(changes, status, reason):
    outcome = derive(USA, complete(**changes), today=TODAY)
    assert (outcome.status, outcome.reason) == (status, reason)


def test_a_child_under_the_x_ray_age_needs_no_x_ray():
    assert derive(USA, complete(date_of_birth=dt.date(2015, 6, 1), xrays=[]), today=TODAY).status == "granted"


def test_a_suggestive_x_ray_needs_sputum_tests_and_a_positive_culture_refuses():
    xray = [(ASSESSED.date(), "suggestive_tb")]
    assert derive(USA, complete(xrays=xray), today=TODAY).reason.startswith("Laboratory test missing: Sputum smear")
    labs = [("sputum_culture", ASSESSED.date(), "positive"), ("sputum_smear", ASSESSED.date(), "negative"),
            ("syphilis", ASSESSED.date(), "negative")]
    assert derive(USA, complete(xrays=xray, labs=labs), today=TODAY).status == "refused"


def test_an_expired_assessment_is_pending_again():
    outcome = derive(USA, complete(), today=dt.date(2027, 5, 1))
    assert (outcome.status, outcome.reason) == ("pending", "Migration health assessment expired on 2027-04-30")


def test_not_fit_until_a_past_date_no_longer_blocks():
    assert derive(USA, complete(fitness=("not_fit", dt.date(2026, 11, 20))), today=TODAY).status == "granted"


DEPARTURE = dt.datetime(2026, 12, 10, 22, 30, tzinfo=dt.UTC)


@pytest.mark.parametrize(("hours_before", "window", "fits"), [
    (24, 72, True), (71, 72, True), (72, 72, True), (73, 72, False), (30, 24, False), (23, 24, True),
    (0, 72, True), (-1, 72, False),
])
def test_pre_embarkation_window_before_departure(hours_before, window, fits):
    performed = DEPARTURE - dt.timedelta(hours=hours_before)
    assert (pre_embarkation_refusal(performed, DEPARTURE, window) is None) is fits


def test_window_reasons_name_the_departure_and_the_window():
    early = pre_embarkation_refusal(DEPARTURE - dt.timedelta(days=5), DEPARTURE, 48)
    assert "48 hours" in early and "2026-12-10 22:30 UTC" in early and "2026-12-08 22:30 UTC" in early
    late = pre_embarkation_refusal(DEPARTURE + dt.timedelta(hours=2), DEPARTURE, 72)
    assert "after the booked departure (2026-12-10 22:30 UTC)" in late


def test_without_a_booking_every_time_fits():
    assert pre_embarkation_refusal(DEPARTURE, None, 72) is None
