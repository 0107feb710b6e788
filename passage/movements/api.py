"""Movements API: legs, charters and seat blocks, bookings and their transitions, movement
events, escorts, manifests (JSON, CSV, XLSX, PDF, PAXLST), the board and partners' arrivals."""

from __future__ import annotations

import datetime as dt

from django.http import Http404, HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Query, Router, Status

from passage.core.errors import DomainError, PermissionDeniedError
from passage.core.models import Office
from passage.core.pagination import keyset_page
from passage.core.schemas import DbInt, PageOut, QueryDate
from passage.movements import manifests, seats, selectors, services, tracking, webhooks
from passage.movements.models import Booking, Charter, Leg
from passage.movements.schemas import (
    ArrivalOut,
    BoardOut,
    BookingDetailOut,
    BookingIn,
    BookingOut,
    CharterIn,
    CharterOut,
    CharterTransitionIn,
    ConfirmIn,
    EscortIn,
    EscortOut,
    EventIn,
    EventOut,
    LegIn,
    LegOut,
    LegTransitionIn,
    ManifestOut,
    NotificationOut,
    ReasonIn,
    RebookIn,
    SeatBlockIn,
    SeatBlockOut,
    SeatIn,
    SeatLayoutIn,
    SeatMapOut,
    SubscriptionsIn,
    SubscriptionsOut,
    TicketIn,
    WebhookDeliveryOut,
    WebhookIn,
    WebhookOut,
    WebhookPatchIn,
    WebhookSecretOut,
)
from passage.registry.models import Case
from passage.registry.selectors import case_for_update

router = Router(tags=["movements"])
TAGS = ["movements"]


def _leg(request: HttpRequest, leg_id: int) -> Leg:
    try:
        return selectors.legs_for(user=request.user).get(pk=leg_id)
    except Leg.DoesNotExist as exc:
        raise Http404 from exc


def _booking(request: HttpRequest, booking_id: int) -> Booking:
    try:
        return selectors.bookings_for(user=request.user).get(pk=booking_id)
    except Booking.DoesNotExist as exc:
        raise Http404 from exc


def _booking_detail(request: HttpRequest, booking_id: int) -> Booking:
    try:
        return selectors.booking_detail(user=request.user, booking_id=booking_id)
    except Booking.DoesNotExist as exc:
        raise Http404 from exc


def _charter(request: HttpRequest, charter_id: int) -> Charter:
    try:
        return selectors.charters_for(user=request.user).get(pk=charter_id)
    except Charter.DoesNotExist as exc:
        raise Http404 from exc


def _office(office_id: int | None, field: str = "office_id") -> Office | None:
    if office_id is None:
        return None
    office = Office.objects.filter(pk=office_id).first()
    if office is None:
        raise DomainError(_("No such office."), field=field)
    return office


# --- Legs -----------------------------------------------------------------------------------------

@router.get("/movements/legs", response=PageOut[LegOut], tags=TAGS, operation_id="listLegs",
            summary="Legs on the caller's routes",
            description="Flights, buses and boats departing from or arriving in the countries of the caller's "
                        "offices (headquarters: all; partners: arrivals in their country), newest first.")
def list_legs(request: HttpRequest, day_from: QueryDate | None = None, day_to: QueryDate | None = None,
              status: Leg.Status | None = None, charter_id: int | None = None,
              q: str | None = Query(None, max_length=20, description="Flight number or airport code."),
              cursor: str | None = None, limit: int = Query(50, ge=1, le=200)):
    qs = selectors.legs_for(user=request.user, day_from=day_from, day_to=day_to, status=status,
                            charter_id=charter_id, q=q)
    return keyset_page(qs, cursor=cursor, limit=limit)


@router.post("/movements/legs", response={201: LegOut}, tags=TAGS, operation_id="createLeg",
             summary="Create a leg",
             description="Times are the wall-clock times of each airport; they are stored in UTC. A charter's leg "
                         "takes the charter's seats. A leg that arrives before it departs is refused.")
def create_leg(request: HttpRequest, payload: LegIn):
    charter = _charter(request, payload.charter_id) if payload.charter_id else None
    data = services.LegInput(**payload.model_dump(exclude={"office_id", "charter_id"}))
    leg = services.create_leg(actor=request.user, office=_office(payload.office_id), data=data, charter=charter)
    return Status(201, _leg(request, leg.pk))


