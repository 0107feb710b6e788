"""The movements API: creating legs in local time, booking a case, refusals naming the field,
manifest exports audited, scoping of legs and bookings by route and office, partners' arrivals."""

from __future__ import annotations

import datetime as dt

import pytest
from pydifact.segmentcollection import Interchange

from passage.core.models import AuditEvent
from passage.movements.models import Booking
from passage.movements.tests.conftest import local_day


def _leg_body(world, **overrides) -> dict:
    day = local_day()
    body = {"office_id": world.office_a.pk, "carrier": "KQ", "number": "310", "departure_airport": "NBO",
            "arrival_airport": "AMM", "departure_local": f"{day}T09:00:00", "arrival_local": f"{day}T13:30:00",
            "seats": 9}
    body.update(overrides)
    return body


def test_a_movement_officer_creates_a_leg_and_books_a_case(world, staff, api_client):
    client = api_client(staff.mo_a)
    response = client.post("/api/v1/movements/legs", _leg_body(world), content_type="application/json")
    assert response.status_code == 201, response.content
    leg = response.json()
    assert leg["designator"] == "KQ310" and leg["departure_local"].endswith("+03:00")
    assert leg["scheduled_departure"].startswith(f"{local_day()}T06:00:00")
    response = client.post("/api/v1/movements/bookings", {"case_number": world.case_a.number, "leg_ids": [leg["id"]],
                                                          "fare": "450.00", "currency": "USD"},
                           content_type="application/json")
    assert response.status_code == 201, response.content
    booking = response.json()
    assert booking["status"] == "held" and len(booking["passenger_legs"]) == 3
    assert client.get(f"/api/v1/movements/legs/{leg['id']}").json()["seats_taken"] == 3
    listed = client.get("/api/v1/movements/bookings").json()["items"]
    assert [b["id"] for b in listed] == [booking["id"]]


def test_a_leg_arriving_before_it_departs_is_a_problem_naming_the_field(world, staff, api_client):
    response = api_client(staff.mo_a).post("/api/v1/movements/legs", _leg_body(
        world, arrival_local=f"{local_day()}T05:00:00"), content_type="application/json")
    assert response.status_code == 422
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["errors"][0]["field"] == "arrival_local"


def test_a_negative_fare_is_refused_and_nothing_is_written(world, staff, api_client, make_leg):
    leg = make_leg("NBO", "AMM")
    response = api_client(staff.mo_a).post("/api/v1/movements/bookings", {
        "case_number": world.case_a.number, "leg_ids": [leg.pk], "fare": "-10", "currency": "USD"},
        content_type="application/json")
    assert response.status_code == 422 and response.json()["errors"][0]["field"] == "fare"
    assert not Booking.objects.exists()


def test_a_ticket_number_used_twice_is_refused(world, staff, api_client, make_leg, held):
    leg = make_leg("NBO", "AMM")
    from passage.movements import services

    booking = held(world.case_a, [leg])
    services.confirm_booking(actor=staff.admin_a, booking=booking, override_reason="Protection emergency")
    people = list(booking.passengers.values_list("person_id", flat=True))
    tickets = [{"person_id": p, "leg_id": leg.pk, "ticket_number": "1571234567890"} for p in people]
    response = api_client(staff.mo_a).post(f"/api/v1/movements/bookings/{booking.pk}/tickets",
                                           {"record_locator": "QW12ER", "tickets": tickets},
                                           content_type="application/json")
    assert response.status_code == 409
    assert response.json()["errors"][0]["field"] == f"tickets.{people[1]}.{leg.pk}"
    booking.refresh_from_db()
    assert booking.status == "confirmed" and not booking.passenger_legs.exclude(ticket_number="").exists()


def test_confirmation_outside_readiness_needs_a_supervisor(world, staff, api_client, make_leg, held):
    leg = make_leg("NBO", "AMM")
    booking = held(world.case_a, [leg])
    url = f"/api/v1/movements/bookings/{booking.pk}/confirm"
    response = api_client(staff.mo_a).post(url, {}, content_type="application/json")
    assert response.status_code == 422 and response.json()["errors"][0]["field"] == "readiness"
    response = api_client(staff.mo_a).post(url, {"override_reason": "Urgent"}, content_type="application/json")
    assert response.status_code == 403
    response = api_client(staff.admin_a).post(url, {"override_reason": "Medical evacuation, approved by HQ"},
                                              content_type="application/json")
    assert response.status_code == 200 and response.json()["status"] == "confirmed"
    override = AuditEvent.objects.get(action="booking.readiness_override")
    assert override.after["reason"] == "Medical evacuation, approved by HQ" and override.after["problems"]
    assert response.json()["override_reason"] == "Medical evacuation, approved by HQ"


