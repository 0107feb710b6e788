"""Refusals reach the user in their language: the API's problem+json `detail` and field errors and the
pages' form errors are translated (Accept-Language or the language cookie), the field names stay the
ones the client sent, and what is kept (audit, booking history) stays in the project's language."""

from __future__ import annotations

from django.conf import settings
from django.utils import translation

from passage.core.models import AuditEvent
from passage.movements import services
from passage.movements.models import Booking, BookingEvent, PassengerLeg
from passage.movements.tests.conftest import local_day
from passage.readiness.engine import check_travel
from passage.readiness.models import ReadinessRule

J = "application/json"
AR = {"accept-language": "ar"}
FR = {"accept-language": "fr"}
ES = {"accept-language": "es"}



def _problem(response, status: int) -> tuple[str, list[dict]]:
    assert response.status_code == status, response.content
    assert response["Content-Type"] == "application/problem+json"
    body = response.json()
    return body["detail"], body.get("errors", [])


def test_a_leg_not_on_the_users_routes_is_refused_in_arabic_naming_the_leg(world, staff, api_client, make_leg):
    kenya = make_leg("NBO", "AMM")
    jordan_only = make_leg("AMM", "IST", "RJ", "163", office=world.office_b, actor=staff.mo_b)
    response = api_client(staff.mo_a).post("/api/v1/movements/bookings", {
        "case_number": world.case_a.number, "leg_ids": [kenya.pk, jordan_only.pk]}, content_type=J, headers=AR)
    detail, errors = _problem(response, 422)
    assert detail == "هذا المقطع غير موجود على مساراتك."
    assert errors == [{"field": "leg_ids.1", "detail": detail}]
    assert not Booking.objects.exists()


def test_too_few_seats_is_refused_in_arabic_and_french_with_the_right_plural(world, staff, api_client, make_leg):
    leg = make_leg("NBO", "AMM", seats=2)  # case A has three members
    body = {"case_number": world.case_a.number, "leg_ids": [leg.pk]}
    detail, errors = _problem(api_client(staff.mo_a).post("/api/v1/movements/bookings", body, content_type=J,
                                                          headers=AR), 409)
    assert detail == "تبقّى على KQ100 مقعدان (2)؛ المطلوب 3."
    assert errors[0]["field"] == "leg_ids.0"
    detail, errors = _problem(api_client(staff.mo_a).post("/api/v1/movements/bookings", body, content_type=J,
                                                          headers=FR), 409)
    assert detail == "Il reste 2 sièges sur KQ100 ; il en faut 3."
    assert errors[0]["field"] == "leg_ids.0"
    assert not Booking.objects.exists()


def test_a_seat_already_taken_is_refused_in_french_naming_the_seat(world, staff, api_client, make_leg, ticketed):
    leg = make_leg("NBO", "AMM")
    booking = ticketed(world.case_a, [leg])
    first, second, _third = PassengerLeg.objects.filter(booking=booking).order_by("id")
    services.assign_seat(actor=staff.mo_a, passenger_leg=first, seat="12C")
    response = api_client(staff.mo_a).post(f"/api/v1/movements/bookings/{booking.pk}/seats", {
        "person_id": second.person_id, "leg_id": leg.pk, "seat": "12C"}, content_type=J, headers=FR)
    detail, errors = _problem(response, 409)
    assert detail == "Un autre passager occupe ce siège sur ce tronçon."
    assert errors == [{"field": "seat", "detail": detail}]
    second.refresh_from_db()
    assert second.seat == ""