@router.get("/movements/legs/{leg_id}", response=LegOut, tags=TAGS, operation_id="getLeg",
            summary="One leg", description="The leg with its local and UTC times, seats and seats taken.")
def get_leg(request: HttpRequest, leg_id: int):
    return _leg(request, leg_id)


@router.post("/movements/legs/{leg_id}/transitions", response=LegOut, tags=TAGS, operation_id="transitionLeg",
             summary="Delay, depart, arrive or cancel a leg",
             description="Delays and cancellations need a reason; a leg whose passengers hold seats cannot be "
                         "cancelled until they are rebooked.")
def transition_leg(request: HttpRequest, leg_id: int, payload: LegTransitionIn):
    services.transition_leg(actor=request.user, leg=_leg(request, leg_id), to_status=payload.to_status,
                            reason=payload.reason)
    return _leg(request, leg_id)


@router.post("/movements/legs/{leg_id}/seat-blocks", response={201: SeatBlockOut}, tags=TAGS,
             operation_id="addSeatBlock", summary="Hold a group seat block on a flight",
             description="The flight's capacity for the agency is the total of its held blocks.")
def add_seat_block(request: HttpRequest, leg_id: int, payload: SeatBlockIn):
    block = services.add_seat_block(actor=request.user, leg=_leg(request, leg_id), seats_held=payload.seats_held,
                                    deadline=payload.deadline, reference=payload.reference)
    return Status(201, block)


@router.post("/movements/legs/{leg_id}/escorts", response={201: EscortOut}, tags=TAGS, operation_id="assignEscort",
             summary="Assign an escort to a leg",
             description="An operational or medical escort, with the passengers (passenger-leg ids) they accompany.")
def assign_escort(request: HttpRequest, leg_id: int, payload: EscortIn):
    escort = services.assign_escort(actor=request.user, leg=_leg(request, leg_id),
                                    office=_office(payload.office_id), kind=payload.kind, name=payload.name,
                                    passenger_leg_ids=payload.passenger_leg_ids)
    return Status(201, escort)


def _manifest_leg(request: HttpRequest, leg_id: int) -> Leg:
    leg = _leg(request, leg_id)
    if request.user.is_partner:
        raise PermissionDeniedError(_("Partners see their arrivals, not flight manifests."))
    return leg


@router.get("/movements/legs/{leg_id}/manifest", response=ManifestOut, tags=TAGS, operation_id="getManifest",
            summary="The passenger manifest of a leg",
            description="Passengers as named in their travel documents, with sex, date of birth, nationality, "
                        "document, case, seat, assistance codes and escorts, and totals by sex and age group. "
                        "Every read is audited.")
def get_manifest(request: HttpRequest, leg_id: int):
    manifest, _content = manifests.read(user=request.user, leg=_manifest_leg(request, leg_id))
    return {"leg": manifest.leg, "rows": manifest.rows, "totals": manifest.totals,
            "generated_at": manifest.generated_at}


def _seat_map_out(leg: Leg, manifest) -> dict:
    def out(row):
        return {"seat": row.seat, "passenger_leg_id": row.passenger_leg_id, "person_id": row.person_id,
                "case_number": row.case_number}

    grid = seats.seat_map(leg, [(r.seat, r) for r in manifest.rows])
    taken = [out(r) for r in manifest.rows if r.seat]
    outside = [out(r) for r in grid.outside] if grid else []
    return {"leg_id": leg.pk, "rows": leg.seat_rows, "letters": leg.seat_letters,
            "free": grid.free if grid else max(0, leg.seats - len(manifest.rows)),
            "taken": [t for t in taken if t not in outside], "outside_layout": outside}


@router.get("/movements/legs/{leg_id}/seat-map", response=SeatMapOut, tags=TAGS, operation_id="getSeatMap",
            summary="The seat map of a leg",
            description="The seat layout (rows, letters with aisles) and which passenger holds each assigned seat. "
                        "Readers of the manifest only; audited like a manifest read.")
def get_seat_map(request: HttpRequest, leg_id: int):
    leg = _manifest_leg(request, leg_id)
    manifest, _content = manifests.read(user=request.user, leg=leg)
    return _seat_map_out(leg, manifest)


