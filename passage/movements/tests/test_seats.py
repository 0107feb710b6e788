"""Seat layouts and the seat map: seats assigned per passenger, shown on a table with row and letter
headers; a seat taken or outside the layout is refused naming the field; per-traveller check-in,
no-show and offloading on the check-in screen."""

from __future__ import annotations

import pytest

from passage.core.errors import ConflictError, DomainError
from passage.core.models import AuditEvent
from passage.movements import seats, services
from passage.movements.models import MovementEvent, PassengerLeg


def test_a_seat_outside_the_layout_or_taken_is_refused_naming_the_seat(world, staff, soon, ticketed):
    booking = ticketed(world.case_a, [soon])
    a, b, c = list(PassengerLeg.objects.filter(booking=booking).order_by("id"))
    seats.set_layout(actor=staff.mo_a, leg=soon, rows=30, letters="abc def")
    soon.refresh_from_db()
    assert (soon.seat_rows, soon.seat_letters) == (30, "ABC DEF")
    assert services.assign_seat(actor=staff.mo_a, passenger_leg=a, seat="12c").seat == "12C"
    for bad in ("31A", "12G", "0A", "C12"):
        with pytest.raises(DomainError) as exc:
            services.assign_seat(actor=staff.mo_a, passenger_leg=b, seat=bad)
        assert exc.value.field == "seat"
    with pytest.raises(ConflictError) as exc:
        services.assign_seat(actor=staff.mo_a, passenger_leg=b, seat="12C")
    assert exc.value.field == "seat"
    services.assign_seat(actor=staff.mo_a, passenger_leg=b, seat="12D")
    # The layout cannot shrink past seats already assigned.
    with pytest.raises(DomainError) as exc:
        seats.set_layout(actor=staff.mo_a, leg=soon, rows=10, letters="ABC DEF")
    assert exc.value.field == "seat_rows"
    with pytest.raises(DomainError) as exc:
        seats.set_layout(actor=staff.mo_a, leg=soon, rows=30, letters="ABC")
    assert exc.value.field == "seat_letters"
    with pytest.raises(DomainError) as exc:
        seats.set_layout(actor=staff.mo_a, leg=soon, rows=30, letters="AAB")
    assert exc.value.field == "seat_letters"
    soon.refresh_from_db()
    grid = seats.seat_map(soon, [(r.seat, r.person_id) for r in PassengerLeg.objects.filter(leg=soon)])
    assert grid.columns == ["A", "B", "C", "", "D", "E", "F"] and len(grid.rows) == 30 and grid.free == 178
    twelve = dict(grid.rows)[12]
    assert [cell.occupant if cell else "aisle" for cell in twelve] == [None, None, a.person_id, "aisle",
                                                                       b.person_id, None, None]
    assert AuditEvent.objects.filter(action="leg.seat_layout").count() == 1
    assert c.seat == ""


def test_seat_map_and_layout_through_the_api(world, staff, soon, ticketed, api_client):
    booking = ticketed(world.case_a, [soon])
    row = PassengerLeg.objects.filter(booking=booking).first()
    client = api_client(staff.mo_a)
    response = client.put(f"/api/v1/movements/legs/{soon.pk}/seat-layout", {"rows": 20, "letters": "AB CD"},
                          content_type="application/json")
    assert response.status_code == 200 and response.json()["free"] == 80
    bad = client.post(f"/api/v1/movements/bookings/{booking.pk}/seats",
                      {"person_id": row.person_id, "leg_id": soon.pk, "seat": "21A"}, content_type="application/json")
    assert bad.status_code == 422 and bad["Content-Type"] == "application/problem+json"
    assert "seat" in str(bad.json()) and "outside" in str(bad.json())
    assert client.post(f"/api/v1/movements/bookings/{booking.pk}/seats",
                       {"person_id": row.person_id, "leg_id": soon.pk, "seat": "3C"},
                       content_type="application/json").status_code == 200
    seat_map = client.get(f"/api/v1/movements/legs/{soon.pk}/seat-map").json()
    assert seat_map["taken"] == [{"seat": "3C", "passenger_leg_id": row.pk, "person_id": row.person_id,
                                  "case_number": world.case_a.number}] and seat_map["free"] == 79
    shrink = client.put(f"/api/v1/movements/legs/{soon.pk}/seat-layout", {"rows": 2, "letters": "AB CD"},
                        content_type="application/json")
    assert shrink.status_code == 422 and "seat_rows" in str(shrink.json())
    assert api_client(world.partner_usa).get(f"/api/v1/movements/legs/{soon.pk}/seat-map").status_code in (403, 404)
    assert api_client(staff.mo_b).get(f"/api/v1/movements/legs/{soon.pk}/seat-map").status_code == 404


