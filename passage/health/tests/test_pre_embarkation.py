"""The list of pre-embarkation checks due: persons of the medical officer's offices booked on a
departure in the coming days, by flight date and flight, each with where their check stands."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from passage.core.errors import DomainError
from passage.core.models import Role
from passage.core.tests.factories import CaseFactory, UserFactory
from passage.health import embarkation, services
from passage.health.embarkation import DONE, DUE, MISSED, NOT_YET_DUE, check_status
from passage.health.schemas import AssessmentIn
from passage.health.tests.test_pages import verified
from passage.movements import services as movements

pytestmark = pytest.mark.django_db

URL = "/api/v1/health/pre-embarkation-checks"
PAGE = "/health/pre-embarkation/"


# --- Where a check stands, at the edges of the window --------------------------------------------

DEPARTS = dt.datetime(2026, 12, 10, 12, 0, tzinfo=dt.UTC)
OPENS = DEPARTS - dt.timedelta(hours=72)
SECOND = dt.timedelta(seconds=1)


@pytest.mark.parametrize(("now", "expected"), [
    (OPENS - SECOND, NOT_YET_DUE),
    (OPENS, DUE),
    (DEPARTS, DUE),
    (DEPARTS + SECOND, MISSED),
])
def test_without_a_check_the_status_follows_the_clock(now, expected):
    assert check_status(departs_at=DEPARTS, window_hours=72, checks=[], now=now) == (expected, None)


@pytest.mark.parametrize(("checked", "expected"), [
    (OPENS, DONE),
    (DEPARTS, DONE),
    (OPENS - SECOND, DUE),  # before the window: it does not count, and the window is open now
    (DEPARTS + SECOND, DUE),
])
def test_only_a_check_inside_the_window_counts(checked, expected):
    status, at = check_status(departs_at=DEPARTS, window_hours=72, checks=[checked], now=OPENS + SECOND)
    assert status == expected and at == (checked if expected == DONE else None)


def test_a_24_hour_window_opens_later():
    now = DEPARTS - dt.timedelta(hours=25)
    assert check_status(departs_at=DEPARTS, window_hours=24, checks=[], now=now)[0] == NOT_YET_DUE
    assert check_status(departs_at=DEPARTS, window_hours=72, checks=[], now=now)[0] == DUE


# --- The list ---------------------------------------------------------------------------------------

@pytest.fixture
def book(world):
    """book(case, hours_from_now, number): a leg of the case's office departing then, the case held on it."""
    officers = {}

    def make(case, hours: float, number: str, *, origin: str = "NBO", destination: str = "JFK"):
        actor = officers.get(case.office_id) or officers.setdefault(case.office_id, UserFactory(
            username=f"mo_{case.office_id}", roles=[(case.office, Role.MOVEMENT_OFFICER)]))
        departs = (timezone.now() + dt.timedelta(hours=hours)).replace(second=0, microsecond=0)
        leg = movements.create_leg(actor=actor, office=case.office, data=movements.LegInput(
            mode="air", carrier="KQ", number=number, departure_airport=origin, arrival_airport=destination,
            departure_local=departs, arrival_local=departs + dt.timedelta(hours=9), seats=20))
        movements.book_case(actor=actor, case=case, data=movements.BookingInput(leg_ids=[leg.pk]))
        return leg

    return make


def statuses(response) -> dict[int, str]:
    return {row["person_id"]: row["status"] for row in response.json()["checks"]}


def wide_range() -> dict[str, str]:
    today = timezone.now().date()
    return {"day_from": (today - dt.timedelta(days=1)).isoformat(), "day_to": (today + dt.timedelta(days=7)).isoformat()}


def test_each_booked_person_with_the_status_of_their_check(world, api_client, medical_a, person_a, book):
    soon = book(world.case_a, 30, "100")  # inside the USA's 72-hour window now
    later = book(world.case_sub, 24 * 5, "200")  # CAN, in five days
    services.record_assessment(actor=medical_a, person=person_a, data=AssessmentIn(
        kind="pec", performed_at=timezone.now() - dt.timedelta(minutes=5), clinic="Airport clinic",
        physician="Dr. Otieno"))

    response = api_client(medical_a).get(URL, wide_range())
    assert response.status_code == 200
    case_a = list(world.case_a.members.order_by("id").values_list("person_id", flat=True))
    sub = world.case_sub.members.get().person_id
    assert statuses(response) == {case_a[0]: DONE, case_a[1]: DUE, case_a[2]: DUE, sub: NOT_YET_DUE}
    rows = response.json()["checks"]
    assert [r["leg_id"] for r in rows] == [soon.pk, soon.pk, soon.pk, later.pk]  # by departure
    first = next(r for r in rows if r["person_id"] == person_a.pk)
    assert first["flight"] == "KQ100" and first["booking_status"] == "held" and first["checked_at"]
    opens = dt.datetime.fromisoformat(first["window_opens"].replace("Z", "+00:00"))
    assert opens == soon.scheduled_departure - dt.timedelta(hours=72)

    # A minute after the flight left (its booking still held: nobody recorded the departure)
    after = embarkation.checks_due(user=medical_a, day_from=soon.departure_date, day_to=soon.departure_date,
                                   now=soon.scheduled_departure + dt.timedelta(minutes=1))
    assert {c.person.pk: c.status for c in after.checks} == {case_a[0]: DONE, case_a[1]: MISSED, case_a[2]: MISSED}