@router.put("/movements/legs/{leg_id}/seat-layout", response=SeatMapOut, tags=TAGS, operation_id="setSeatLayout",
            summary="Set the seat layout of a leg",
            description="Rows and seat letters of the cabin. Later seat assignments outside it are refused (field "
                        "`seat`); a layout that would leave an assigned seat outside is refused (fields `seat_rows`, "
                        "`seat_letters`). Audited.")
def set_seat_layout(request: HttpRequest, leg_id: int, payload: SeatLayoutIn):
    leg = seats.set_layout(actor=request.user, leg=_manifest_leg(request, leg_id), rows=payload.rows,
                           letters=payload.letters)
    return _seat_map_out(leg, manifests.build(leg))


@router.get("/movements/legs/{leg_id}/manifest/export", tags=TAGS, operation_id="exportManifest",
            summary="The manifest as CSV, XLSX, PDF or PAXLST",
            description="`format`: csv, xlsx, pdf (printable), or paxlst (UN/EDIFACT PAXLST D.05B advance "
                        "passenger information). Every export is audited.",
            openapi_extra={"responses": {"200": {"description": "The file.", "content": {
                media_type.split(";")[0]: {"schema": {"type": "string", "format": "binary"}}
                for media_type, _ in manifests.FORMATS.values()}}}})
def export_manifest(request: HttpRequest, leg_id: int,
                    format: str = Query("csv", pattern="^(csv|xlsx|pdf|paxlst)$")):  # noqa: A002
    leg = _manifest_leg(request, leg_id)
    _manifest, content = manifests.read(user=request.user, leg=leg, fmt=format)
    response = HttpResponse(content, content_type=manifests.FORMATS[format][0])
    response["Content-Disposition"] = f'attachment; filename="{manifests.filename(leg, format)}"'
    return response


# --- Charters -------------------------------------------------------------------------------------

@router.get("/movements/charters", response=PageOut[CharterOut], tags=TAGS, operation_id="listCharters",
            summary="Charters", description="Charters managed in the caller's offices or flying their routes.")
def list_charters(request: HttpRequest, cursor: str | None = None, limit: int = Query(50, ge=1, le=200)):
    return keyset_page(selectors.charters_for(user=request.user), cursor=cursor, limit=limit)


@router.post("/movements/charters", response={201: CharterOut}, tags=TAGS, operation_id="createCharter",
             summary="Create a charter", description="Charter managers: operator, aircraft, seats, cost, contract.")
def create_charter(request: HttpRequest, payload: CharterIn):
    data = services.CharterInput(**payload.model_dump(exclude={"office_id"}))
    return Status(201, services.create_charter(actor=request.user, office=_office(payload.office_id), data=data))


@router.get("/movements/charters/{charter_id}", response=CharterOut, tags=TAGS, operation_id="getCharter",
            summary="One charter", description="A charter with its status and first departure date.")
def get_charter(request: HttpRequest, charter_id: int):
    return _charter(request, charter_id)


@router.post("/movements/charters/{charter_id}/transitions", response=CharterOut, tags=TAGS,
             operation_id="transitionCharter", summary="Contract, operate or cancel a charter",
             description="Cancelling a charter cancels its legs, refused while passengers hold seats on them.")
def transition_charter(request: HttpRequest, charter_id: int, payload: CharterTransitionIn):
    return services.transition_charter(actor=request.user, charter=_charter(request, charter_id),
                                       to_status=payload.to_status, reason=payload.reason)


# --- Bookings -------------------------------------------------------------------------------------

@router.get("/movements/bookings", response=PageOut[BookingOut], tags=TAGS, operation_id="listBookings",
            summary="Bookings of the caller's cases",
            description="Bookings of cases of the caller's offices (partners: bound for their country).")
def list_bookings(request: HttpRequest, status: Booking.Status | None = None, leg_id: int | None = None,
                  cursor: str | None = None, limit: int = Query(50, ge=1, le=200)):
    qs = selectors.bookings_for(user=request.user, status=status, leg_id=leg_id)
    return keyset_page(qs, cursor=cursor, limit=limit)


@router.post("/movements/bookings", response={201: BookingDetailOut}, tags=TAGS, operation_id="bookCase",
             summary="Book a case on an itinerary",
             description="Holds a seat for every traveller on every leg (in travel order). Connections must meet "
                         "the minimum connection time; seats are checked with the legs locked. A part of the case "
                         "travels only with `split_reason`.")