def test_a_case_not_ready_is_refused_in_arabic_and_the_override_keeps_english_problems(
        world, staff, api_client, make_leg):
    leg = make_leg("NBO", "AMM")
    booking = services.book_case(actor=staff.mo_a, case=world.case_a, data=services.BookingInput(leg_ids=[leg.pk]))
    url = f"/api/v1/movements/bookings/{booking.pk}/confirm"
    departure, arrival, transits = services.travel_dates(booking)
    with translation.override("ar"):
        in_arabic = check_travel(world.case_a, departure, arrival, transit_countries=tuple(transits)).problems
    with translation.override(settings.LANGUAGE_CODE):
        in_english = check_travel(world.case_a, departure, arrival, transit_countries=tuple(transits)).problems
    assert in_arabic and in_arabic != in_english

    detail, errors = _problem(api_client(staff.mo_a).post(url, {}, content_type=J, headers=AR), 422)
    assert detail == "الملف غير جاهز لهذه التواريخ: " + "; ".join(in_arabic)
    assert errors[0]["field"] == "readiness"
    detail, errors = _problem(api_client(staff.mo_a).post(url, {"override_reason": "Urgent"}, content_type=J,
                                                          headers=AR), 403)
    assert detail == "لا يؤكد حجزًا خارج نافذة جاهزية الملف إلا مدير المكتب."
    assert errors[0]["field"] == "override_reason"

    response = api_client(staff.admin_a).post(url, {"override_reason": "Medical evacuation"}, content_type=J,
                                              headers=AR)
    assert response.status_code == 200, response.content
    # What is kept reads the same whoever confirmed, in whatever language.
    assert AuditEvent.objects.get(action="booking.readiness_override").after["problems"] == in_english
    assert BookingEvent.objects.get(booking=booking, to_status="confirmed").details["problems"] == in_english


def test_the_fallback_rule_refusal_is_in_spanish(world, api_client):
    fallback = ReadinessRule.objects.get(destination_country="", programme="")
    response = api_client(world.sysadmin).delete(f"/api/v1/readiness/rules/{fallback.pk}", headers=ES)
    detail, errors = _problem(response, 422)
    assert detail == "La regla por defecto no se puede eliminar; edítela en su lugar."
    assert errors == [{"field": "destination_country", "detail": detail}]


def test_an_english_speaking_client_still_reads_english(world, staff, api_client, make_leg):
    leg = make_leg("NBO", "AMM", seats=2)
    response = api_client(staff.mo_a).post("/api/v1/movements/bookings", {
        "case_number": world.case_a.number, "leg_ids": [leg.pk]}, content_type=J, headers={"accept-language": "en"})
    detail, _errors = _problem(response, 409)
    assert detail == "KQ100 has 2 seats left; 3 are needed."


def test_the_leg_form_shows_its_error_in_arabic_on_the_field(world, staff, client):
    client.force_login(staff.mo_a)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "ar"
    day = local_day()
    response = client.post("/movements/legs/new/", {
        "office_id": world.office_a.pk, "mode": "air", "carrier": "KQ", "number": "310", "departure_airport": "NBO",
        "departure_local": f"{day}T10:00", "arrival_airport": "AMM", "arrival_local": f"{day}T08:00", "seats": 5})
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="ar" dir="rtl">' in html
    error = html.split('id="id_arrival_local_error"', 1)[1].split("</", 1)[0]
    assert "يصل المقطع قبل أن يغادر (بالتوقيت العالمي المنسق، انطلاقًا من التوقيتات المحلية للمطارات)." in error
    assert "arrives before it departs" not in html


def test_the_booking_page_names_the_cases_blockers_in_arabic(world, staff, client, make_leg):
    from passage.readiness import labels
    from passage.readiness.engine import recompute
    from passage.readiness.models import ReadinessState

    make_leg("NBO", "AMM")
    recompute([world.case_a.pk])
    blockers = ReadinessState.objects.get(case=world.case_a).blockers
    assert blockers and {b["problem"] for b in blockers} >= {"missing"}
    client.force_login(staff.mo_a)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "ar"
    html = client.get(f"/movements/cases/{world.case_a.number}/book/").content.decode()
    section = html.split('id="window-title"', 1)[1].split("</section>", 1)[0]
    with translation.override("ar"):
        for b in blockers:
            assert f"<li>{labels.kind_name(b['kind'])}" in section
    assert "<li>الموافقة على الملف: غير موجود</li>" in section
    assert "missing" not in section