def test_another_offices_flight_does_not_show_and_its_person_is_not_found(world, api_client, client, medical_a,
                                                                           medical_b, book):
    book(world.case_a, 30, "100")
    book(world.case_b, 30, "500", origin="AMM", destination="JFK")
    person_b = world.case_b.members.first().person
    mine = api_client(medical_a).get(URL).json()["checks"]
    assert {r["flight"] for r in mine} == {"KQ100"}
    assert person_b.pk not in {r["person_id"] for r in mine}
    theirs = api_client(medical_b).get(URL).json()["checks"]
    assert {r["flight"] for r in theirs} == {"KQ500"}

    verified(client, medical_a)
    page = client.get(PAGE).content.decode()
    assert "KQ100" in page and "KQ500" not in page and world.case_b.number not in page
    assert client.get(f"/health/persons/{person_b.pk}/?record=pec").status_code == 404


def test_the_page_groups_by_day_and_flight_and_links_to_the_clinic_form(world, client, medical_a, person_a, book):
    leg = book(world.case_a, 30, "100")
    verified(client, medical_a)
    response = client.get(PAGE)
    assert response.status_code == 200
    page = response.content.decode()
    assert f'<h2 id="day-{leg.departure_date:%Y-%m-%d}">' in page
    assert "KQ100 NBO–JFK" in page and "3 travellers" in page and "3 due now" in page
    link = f"/health/persons/{person_a.pk}/?record=pec#form-assessment"
    assert link in page
    form = client.get(link).content.decode()
    assert '<option value="pec" selected>' in form


def test_the_default_is_the_next_seven_days_and_the_range_is_checked(world, api_client, client, medical_a, book):
    book(world.case_a, 24 * 9, "900")  # beyond the default week
    api = api_client(medical_a)
    body = api.get(URL).json()
    today = timezone.localdate()
    assert (body["day_from"], body["day_to"]) == (today.isoformat(), (today + dt.timedelta(days=6)).isoformat())
    assert body["checks"] == []
    later = api.get(URL, {"day_from": (today + dt.timedelta(days=8)).isoformat()}).json()
    assert {r["flight"] for r in later["checks"]} == {"KQ900"}

    backwards = api.get(URL, {"day_from": "2026-12-10", "day_to": "2026-12-01"})
    assert backwards.status_code == 422 and backwards["Content-Type"] == "application/problem+json"
    assert backwards.json()["errors"][0]["field"] == "day_to"
    too_long = api.get(URL, {"day_from": "2026-12-01", "day_to": "2027-03-01"})
    assert too_long.status_code == 422 and too_long.json()["errors"][0]["field"] == "day_to"
    assert api.get(URL, {"day_from": "not a date"}).status_code in (400, 422)

    verified(client, medical_a)
    page = client.get(PAGE, {"day_from": "2026-12-10", "day_to": "2026-12-01"})
    assert page.status_code == 422 and 'id="id_day_to_error"' in page.content.decode()