def book_case(request: HttpRequest, payload: BookingIn):
    try:
        case = case_for_update(user=request.user, number=payload.case_number)
    except Case.DoesNotExist as exc:
        raise DomainError(_("No such case in your scope."), field="case_number") from exc
    for i, leg_id in enumerate(payload.leg_ids):
        if not selectors.legs_for(user=request.user).filter(pk=leg_id).exists():
            raise DomainError(_("No such leg on your routes."), field=f"leg_ids.{i}")
    data = services.BookingInput(**payload.model_dump(exclude={"case_number"}))
    booking = services.book_case(actor=request.user, case=case, data=data)
    return Status(201, _booking_detail(request, booking.pk))


@router.get("/movements/bookings/{booking_id}", response=BookingDetailOut, tags=TAGS, operation_id="getBooking",
            summary="One booking with tickets and history",
            description="The booking, each traveller's ticket, seat and status on each leg, and its transitions.")
def get_booking(request: HttpRequest, booking_id: int):
    return _booking_detail(request, booking_id)


@router.post("/movements/bookings/{booking_id}/confirm", response=BookingDetailOut, tags=TAGS,
             operation_id="confirmBooking", summary="Confirm a held booking",
             description="Refused (field `readiness`) unless the case's ready window covers the travel dates and "
                         "transits; an office administrator may confirm anyway with `override_reason` (audited).")
def confirm_booking(request: HttpRequest, booking_id: int, payload: ConfirmIn):
    services.confirm_booking(actor=request.user, booking=_booking(request, booking_id),
                             override_reason=payload.override_reason)
    return _booking_detail(request, booking_id)


@router.post("/movements/bookings/{booking_id}/tickets", response=BookingDetailOut, tags=TAGS,
             operation_id="ticketBooking", summary="Record ticket numbers",
             description="A 13-digit ticket number for every traveller on every flight; a number used twice is "
                         "refused with the field named.")
def ticket_booking(request: HttpRequest, booking_id: int, payload: TicketIn):
    tickets = {(t.person_id, t.leg_id): t.ticket_number for t in payload.tickets}
    services.ticket_booking(actor=request.user, booking=_booking(request, booking_id), tickets=tickets,
                            record_locator=payload.record_locator)
    return _booking_detail(request, booking_id)


@router.post("/movements/bookings/{booking_id}/seats", response=BookingDetailOut, tags=TAGS,
             operation_id="assignSeat", summary="Assign a traveller's seat on a leg",
             description="A seat already taken on that leg is refused (409, field `seat`); so is a seat outside the "
                         "leg's seat layout when it has one (422, field `seat`).")
def assign_seat(request: HttpRequest, booking_id: int, payload: SeatIn):
    booking = _booking(request, booking_id)
    row = booking.passenger_legs.filter(person_id=payload.person_id, leg_id=payload.leg_id).first()
    if row is None:
        raise DomainError(_("This person does not travel on this leg of the booking."), field="leg_id")
    services.assign_seat(actor=request.user, passenger_leg=row, seat=payload.seat)
    return _booking_detail(request, booking_id)


@router.post("/movements/bookings/{booking_id}/cancel", response=BookingDetailOut, tags=TAGS,
             operation_id="cancelBooking", summary="Cancel a booking",
             description="Frees its seats; the booking stays in the history with the reason.")
def cancel_booking(request: HttpRequest, booking_id: int, payload: ReasonIn):
    services.cancel_booking(actor=request.user, booking=_booking(request, booking_id), reason=payload.reason)
    return _booking_detail(request, booking_id)


@router.post("/movements/bookings/{booking_id}/rebook", response={201: BookingDetailOut}, tags=TAGS,
             operation_id="rebookBooking", summary="Rebook or split a booking",
             description="A new booking replaces this one (other legs, or fewer travellers with `split_reason`); "
                         "the old one keeps its legs, tickets and events, marked rebooked.")
def rebook_booking(request: HttpRequest, booking_id: int, payload: RebookIn):
    old = _booking(request, booking_id)
    for i, leg_id in enumerate(payload.leg_ids):
        if not selectors.legs_for(user=request.user).filter(pk=leg_id).exists():
            raise DomainError(_("No such leg on your routes."), field=f"leg_ids.{i}")
    data = services.BookingInput(**payload.model_dump(exclude={"reason"}))
    new = services.rebook_booking(actor=request.user, booking=old, data=data, reason=payload.reason)
    return Status(201, _booking_detail(request, new.pk))