@pytest.mark.filterwarnings("ignore")
def test_manifest_exports_are_audited(world, staff, api_client, make_leg, held):
    leg = make_leg("NBO", "AMM")
    held(world.case_a, [leg])
    client = api_client(staff.mo_a)
    body = client.get(f"/api/v1/movements/legs/{leg.pk}/manifest").json()
    assert len(body["rows"]) == 3 and body["totals"]["all"]["all"] == 3
    response = client.get(f"/api/v1/movements/legs/{leg.pk}/manifest/export?format=paxlst")
    assert response.status_code == 200
    interchange = Interchange.from_str(response.content.decode())
    assert len([s for s in interchange.get_segments("NAD") if s.elements[0] == "FL"]) == 3
    for fmt, start in (("pdf", b"%PDF"), ("xlsx", b"PK"), ("csv", "\ufeff".encode())):
        assert client.get(f"/api/v1/movements/legs/{leg.pk}/manifest/export?format={fmt}").content.startswith(start)
    assert AuditEvent.objects.filter(action="manifest.read", object_id=str(leg.pk)).count() == 5
    assert api_client(world.partner_usa).get(f"/api/v1/movements/legs/{leg.pk}/manifest").status_code in (403, 404)


def test_legs_are_read_by_offices_on_the_route(world, staff, api_client, make_leg):
    kenya = make_leg("NBO", "AMM")  # Kenya to Jordan: both offices are on the route
    jordan_only = make_leg("AMM", "IST", "RJ", "163", office=world.office_b, actor=staff.mo_b)
    ids = {leg["id"] for leg in api_client(staff.mo_a).get("/api/v1/movements/legs").json()["items"]}
    assert ids == {kenya.pk}
    ids = {leg["id"] for leg in api_client(staff.mo_b).get("/api/v1/movements/legs").json()["items"]}
    assert ids == {kenya.pk, jordan_only.pk}
    assert api_client(staff.mo_a).get(f"/api/v1/movements/legs/{jordan_only.pk}").status_code == 404
    assert api_client(staff.charter_hq).get(f"/api/v1/movements/legs/{jordan_only.pk}").status_code == 200
    assert api_client(world.caseworker_a).get("/api/v1/movements/legs").json()["items"] == []


def test_bookings_belong_to_the_cases_office(world, staff, api_client, make_leg, held):
    leg = make_leg("NBO", "AMM", seats=10)
    booking = held(world.case_a, [leg])
    assert api_client(staff.mo_b).get(f"/api/v1/movements/bookings/{booking.pk}").status_code == 404
    assert api_client(world.caseworker_a).get(f"/api/v1/movements/bookings/{booking.pk}").status_code == 200
    response = api_client(staff.mo_b).post("/api/v1/movements/bookings", {
        "case_number": world.case_a.number, "leg_ids": [leg.pk]}, content_type="application/json")
    assert response.status_code == 422 and response.json()["errors"][0]["field"] == "case_number"


def test_partners_see_arrivals_to_their_country(world, staff, api_client, make_leg, held):
    day = local_day()
    leg = make_leg("NBO", "JFK", "ET", "9001", dep="01:00", arr="08:00", day=day)
    other = make_leg("NBO", "YYZ", "AC", "57", dep="01:00", arr="08:00", day=day)
    held(world.case_a, [leg])
    held(world.case_sub, [other])
    client = api_client(world.partner_usa)
    rows = client.get(f"/api/v1/movements/arrivals?day_from={day}&day_to={day + dt.timedelta(days=1)}").json()
    assert {r["case_number"] for r in rows} == {world.case_a.number} and len(rows) == 3
    assert {leg["id"] for leg in client.get("/api/v1/movements/legs").json()["items"]} == {leg.pk}


def test_rebooking_through_the_api_keeps_the_old_booking(world, staff, api_client, make_leg, held):
    leg = make_leg("NBO", "AMM", seats=3)
    later = make_leg("NBO", "AMM", "RJ", "300", seats=3, day=local_day(6))
    booking = held(world.case_a, [leg])
    client = api_client(staff.mo_a)
    people = list(booking.passengers.values_list("person_id", flat=True))
    response = client.post(f"/api/v1/movements/bookings/{booking.pk}/seats",
                           {"person_id": people[0], "leg_id": leg.pk, "seat": "12a"}, content_type="application/json")
    assert response.status_code == 200
    response = client.post(f"/api/v1/movements/bookings/{booking.pk}/seats",
                           {"person_id": people[1], "leg_id": leg.pk, "seat": "12A"}, content_type="application/json")
    assert response.status_code == 409 and response.json()["errors"][0]["field"] == "seat"
    response = client.post(f"/api/v1/movements/bookings/{booking.pk}/rebook", {
        "leg_ids": [later.pk], "reason": "Flight cancelled by the airline"}, content_type="application/json")
    assert response.status_code == 201, response.content
    new = response.json()
    assert new["rebooked_from_id"] == booking.pk and new["status"] == "held"
    old = client.get(f"/api/v1/movements/bookings/{booking.pk}").json()
    assert old["status"] == "rebooked" and [e["to_status"] for e in old["events"]] == ["held", "rebooked"]