def test_the_list_narrows_to_one_office_of_the_users_scope(world, api_client, client, medical_a, book):
    book(world.case_a, 30, "100")
    book(world.case_sub, 30, "200")  # Kakuma, a sub-office of Kenya
    book(world.case_b, 30, "500", origin="AMM", destination="JFK")
    api = api_client(medical_a)
    case_a = set(world.case_a.members.values_list("person_id", flat=True))
    sub = {world.case_sub.members.get().person_id}
    assert set(statuses(api.get(URL))) == case_a | sub
    body = api.get(URL, {"office": world.sub_a.pk}).json()
    assert set(statuses_of(body)) == sub and body["office"] == world.sub_a.pk
    assert set(statuses(api.get(URL, {"office": world.office_a.pk}))) == case_a  # its own persons, not Kakuma's

    # Headquarters reads every office, and narrows to any of them
    hq = UserFactory(username="med_hq", roles=[(world.hq, Role.MEDICAL_OFFICER)])
    everyone = api_client(hq)
    assert {r["flight"] for r in everyone.get(URL).json()["checks"]} == {"KQ100", "KQ200", "KQ500"}
    jordan = everyone.get(URL, {"office": world.office_b.pk}).json()["checks"]
    assert {r["person_id"] for r in jordan} == set(world.case_b.members.values_list("person_id", flat=True))

    verified(client, medical_a)
    response = client.get(PAGE, {"office": world.sub_a.pk})  # no dates: the default week, as on the API
    page = response.content.decode()
    assert response.status_code == 200
    assert "KQ200" in page and "KQ100" not in page and "KQ500" not in page
    assert f'<option value="{world.sub_a.pk}" selected>' in page
    assert f'value="{timezone.localdate().isoformat()}"' in page  # the blank days show the range used
    assert world.office_b.name not in page  # not offered: outside the scope
    empty = client.get(PAGE, {"office": world.sub_a.pk, "day_from": (timezone.localdate() + dt.timedelta(days=10))
                              .isoformat()}).content.decode()
    assert "Nobody in this office is booked" in empty


def statuses_of(body: dict) -> dict[int, str]:
    return {row["person_id"]: row["status"] for row in body["checks"]}


@pytest.mark.parametrize("office", ["b", "missing"])
def test_an_office_outside_the_users_scope_is_refused_on_the_field(world, api_client, client, medical_a, book,
                                                                   office):
    book(world.case_b, 30, "500", origin="AMM", destination="JFK")
    office_id = world.office_b.pk if office == "b" else 999_999  # the same answer: nothing says it exists
    response = api_client(medical_a).get(URL, {"office": office_id})
    assert response.status_code == 422 and response["Content-Type"] == "application/problem+json"
    assert [e["field"] for e in response.json()["errors"]] == ["office"]
    assert "JOR-2026" not in response.content.decode()

    verified(client, medical_a)
    page = client.get(PAGE, {"office": office_id})
    assert page.status_code == 422
    text = page.content.decode()
    assert 'id="id_office_error"' in text and "KQ500" not in text and world.case_b.number not in text
    # The service refuses it too, whoever calls it
    with pytest.raises(DomainError) as refused:
        embarkation.checks_due(user=medical_a, office_id=office_id)
    assert refused.value.field == "office"


def test_a_range_at_the_end_of_the_calendar_is_an_answer_not_an_error(world, api_client, client, medical_a):
    response = api_client(medical_a).get(URL, {"day_from": "9999-12-30"})
    assert response.status_code == 200
    assert (response.json()["day_from"], response.json()["day_to"]) == ("9999-12-30", "9999-12-31")
    verified(client, medical_a)
    page = client.get(PAGE, {"day_from": "9999-12-30"})
    assert page.status_code == 200 and "9999-12-31" in page.content.decode()
    too_long = client.get(PAGE, {"day_from": "2026-12-01", "day_to": "2027-03-01"})
    assert too_long.status_code == 422 and 'id="id_day_to_error"' in too_long.content.decode()


def test_only_medical_officers_read_the_list(world, api_client, client):
    response = api_client(world.caseworker_a).get(URL)
    assert response.status_code == 403 and response["Content-Type"] == "application/problem+json"
    client.force_login(world.caseworker_a)
    assert client.get(PAGE).status_code == 403


def test_a_cancelled_booking_leaves_the_list(world, api_client, medical_a, book):
    from passage.movements.models import Booking

    book(world.case_a, 30, "100")
    booking = Booking.objects.get(case=world.case_a)
    movements.cancel_booking(actor=UserFactory(username="mo_x", roles=[(world.office_a, Role.MOVEMENT_OFFICER)]),
                             booking=booking, reason="Visa withdrawn")
    assert api_client(medical_a).get(URL).json()["checks"] == []


def test_the_list_reads_in_a_fixed_number_of_queries(world, medical_a, book):
    book(world.case_a, 30, "100")

    def count() -> int:
        medical_a.__dict__.pop("_passage_scopes", None)
        with CaptureQueriesContext(connection) as queries:
            due = embarkation.checks_due(user=medical_a)
            assert due.checks
        return len(queries)

    one_flight = count()
    book(world.case_sub, 48, "200")
    book(CaseFactory(number="KEN-2026-000078", office=world.office_a, destination_country="DEU", members=4), 50, "300")
    assert count() == one_flight