@router.post("/movements/bookings/{booking_id}/events", response={201: list[EventOut]}, tags=TAGS,
             operation_id="recordMovementEvents", summary="Record a movement event",
             description="Checked in, boarded, departed, arrived in transit, departed transit, arrived, handed over "
                         "(to whom), no-show or offloaded (reason), medical incident, luggage issue; for some or all "
                         "travellers on one leg. Events out of order are refused with the field named.")
def record_events(request: HttpRequest, booking_id: int, payload: EventIn):
    booking = _booking(request, booking_id)
    leg = Leg.objects.filter(pk=payload.leg_id, passenger_legs__booking=booking).distinct().first()
    if leg is None:
        raise DomainError(_("Nobody on this booking travels on this leg."), field="leg_id")
    events = tracking.record_events(
        actor=request.user, booking=booking, leg=leg, kind=payload.kind, person_ids=payload.person_ids,
        at=payload.at, place=payload.place, office=_office(payload.office_id), handed_over_to=payload.handed_over_to,
        reason=payload.reason, detail=payload.detail)
    return Status(201, events)


# --- Board and arrivals ---------------------------------------------------------------------------

@router.get("/movements/board", response=BoardOut, tags=TAGS, operation_id="getMovementBoard",
            summary="Today's departures, people in transit and arrivals",
            description="Each leg with its travellers counted by status; the page version is pushed live by "
                        "Server-Sent Events at /movements/board/stream.")
def get_board(request: HttpRequest, day: QueryDate | None = None):
    day = day or timezone.now().date()
    return {"day": day, **selectors.board_for(user=request.user, day=day)}


@router.get("/movements/arrivals", response=list[ArrivalOut], tags=TAGS, operation_id="listArrivals",
            summary="Expected arrivals (partners)",
            description="Travellers on the last leg of bookings bound for the caller's country, arriving between "
                        "`day_from` and `day_to` (default: today and the next 7 days), with their live status.")
def list_arrivals(request: HttpRequest, day_from: QueryDate | None = None, day_to: QueryDate | None = None):
    day_from = day_from or timezone.now().date()
    day_to = day_to or day_from + dt.timedelta(days=7)
    return list(selectors.arrivals_for_partner(user=request.user, day_from=day_from, day_to=day_to)[:1000])


# --- Notifications and webhooks -------------------------------------------------------------------

@router.get("/movements/notifications", response=PageOut[NotificationOut], tags=TAGS,
            operation_id="listMovementNotifications", summary="The caller's movement notifications",
            description="Messages about departures, no-shows, arrivals and incidents the caller subscribed to, "
                        "newest first.")
def list_notifications(request: HttpRequest, cursor: str | None = None, limit: int = Query(50, ge=1, le=200)):
    return keyset_page(selectors.notifications_for(user=request.user), cursor=cursor, limit=limit)


@router.get("/movements/subscriptions", response=SubscriptionsOut, tags=TAGS,
            operation_id="getMovementSubscriptions", summary="What the caller is notified of",
            description="The kinds of movement event the caller receives in the app and by e-mail.")
def get_subscriptions(request: HttpRequest):
    return {"kinds": sorted(request.user.movement_subscriptions.values_list("kind", flat=True))}


@router.put("/movements/subscriptions", response=SubscriptionsOut, tags=TAGS,
            operation_id="setMovementSubscriptions", summary="Choose what the caller is notified of",
            description="Replaces the caller's subscriptions: departed, no_show, arrived, incident. Only events "
                        "on bookings the caller can read are notified.")
def set_subscriptions(request: HttpRequest, payload: SubscriptionsIn):
    return {"kinds": services.set_subscriptions(actor=request.user, kinds=payload.kinds)}


WEBHOOK_WHO = ("System administrators manage every webhook, office administrators their offices' webhooks, and a "
               "receiving partner's users their organisation's webhooks for their country.")


def _webhook(request: HttpRequest, webhook_id: int):
    from passage.movements.models import Webhook

    try:
        return selectors.webhooks_for(user=request.user).get(pk=webhook_id)
    except Webhook.DoesNotExist as exc:
        raise Http404 from exc


def _with_secret(hook, secret: str) -> dict:
    return {**WebhookOut.from_orm(hook).dict(), "secret": secret}


