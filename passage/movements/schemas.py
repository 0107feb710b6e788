"""Shapes of movement data crossing the API boundary. Field rules (codes, sizes) here; rules
across records (capacity, connections, transitions, readiness) in services and tracking."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Annotated

from django.utils.translation import gettext as _
from ninja import Schema
from pydantic import Field, field_validator

from passage.core import reference
from passage.core.schemas import In, column_length
from passage.movements.models import Booking, Charter, Escort, Leg, Mode, MovementEvent, PassengerLeg, Subscription

# A movement event kind, as a webhook names it (checked against the known kinds when saved).
EventKind = Annotated[str, Field(max_length=column_length(MovementEvent, "kind"))]


def _airport(value: str) -> str:
    code = value.strip().upper()
    if not reference.is_airport(code):
        raise ValueError(_("'%(code)s' is not an IATA location code (e.g. NBO, AMM, JFK)") % {"code": value})
    return code


class LegIn(In):
    office_id: int = Field(..., description="The office that manages the leg.")
    mode: Mode = Mode.AIR
    carrier: str = Field("", max_length=2, description="IATA airline code; required for flights.")
    number: str = Field(..., min_length=1, max_length=10)
    vehicle: str = Field("", max_length=60)
    charter_id: int | None = None
    departure_airport: str
    arrival_airport: str
    departure_place: str = Field("", max_length=120)
    arrival_place: str = Field("", max_length=120)
    departure_local: dt.datetime = Field(..., description="Wall-clock time at the departure airport, no offset.")
    arrival_local: dt.datetime = Field(..., description="Wall-clock time at the arrival airport, no offset.")
    seats: int = Field(0, ge=0, le=1000, description="Seats the agency may fill (charter legs take the charter's).")

    @field_validator("departure_airport", "arrival_airport")
    @classmethod
    def _airports(cls, value: str) -> str:
        return _airport(value)

    @field_validator("departure_local", "arrival_local")
    @classmethod
    def _naive(cls, value: dt.datetime) -> dt.datetime:
        if value.tzinfo is not None:
            raise ValueError(_("give the airport's local time without an offset"))
        return value


class LegOut(Schema):
    id: int
    designator: str
    mode: str
    carrier: str | None = Field(None, alias="carrier.iata_code")
    number: str
    vehicle: str
    charter_id: int | None
    office_id: int
    departure_airport: str
    arrival_airport: str
    departure_country: str
    arrival_country: str
    scheduled_departure: dt.datetime = Field(..., description="UTC.")
    scheduled_arrival: dt.datetime = Field(..., description="UTC.")
    departure_local: str = Field(..., description="Local time at the departure airport (ISO 8601 with offset).")
    arrival_local: str = Field(..., description="Local time at the arrival airport (ISO 8601 with offset).")
    actual_departure: dt.datetime | None
    actual_arrival: dt.datetime | None
    seats: int
    seats_taken: int = 0
    seat_rows: int = Field(0, description="Rows of the seat layout (0: no layout known).")
    seat_letters: str = Field("", description="Seat letters of a row, a space for each aisle (e.g. ABC DEF).")
    status: Leg.Status

    @staticmethod
    def resolve_departure_local(obj: Leg) -> str:
        from passage.movements.airports import local

        return local(obj.departure_airport, obj.scheduled_departure).isoformat()

    @staticmethod
    def resolve_arrival_local(obj: Leg) -> str:
        from passage.movements.airports import local

        return local(obj.arrival_airport, obj.scheduled_arrival).isoformat()

    @staticmethod
    def resolve_seats_taken(obj: Leg) -> int:
        return getattr(obj, "seats_taken", 0) or 0


class LegTransitionIn(In):
    to_status: Leg.Status
    reason: str = Field("", max_length=300)


class SeatBlockIn(In):
    seats_held: int = Field(..., ge=1, le=1000)
    deadline: dt.datetime = Field(..., description="With its offset (or Z for UTC).")
    reference: str = Field("", max_length=40)


class SeatBlockOut(Schema):
    id: int
    leg_id: int
    seats_held: int
    deadline: dt.datetime
    reference: str
    status: str


class CharterIn(In):
    office_id: int
    operator: str = Field(..., min_length=1, max_length=200)
    airline: str = Field("", max_length=2)
    mode: Mode = Mode.AIR
    aircraft: str = Field(..., min_length=1, max_length=60)
    seats: int = Field(..., ge=1, le=1000)
    cost: Decimal = Field(..., max_digits=12, decimal_places=2)
    currency: str = Field("USD", min_length=3, max_length=3)
    contract_ref: str = Field("", max_length=60)


class CharterOut(Schema):
    id: int
    office_id: int
    operator: str
    mode: str
    aircraft: str
    seats: int
    cost: Decimal
    currency: str
    contract_ref: str
    status: Charter.Status
    departs_on: dt.date | None


class CharterTransitionIn(In):
    to_status: Charter.Status
    reason: str = Field("", max_length=300)


class BookingIn(In):
    case_number: str = Field(..., max_length=20)
    leg_ids: list[int] = Field(..., min_length=1, max_length=8, description="The legs in travel order.")
    person_ids: list[int] | None = Field(None, description="Omit for the whole case; a part needs split_reason.")
    split_reason: str = Field("", max_length=300)
    record_locator: str = Field("", max_length=8)
    fare: Decimal | None = Field(None, max_digits=10, decimal_places=2, description="Per person.")
    currency: str = Field("", max_length=3)
    fare_basis: str = Field("", max_length=15)


class RebookIn(In):
    leg_ids: list[int] = Field(..., min_length=1, max_length=8)
    person_ids: list[int] | None = None
    split_reason: str = Field("", max_length=300)
    reason: str = Field(..., max_length=300)
    record_locator: str = Field("", max_length=8)
    fare: Decimal | None = Field(None, max_digits=10, decimal_places=2)
    currency: str = Field("", max_length=3)
    fare_basis: str = Field("", max_length=15)


class ConfirmIn(In):
    override_reason: str = Field("", max_length=300, description="Office administrators only: confirm outside "
                                                                  "the case's ready window, with the reason.")


class TicketIn(In):
    record_locator: str = Field("", max_length=8)
    tickets: list[TicketNumberIn] = Field(..., min_length=1)


class TicketNumberIn(In):
    person_id: int
    leg_id: int
    ticket_number: str = Field(..., max_length=20)


TicketIn.model_rebuild()


class SeatIn(In):
    person_id: int
    leg_id: int
    seat: str = Field(..., max_length=5, description="Row and letter, e.g. 23C; empty to clear.")


class SeatLayoutIn(In):
    rows: int = Field(..., ge=0, le=120, description="Rows, numbered from 1 (0 removes the layout).")
    letters: str = Field("", max_length=15, description="Seat letters of a row from left to right, a space for "
                                                        "each aisle, e.g. ABC DEF.")


class SeatTakenOut(Schema):
    seat: str
    passenger_leg_id: int
    person_id: int
    case_number: str


class SeatMapOut(Schema):
    leg_id: int
    rows: int
    letters: str
    free: int
    taken: list[SeatTakenOut]
    outside_layout: list[SeatTakenOut] = Field(..., description="Seats assigned before the layout was set that "
                                                                "are not in it.")


class ReasonIn(In):
    reason: str = Field(..., max_length=300)


class PassengerLegOut(Schema):
    id: int
    person_id: int
    name: str = Field(..., alias="person.full_name")
    leg_id: int
    position: int
    ticket_number: str
    seat: str
    status: PassengerLeg.Status


class BookingEventOut(Schema):
    at: dt.datetime
    from_status: str
    to_status: str
    reason: str = Field(..., description="As recorded: the person's words, or the system's in English.")
    reason_text: str = Field(..., description="The reason in the request's language where the system wrote it; "
                                              "otherwise as recorded.")
    actor: str | None = Field(None, alias="actor.username")


class BookingOut(Schema):
    id: int
    case_number: str = Field(..., alias="case.number")
    office_id: int
    status: Booking.Status
    record_locator: str
    fare: Decimal | None
    currency: str
    fare_basis: str
    split_reason: str
    rebooked_from_id: int | None
    override_reason: str
    departs_at: dt.datetime
    arrives_at: dt.datetime
    origin_country: str
    destination_country: str


class BookingDetailOut(BookingOut):
    passenger_legs: list[PassengerLegOut]
    events: list[BookingEventOut]


class EventIn(In):
    leg_id: int
    kind: MovementEvent.Kind
    person_ids: list[int] | None = Field(None, description="Omit for every traveller of the booking on the leg.")
    at: dt.datetime | None = Field(None, description="When it happened, with its offset; now if omitted.")
    place: str = Field("", max_length=120)
    office_id: int | None = Field(None, description="The recording office, if not the booking's.")
    handed_over_to: str = Field("", max_length=200)
    reason: str = Field("", max_length=300)
    detail: str = Field("", max_length=2000)


class EventOut(Schema):
    id: int
    kind: MovementEvent.Kind
    person_id: int
    leg_id: int
    at: dt.datetime
    place: str
    office_id: int | None
    handed_over_to: str
    reason: str


class EscortIn(In):
    office_id: int
    kind: Escort.Kind
    name: str = Field(..., min_length=1, max_length=200)
    passenger_leg_ids: list[int] = Field(default_factory=list)


class EscortOut(Schema):
    id: int
    leg_id: int
    kind: Escort.Kind
    name: str
    office_id: int
    passenger_leg_ids: list[int]

    @staticmethod
    def resolve_passenger_leg_ids(obj: Escort) -> list[int]:
        return [p.pk for p in obj.passengers.all()]


class ManifestRowOut(Schema):
    person_id: int
    family_name: str
    given_names: str
    sex: str
    date_of_birth: dt.date
    age: int
    nationality: str
    document_kind: str
    document_number: str
    document_country: str
    case_number: str
    record_locator: str
    ticket_number: str
    seat: str
    status: str
    assistance: list[str]
    escorts: list[str]


class ManifestOut(Schema):
    leg: LegOut
    rows: list[ManifestRowOut]
    totals: dict[str, dict[str, int]] = Field(..., description="Sex (F, M, X, all) by age group, with totals.")
    generated_at: dt.datetime


class BoardLegOut(LegOut):
    booked: int
    checked_in: int
    departed: int
    in_transit: int
    arrived: int
    no_show: int


class BoardOut(Schema):
    day: dt.date
    departures: list[BoardLegOut]
    in_transit: list[BoardLegOut]
    arrivals: list[BoardLegOut]


class ArrivalOut(Schema):
    passenger_leg_id: int = Field(..., alias="id")
    booking_id: int
    case_number: str = Field(..., alias="booking.case.number")
    person_id: int
    name: str = Field(..., alias="person.full_name")
    flight: str = Field(..., alias="leg.designator")
    arrival_airport: str = Field(..., alias="leg.arrival_airport")
    scheduled_arrival: dt.datetime = Field(..., alias="leg.scheduled_arrival")
    status: PassengerLeg.Status


class NotificationOut(Schema):
    id: int
    created_at: dt.datetime
    kind: str
    booking_id: int
    leg_id: int
    message: str = Field(..., description="In English, as e-mailed.")
    text: str = Field(..., description="The message in the request's language.")
    read_at: dt.datetime | None


class SubscriptionsIn(In):
    kinds: list[Subscription.Kind] = Field(..., max_length=10, description="departed, no_show, arrived, incident.")


class SubscriptionsOut(Schema):
    kinds: list[str]


class WebhookIn(In):
    partner_country: str = Field(..., min_length=3, max_length=3)
    url: str = Field(..., max_length=500)
    secret: str | None = Field(None, min_length=16, max_length=200,
                               description="Signs each POST (HMAC-SHA256). Leave it out to have one generated; "
                                           "either way it is returned once, in this response.")
    kinds: list[EventKind] = Field(..., min_length=1, max_length=11, description="Movement event kinds to send.")
    office_id: int | None = Field(None, description="The office that manages the webhook (office administrators "
                                                    "must give one of theirs; it then carries only that office's "
                                                    "bookings). Partners and system administrators may leave it out.")


class WebhookPatchIn(In):
    url: str | None = Field(None, max_length=500)
    kinds: list[EventKind] | None = Field(None, min_length=1, max_length=11)
    is_active: bool | None = Field(None, description="false disables the webhook: no new deliveries.")


class WebhookOut(Schema):
    id: int
    partner_country: str
    url: str
    kinds: list[str]
    is_active: bool
    office_id: int | None
    partner_organisation: str
    secret_rotated_at: dt.datetime | None
    created_at: dt.datetime


class WebhookSecretOut(WebhookOut):
    secret: str = Field(..., description="The shared secret. Shown this once; store it in the partner system.")


class WebhookDeliveryOut(Schema):
    id: int
    webhook_id: int
    kind: str
    payload: dict
    status: str
    attempts: int
    next_attempt_at: dt.datetime | None
    log: list[dict]
    created_at: dt.datetime
    delivered_at: dt.datetime | None