def test_an_id_too_large_for_the_database_is_refused_naming_the_field(world, staff, soon, ticketed, api_client):
    # A person_id past 64 bits once overflowed the SQLite query and answered 500.
    booking = ticketed(world.case_a, [soon])
    client = api_client(staff.mo_a)
    response = client.post(f"/api/v1/movements/bookings/{booking.pk}/seats",
                           {"person_id": -(10**21), "leg_id": soon.pk, "seat": "1A"}, content_type="application/json")
    assert response.status_code == 422 and response["Content-Type"] == "application/problem+json"
    assert [e["field"] for e in response.json()["errors"]] == ["person_id"]
    deliveries = client.get("/api/v1/movements/webhook-deliveries", {"webhook_id": 10**20})
    assert deliveries.status_code == 422 and deliveries.json()["errors"][0]["field"] == "webhook_id"


def test_the_flight_page_shows_the_seat_map_and_assigns_seats(world, staff, soon, ticketed, client):
    booking = ticketed(world.case_a, [soon])
    a, b, _c = list(PassengerLeg.objects.filter(booking=booking).select_related("person").order_by("id"))
    client.force_login(staff.mo_a)
    page = client.get(f"/movements/legs/{soon.pk}/").content.decode()
    assert "The seat layout of this leg is not known yet" in page
    response = client.post(f"/movements/legs/{soon.pk}/seat-layout/", {"seat_rows": 4, "seat_letters": "AB CD"})
    assert response.status_code == 302
    assert client.post(f"/movements/legs/{soon.pk}/seats/", {"passenger_leg_id": a.pk, "seat": "2b"}).status_code == 302
    page = client.get(f"/movements/legs/{soon.pk}/").content.decode()
    assert '<th scope="col">A</th>' in page and '<th scope="row">4</th>' in page
    assert 'data-seat="2B" class="seat-taken">' in page and "15 seats free" in page
    taken = client.post(f"/movements/legs/{soon.pk}/seats/", {"passenger_leg_id": b.pk, "seat": "2B"})
    assert taken.status_code == 409 and 'id="id_seat_error"' in taken.content.decode()
    outside = client.post(f"/movements/legs/{soon.pk}/seats/", {"passenger_leg_id": b.pk, "seat": "5A"})
    assert outside.status_code == 422 and "outside this aircraft" in outside.content.decode()
    assert 'id="id_seat_error"' in outside.content.decode()
    # Another office's movement officer does not reach this leg at all.
    client.force_login(staff.mo_b)
    assert client.post(f"/movements/legs/{soon.pk}/seats/", {"passenger_leg_id": a.pk, "seat": "1A"}).status_code \
        == 404


def test_check_in_screen_acts_for_one_traveller(world, staff, soon, ticketed, client):
    booking = ticketed(world.case_a, [soon])
    a, b, c = [r.person_id for r in PassengerLeg.objects.filter(booking=booking).order_by("id")]
    client.force_login(staff.mo_a)
    url = f"/movements/legs/{soon.pk}/check-in/"
    page = client.get(url).content.decode()
    assert page.count('name="kind" value="checked_in"') == 3
    client.post(url, {"booking_id": booking.pk, "person_ids": a, "kind": "checked_in"})
    client.post(url, {"booking_id": booking.pk, "person_ids": b, "kind": "checked_in"})
    refused = client.post(url, {"booking_id": booking.pk, "person_ids": c, "kind": "no_show", "reason": ""},
                          follow=True).content.decode()
    assert "Give the reason." in refused
    client.post(url, {"booking_id": booking.pk, "person_ids": b, "kind": "offloaded", "reason": "Fell ill"})
    client.post(url, {"booking_id": booking.pk, "person_ids": c, "kind": "no_show", "reason": "Not at the gate"})
    statuses = dict(PassengerLeg.objects.filter(booking=booking).values_list("person_id", "status"))
    assert statuses == {a: "checked_in", b: "offloaded", c: "no_show"}
    assert list(MovementEvent.objects.filter(person_id=b).values_list("kind", "reason")) == [
        ("checked_in", ""), ("offloaded", "Fell ill")]
    booking.refresh_from_db()
    assert booking.status == "checked_in"
    page = client.get(url).content.decode()
    assert page.count('name="kind" value="offloaded"') == 1  # only the one still checked in