@router.get("/movements/webhooks", response=list[WebhookOut], tags=TAGS, operation_id="listWebhooks",
            summary="Partner webhooks the caller manages",
            description="The partner systems told of movement events on bookings bound for their country. "
                        + WEBHOOK_WHO)
def list_webhooks(request: HttpRequest):
    return list(selectors.webhooks_for(user=request.user).order_by("partner_country", "id"))


@router.post("/movements/webhooks", response={201: WebhookSecretOut}, tags=TAGS, operation_id="createWebhook",
             summary="Register a partner webhook",
             description="Each matching event is POSTed as JSON with `X-Passage-Signature: sha256=<HMAC of the body "
                         "with the shared secret>`; failures are retried with exponential back-off (six attempts). "
                         "The response carries the shared secret once. " + WEBHOOK_WHO)
def create_webhook(request: HttpRequest, payload: WebhookIn):
    office = None
    if payload.office_id is not None:
        office = Office.objects.filter(pk=payload.office_id).first()
        if office is None:
            raise DomainError(_("No such office."), field="office_id")
    hook, secret = webhooks.create_webhook(actor=request.user, partner_country=payload.partner_country,
                                           url=payload.url, secret=payload.secret or "", kinds=payload.kinds,
                                           office=office)
    return Status(201, _with_secret(hook, secret))


@router.get("/movements/webhooks/{webhook_id}", response=WebhookOut, tags=TAGS, operation_id="getWebhook",
            summary="One partner webhook",
            description="The webhook without its secret. 404 for a webhook the caller does not manage.")
def get_webhook(request: HttpRequest, webhook_id: int):
    return _webhook(request, webhook_id)


@router.patch("/movements/webhooks/{webhook_id}", response=WebhookOut, tags=TAGS, operation_id="updateWebhook",
              summary="Edit, disable or enable a partner webhook",
              description="Change the URL or the event kinds, or set `is_active` (a disabled webhook gets no new "
                          "deliveries). Audited. The receiving country cannot change: register another webhook.")
def update_webhook(request: HttpRequest, webhook_id: int, payload: WebhookPatchIn):
    hook = _webhook(request, webhook_id)
    return webhooks.update_webhook(actor=request.user, hook=hook, url=payload.url, kinds=payload.kinds,
                                   is_active=payload.is_active)


@router.post("/movements/webhooks/{webhook_id}/rotate-secret", response=WebhookSecretOut, tags=TAGS,
             operation_id="rotateWebhookSecret", summary="Give a partner webhook a new shared secret",
             description="Generates a new secret, returned once in this response; every later delivery (retries "
                         "included) is signed with it. Audited, without the secret.")
def rotate_webhook_secret(request: HttpRequest, webhook_id: int):
    hook, secret = webhooks.rotate_secret(actor=request.user, hook=_webhook(request, webhook_id))
    return _with_secret(hook, secret)


@router.get("/movements/webhook-deliveries", response=PageOut[WebhookDeliveryOut], tags=TAGS,
            operation_id="listWebhookDeliveries", summary="Webhook deliveries with their attempts",
            description="Every delivery of the webhooks the caller manages, with its status, attempts, next "
                        "retry and the log of each attempt (time, response code, error); newest first.")
def list_webhook_deliveries(request: HttpRequest, webhook_id: DbInt | None = None, status: str | None = None,
                            cursor: str | None = None, limit: int = Query(50, ge=1, le=200)):
    qs = selectors.webhook_deliveries_for(user=request.user)
    if webhook_id:
        qs = qs.filter(webhook_id=webhook_id)
    if status:
        qs = qs.filter(status=status)
    return keyset_page(qs, cursor=cursor, limit=limit)


@router.post("/movements/webhook-deliveries/{delivery_id}/retry", response=WebhookDeliveryOut, tags=TAGS,
             operation_id="retryWebhookDelivery", summary="Send a failed webhook delivery again",
             description="Puts a failed delivery back in the queue for one more attempt now (on the task worker). "
                         "Only failed deliveries (422 on `status` otherwise). Audited.")
def retry_webhook_delivery(request: HttpRequest, delivery_id: int):
    from passage.movements.models import WebhookDelivery

    try:
        delivery = selectors.webhook_deliveries_for(user=request.user).get(pk=delivery_id)
    except WebhookDelivery.DoesNotExist as exc:
        raise Http404 from exc
    webhooks.retry_delivery(actor=request.user, delivery=delivery)
    delivery.refresh_from_db()
    return delivery
