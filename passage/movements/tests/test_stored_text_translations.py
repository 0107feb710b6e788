"""Texts the system writes into records (notifications, the reasons on booking and case events) reach
each reader in their language, whatever language was active when they were written; what goes to
machines (the webhook payload, the e-mail, the audit, the API's `message` and `reason`) stays English."""

from __future__ import annotations

import json

from django.conf import settings
from django.utils import translation

from passage.core import stored_text
from passage.core.models import AuditEvent
from passage.movements import services, tracking
from passage.movements.models import BookingEvent, Notification, Webhook, WebhookDelivery


def _depart(staff, booking, leg, capture) -> None:
    with capture(execute=True):
        tracking.record_events(actor=staff.mo_a, booking=booking, leg=leg, kind="checked_in")
        tracking.record_events(actor=staff.mo_a, booking=booking, leg=leg, kind="departed")


def _page(client, user, url: str, language: str) -> str:
    client.force_login(user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def test_a_notification_written_in_english_is_read_in_arabic_and_in_french(
        world, staff, soon, ticketed, client, django_capture_on_commit_callbacks):
    services.set_subscriptions(actor=staff.mo_a, kinds=["departed"])
    booking = ticketed(world.case_a, [soon])
    with translation.override("en"):
        _depart(staff, booking, soon, django_capture_on_commit_callbacks)
    note = Notification.objects.get()
    at = f"{booking.movement_events.get(kind='departed', person=booking.passengers.first().person).at:%Y-%m-%d %H:%M}"
    route = f"{soon.designator} {soon.departure_airport}-{soon.arrival_airport}"
    assert note.message == f"{world.case_a.number}: departed, {route}, 3 travellers, {at} UTC"

    arabic = _page(client, staff.mo_a, "/movements/notifications/", "ar")
    assert f"{world.case_a.number}: غادر، {route}، عدد المسافرين: 3، {at} بالتوقيت العالمي" in arabic
    assert note.message not in arabic
    french = _page(client, staff.mo_a, "/movements/notifications/", "fr")
    assert f"{world.case_a.number} : Départ effectué, {route}, voyageurs : 3, {at} UTC" in french


def test_the_api_gives_the_notification_in_english_and_in_the_requests_language(
        world, staff, soon, ticketed, api_client, django_capture_on_commit_callbacks):
    services.set_subscriptions(actor=staff.mo_a, kinds=["departed"])
    booking = ticketed(world.case_a, [soon])
    _depart(staff, booking, soon, django_capture_on_commit_callbacks)
    item = api_client(staff.mo_a).get("/api/v1/movements/notifications",
                                      headers={"accept-language": "es"}).json()["items"][0]
    assert item["message"] == Notification.objects.get().message and "3 travellers" in item["message"]
    assert item["text"].startswith(f"{world.case_a.number}: Salida efectuada, ") and "viajeros: 3" in item["text"]


def test_a_cancelled_bookings_reason_is_shown_in_the_readers_language(world, staff, make_leg, client, api_client):
    world.case_a.status = "approved"
    world.case_a.save(update_fields=["status"])
    leg = make_leg("NBO", "DOH", seats=3)
    booking = services.book_case(actor=staff.mo_a, case=world.case_a, data=services.BookingInput(leg_ids=[leg.pk]))
    services.confirm_booking(actor=staff.admin_a, booking=booking, override_reason="Emergency protection case")
    with translation.override("en"):
        services.cancel_booking(actor=staff.mo_a, booking=booking, reason="Visa withdrawn")

    # The booking page: the statuses in Arabic, the arrow pointing the way Arabic reads, the officer's own
    # words as written.
    page = _page(client, staff.mo_a, f"/movements/bookings/{booking.pk}/", "ar")
    assert "UTC · مؤكد ← ملغى · Visa withdrawn · mo_a</li>" in page
    assert "confirmed → cancelled" not in page
    # The case page: the reason the system wrote when it gave the case back, in French, then Arabic.
    event = world.case_a.events.order_by("-at", "-id").first()
    assert event.reason == "Booking cancelled: Visa withdrawn"
    case_url = f"/cases/{world.case_a.number}/"
    assert "Réservation annulée : Visa withdrawn" in _page(client, staff.mo_a, case_url, "fr")
    assert "تم إلغاء الحجز: Visa withdrawn" in _page(client, staff.mo_a, case_url, "ar")
    response = api_client(staff.mo_a).get(f"/api/v1/cases/{world.case_a.number}", headers={"accept-language": "es"})
    given_back = [e for e in response.json()["events"] if e["reason"].startswith("Booking cancelled")]
    assert [(e["reason"], e["reason_text"]) for e in given_back] == [
        ("Booking cancelled: Visa withdrawn", "Reserva cancelada: Visa withdrawn")]
    # The audit keeps the English.
    audit = AuditEvent.objects.filter(action="case.transition").order_by("-id").first()
    assert audit.after["reason"] == "Booking cancelled: Visa withdrawn"


def test_a_status_the_movement_events_set_is_explained_in_the_readers_language(
        world, staff, soon, ticketed, client, api_client, django_capture_on_commit_callbacks):
    booking = ticketed(world.case_a, [soon])
    with translation.override("ar"):  # whoever records, the kept reason is English
        _depart(staff, booking, soon, django_capture_on_commit_callbacks)
    derived = BookingEvent.objects.filter(booking=booking, to_status="departed").get()
    assert derived.reason == "From the movement events."
    assert "D'après les événements de mouvement." in _page(client, staff.mo_a, f"/movements/bookings/{booking.pk}/",
                                                           "fr").replace("&#x27;", "'")
    events = api_client(staff.mo_a).get(f"/api/v1/movements/bookings/{booking.pk}",
                                        headers={"accept-language": "es"}).json()["events"]
    departed = next(e for e in events if e["to_status"] == "departed")
    assert departed["reason"] == "From the movement events."
    assert departed["reason_text"] == "Según los eventos del movimiento."
    assert AuditEvent.objects.filter(action="booking.transition", after__status="departed").get().after["reason"] \
        == "From the movement events."


def test_the_webhook_payload_and_the_email_stay_english(world, staff, soon, ticketed, settings, partner_system,
                                                         django_capture_on_commit_callbacks):
    from django.core import mail

    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    receiver = partner_system([200])
    Webhook.objects.create(partner_country="USA", url=receiver.url, secret="s3cret-shared-with-partner",
                           kinds=["departed"])
    staff.mo_a.email = "mo_a@example.org"
    staff.mo_a.save()
    services.set_subscriptions(actor=staff.mo_a, kinds=["departed"])
    booking = ticketed(world.case_a, [soon])
    with translation.override("ar"):
        _depart(staff, booking, soon, django_capture_on_commit_callbacks)
    sent = json.loads(receiver.requests[-1][1])
    assert WebhookDelivery.objects.get().status == "delivered"
    assert sent["event"] == "departed" and sent["travellers"] == 3 and sent["flight"] == soon.designator
    assert set(sent) == {"delivery_id", "event", "at", "booking_id", "case_number", "destination_country", "flight",
                         "departure_airport", "arrival_airport", "scheduled_arrival", "travellers"}
    note = Notification.objects.get()
    assert mail.outbox[0].body == note.message and "departed" in note.message and "3 travellers" in note.message


def test_rows_written_before_sources_were_kept_show_their_stored_text(world, staff, soon, ticketed, client):
    booking = ticketed(world.case_a, [soon])
    Notification.objects.create(user=staff.mo_a, kind="departed", booking=booking, leg=soon,
                                message="KEN-2025-000001: departed, KQ100 NBO-DOH, 2 travellers, 2025-01-01 10:00 UTC")
    BookingEvent.objects.create(booking=booking, at=booking.events.last().at, to_status="departed",
                                reason="From the movement events.")
    assert "2 travellers" in _page(client, staff.mo_a, "/movements/notifications/", "ar")
    assert "From the movement events." in _page(client, staff.mo_a, f"/movements/bookings/{booking.pk}/", "ar")
    # A source whose parameters no longer fit its msgid falls back to the stored text too.
    assert stored_text.render({"msgid": "Booking cancelled: %(reason)s", "params": {}}, "as stored") == "as stored"


def test_the_migrations_give_the_fixed_reasons_already_written_their_sources(world, staff, make_leg, client):
    import importlib

    from django.apps import apps

    world.case_a.status = "approved"
    world.case_a.save(update_fields=["status"])
    leg = make_leg("NBO", "DOH", seats=3)
    booking = services.book_case(actor=staff.mo_a, case=world.case_a, data=services.BookingInput(leg_ids=[leg.pk]))
    services.confirm_booking(actor=staff.admin_a, booking=booking, override_reason="Emergency protection case")
    services.cancel_booking(actor=staff.mo_a, booking=booking, reason="Visa 100% withdrawn")
    derived = BookingEvent.objects.create(booking=booking, at=booking.events.last().at, to_status="departed",
                                          reason="From the movement events.")
    typed = booking.events.get(to_status="cancelled")
    world.case_a.events.update(reason_source={})  # as the rows written before the migration
    BookingEvent.objects.update(reason_source={})

    importlib.import_module("passage.movements.migrations.0005_stored_text_sources").derived_sources(apps, None)
    importlib.import_module("passage.registry.migrations.0009_stored_text_sources").cancelled_sources(apps, None)
    derived.refresh_from_db()
    typed.refresh_from_db()
    assert derived.reason_source == {"msgid": "From the movement events.", "params": {}} and typed.reason_source == {}
    given_back = world.case_a.events.get(reason__startswith="Booking cancelled: ")
    assert given_back.reason_source["params"] == {"reason": "Visa 100% withdrawn"}
    assert world.case_a.events.exclude(pk=given_back.pk).filter(reason_source={}).count() == \
        world.case_a.events.count() - 1
    assert "Réservation annulée : Visa 100% withdrawn" in _page(client, staff.mo_a, f"/cases/{world.case_a.number}/",
                                                                "fr")
