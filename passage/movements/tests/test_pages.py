"""Movement pages: legs, the leg page with its manifest, booking a case by form, the booking page's
transitions, the check-in screen, the board and the partner's arrivals with the hand-over."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from passage.movements.models import Booking, MovementEvent
from passage.movements.tests.conftest import local_day


def test_leg_list_and_leg_page_show_the_manifest(world, staff, client, make_leg, held):
    leg = make_leg("NBO", "AMM", "KQ", "310")
    held(world.case_a, [leg])
    client.force_login(staff.mo_a)
    assert "KQ310" in client.get("/movements/legs/").content.decode()
    page = client.get(f"/movements/legs/{leg.pk}/").content.decode()
    assert world.case_a.number in page and "3 passengers" in page
    response = client.get(f"/movements/legs/{leg.pk}/manifest.edi")
    assert response.status_code == 200 and b"PAXLST" in response.content
    jordan = make_leg("AMM", "IST", "RJ", "1", office=world.office_b, actor=staff.mo_b)
    client.force_login(staff.mo_b)
    assert client.get(f"/movements/legs/{jordan.pk}/").status_code == 200
    client.force_login(world.caseworker_b)
    assert client.get(f"/movements/legs/{leg.pk}/").status_code == 404


def test_creating_a_leg_by_form_shows_errors_on_the_field(world, staff, client):
    client.force_login(staff.mo_a)
    day = local_day()
    body = {"office_id": world.office_a.pk, "mode": "air", "carrier": "KQ", "number": "310", "departure_airport": "NBO",
            "departure_local": f"{day}T10:00", "arrival_airport": "AMM", "arrival_local": f"{day}T08:00", "seats": 5}
    response = client.post("/movements/legs/new/", body)
    assert response.status_code == 200
    assert 'id="id_arrival_local_error"' in response.content.decode()
    body["arrival_local"] = f"{day}T15:00"
    response = client.post("/movements/legs/new/", body)
    assert response.status_code == 302
    client.force_login(world.caseworker_a)
    assert client.get("/movements/legs/new/").status_code == 403


def test_booking_a_case_by_form_and_confirming_with_an_override(world, staff, client, make_leg):
    leg = make_leg("NBO", "AMM", seats=3)
    client.force_login(staff.mo_a)
    page = client.get(f"/movements/cases/{world.case_a.number}/book/").content.decode()
    assert "KQ100" in page
    people = list(world.case_a.members.values_list("person_id", flat=True))
    response = client.post(f"/movements/cases/{world.case_a.number}/book/", {
        "leg_1": leg.pk, "person_ids": people[:2], "currency": "USD"})
    assert response.status_code == 200 and 'id="id_split_reason_error"' in response.content.decode()
    response = client.post(f"/movements/cases/{world.case_a.number}/book/", {"leg_1": leg.pk, "person_ids": people})
    booking = Booking.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/movements/bookings/{booking.pk}/"
    response = client.post(f"/movements/bookings/{booking.pk}/confirm/", {"override_reason": ""})
    assert response.status_code == 422 and "not ready" in response.content.decode()
    client.force_login(staff.admin_a)
    response = client.post(f"/movements/bookings/{booking.pk}/confirm/", {"override_reason": "Emergency"})
    assert response.status_code == 302
    booking.refresh_from_db()
    assert booking.status == "confirmed" and booking.override_by == staff.admin_a


def test_check_in_screen_records_events_and_the_board_shows_them(world, staff, client, soon, ticketed):
    booking = ticketed(world.case_a, [soon])
    client.force_login(staff.mo_a)
    page = client.get(f"/movements/legs/{soon.pk}/check-in/").content.decode()
    assert world.case_a.number in page
    response = client.post(f"/movements/legs/{soon.pk}/check-in/", {"booking_id": booking.pk, "kind": "checked_in"})
    assert response.status_code == 302
    assert MovementEvent.objects.filter(kind="checked_in").count() == 3
    board = client.get(f"/movements/board/fragment/?day={soon.departure_date}").content.decode()
    assert 'class="board-checked-in">3<' in board
    # Out of order: an arrival before departure is refused, with the message shown.
    response = client.post(f"/movements/legs/{soon.pk}/check-in/", {"booking_id": booking.pk, "kind": "arrived"},
                           follow=True)
    assert "cannot be recorded" in response.content.decode()
    client.force_login(staff.mo_b)
    assert client.get(f"/movements/legs/{soon.pk}/check-in/").status_code == 404


def test_partner_sees_arrivals_and_records_the_hand_over(world, staff, client, soon, ticketed):
    from passage.movements import tracking

    booking = ticketed(world.case_a, [soon])
    at = timezone.now() - dt.timedelta(minutes=5)
    tracking.record_events(actor=staff.mo_a, booking=booking, leg=soon, kind="checked_in", at=at - dt.timedelta(minutes=5))
    tracking.record_events(actor=staff.mo_a, booking=booking, leg=soon, kind="departed", at=at - dt.timedelta(minutes=4))
    tracking.record_events(actor=staff.mo_usa, booking=booking, leg=soon, kind="arrived", at=at)
    client.force_login(world.partner_usa)
    page = client.get("/movements/arrivals/").content.decode()
    assert world.case_a.number in page and "Record hand-over" in page
    response = client.post(f"/movements/bookings/{booking.pk}/hand-over/", {"handed_over_to": "IRC Dallas"})
    assert response.status_code == 302
    assert MovementEvent.objects.filter(kind="handed_over", handed_over_to="IRC Dallas").count() == 3
    assert client.get(f"/movements/legs/{soon.pk}/manifest.csv").status_code == 404


def test_home_offers_movement_pages_by_role(world, staff, client):
    client.force_login(staff.mo_a)
    home = client.get("/").content.decode()
    assert "/movements/legs/" in home and "/movements/board/" in home
    client.force_login(world.partner_usa)
    assert "/movements/arrivals/" in client.get("/").content.decode()


def test_splitting_a_booking_on_its_page(world, staff, client, make_leg, held):
    leg = make_leg("NBO", "AMM", seats=3)
    booking = held(world.case_a, [leg])
    people = list(booking.passengers.values_list("person_id", flat=True))
    client.force_login(staff.mo_a)
    url = f"/movements/bookings/{booking.pk}/rebook/"
    response = client.post(url, {"rebook-leg_1": leg.pk, "rebook-person_ids": people[:2], "rebook-reason": "Ill"})
    assert response.status_code == 422 and 'id="id_rebook-split_reason_error"' in response.content.decode()
    response = client.post(url, {"rebook-leg_1": leg.pk, "rebook-person_ids": people[:2], "rebook-reason": "Ill",
                                 "rebook-split_reason": "The youngest has measles"})
    new = Booking.objects.get(rebooked_from=booking)
    assert response.status_code == 302 and response["Location"] == f"/movements/bookings/{new.pk}/"
    assert new.passengers.count() == 2
    page = client.get(f"/movements/bookings/{new.pk}/").content.decode()
    assert "The youngest has measles" in page
