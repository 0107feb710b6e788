"""Movements: legs (flights, buses, boats) and their capacity (charters, group seat blocks),
itineraries, bookings of whole cases with tickets per person and leg, escorts, and the movement
events from which each passenger's status on each leg derives.

Times are stored in UTC; a leg also keeps the local departure and arrival dates of its airports and
the countries of both ends (denormalised from the airport codes, indexed) so that statistics count
persons, sectors and load factors by date and country without touching the time-zone database.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from passage.core import stored_text
from passage.core.crypto import EncryptedTextField
from passage.core.models import Airline, Office, ScopeFields
from passage.registry.models import Case, Person


class Mode(models.TextChoices):
    AIR = "air", _("Air")
    LAND = "land", _("Land")
    SEA = "sea", _("Sea")


class Charter(models.Model):
    """An aircraft (or bus, boat) hired whole, managed centrally by charter managers."""

    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        CONTRACTED = "contracted", _("Contracted")
        OPERATED = "operated", _("Operated")
        CANCELLED = "cancelled", _("Cancelled")

    office = models.ForeignKey(Office, on_delete=models.PROTECT, related_name="+",
                               help_text="The office managing the charter (usually headquarters).")
    operator = models.CharField(_("operator"), max_length=200)
    airline = models.ForeignKey(Airline, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    mode = models.CharField(_("mode"), max_length=4, choices=Mode.choices, default=Mode.AIR)
    aircraft = models.CharField(_("aircraft or vehicle"), max_length=60)
    seats = models.PositiveIntegerField(_("seats"))
    cost = models.DecimalField(_("cost"), max_digits=12, decimal_places=2)
    currency = models.CharField(_("currency"), max_length=3, default="USD")
    contract_ref = models.CharField(_("contract reference"), max_length=60, blank=True)
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.PLANNED)
    # The first departure of its legs (UTC) and its local date, for listing and statistics by date.
    departs_on = models.DateField(_("departs on"), null=True, blank=True, db_index=True)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")

    SCOPE = ScopeFields(office="office")

    class Meta:
        ordering = ["-departs_on", "-id"]
        constraints = [models.CheckConstraint(condition=Q(cost__gte=0), name="charter_cost_not_negative")]

    def __str__(self) -> str:
        return f"{self.operator} {self.aircraft} ({self.contract_ref or self.pk})"


class Leg(models.Model):
    """One sector: a flight (carrier + number), a bus or truck convoy, or a boat.

    `seats` is what the agency may fill: a charter's seats, a vehicle's capacity, or for a
    commercial flight the total of its group seat blocks. Bookings never exceed it.
    """

    class Status(models.TextChoices):
        SCHEDULED = "scheduled", _("Scheduled")
        DELAYED = "delayed", _("Delayed")
        DEPARTED = "departed", _("Departed")
        ARRIVED = "arrived", _("Arrived")
        CANCELLED = "cancelled", _("Cancelled")

    office = models.ForeignKey(Office, on_delete=models.PROTECT, related_name="+",
                               help_text="The office that manages the leg.")
    mode = models.CharField(_("mode"), max_length=4, choices=Mode.choices, default=Mode.AIR)
    carrier = models.ForeignKey(Airline, null=True, blank=True, on_delete=models.PROTECT, related_name="+",
                                verbose_name=_("carrier"))
    number = models.CharField(_("flight or service number"), max_length=10)
    vehicle = models.CharField(_("aircraft or vehicle"), max_length=60, blank=True)
    charter = models.ForeignKey(Charter, null=True, blank=True, on_delete=models.PROTECT, related_name="legs")
    departure_airport = models.CharField(_("departure airport"), max_length=3)
    arrival_airport = models.CharField(_("arrival airport"), max_length=3)
    # For land and sea legs: the place behind the nearest location code (a camp, a port).
    departure_place = models.CharField(_("departure place"), max_length=120, blank=True)
    arrival_place = models.CharField(_("arrival place"), max_length=120, blank=True)
    departure_country = models.CharField(max_length=3, db_index=True)
    arrival_country = models.CharField(max_length=3, db_index=True)
    scheduled_departure = models.DateTimeField(_("scheduled departure (UTC)"), db_index=True)
    scheduled_arrival = models.DateTimeField(_("scheduled arrival (UTC)"), db_index=True)
    departure_date = models.DateField(_("local departure date"), db_index=True)
    arrival_date = models.DateField(_("local arrival date"), db_index=True)
    actual_departure = models.DateTimeField(_("actual departure (UTC)"), null=True, blank=True)
    actual_arrival = models.DateTimeField(_("actual arrival (UTC)"), null=True, blank=True)
    seats = models.PositiveIntegerField(_("seats"), default=0)
    # The cabin's seat layout, when known: rows 1..seat_rows, each with the seat letters in
    # `seat_letters`, a space marking an aisle ("ABC DEF"). Seats assigned on the leg must be in it.
    seat_rows = models.PositiveSmallIntegerField(_("seat rows"), default=0)
    seat_letters = models.CharField(_("seat letters"), max_length=15, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.SCHEDULED,
                              db_index=True)
    created_at = models.DateTimeField(auto_now_add=True)

    # Movement staff of the offices on the route read legs through selectors.legs_for (by country);
    # the declaration here is the owning office and, for partners, the arrival country.
    SCOPE = ScopeFields(office="office", partner_country="arrival_country")

    class Meta:
        ordering = ["scheduled_departure", "id"]
        indexes = [
            models.Index(fields=["departure_country", "departure_date"], name="leg_dep_country_date_idx"),
            models.Index(fields=["arrival_country", "arrival_date"], name="leg_arr_country_date_idx"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(scheduled_arrival__gt=F("scheduled_departure")),
                                   name="leg_arrives_after_departure"),
            models.UniqueConstraint(fields=["carrier", "number", "departure_date", "departure_airport"],
                                    name="leg_flight_once_per_day"),
        ]

    def __str__(self) -> str:
        return f"{self.designator} {self.departure_airport}-{self.arrival_airport} {self.departure_date}"

    @property
    def designator(self) -> str:
        return f"{self.carrier.iata_code if self.carrier_id else ''}{self.number}"

    @property
    def departure_local(self):
        from passage.movements.airports import local

        return local(self.departure_airport, self.scheduled_departure)

    @property
    def arrival_local(self):
        from passage.movements.airports import local

        return local(self.arrival_airport, self.scheduled_arrival)

    @property
    def label(self) -> str:
        return (f"{self.designator} {self.departure_airport}-{self.arrival_airport} "
                f"{self.departure_local:%Y-%m-%d %H:%M}")


class LegEvent(models.Model):
    """A leg's status transitions (scheduled -> delayed -> departed -> arrived, or cancelled)."""

    leg = models.ForeignKey(Leg, on_delete=models.CASCADE, related_name="events")
    at = models.DateTimeField()
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    office = models.ForeignKey(Office, null=True, on_delete=models.PROTECT, related_name="+")
    from_status = models.CharField(max_length=10, blank=True)
    to_status = models.CharField(max_length=10)
    reason = models.CharField(max_length=300, blank=True)

    SCOPE = ScopeFields(office="leg__office", partner_country="leg__arrival_country")

    class Meta:
        ordering = ["at", "id"]


class SeatBlock(models.Model):
    """Seats held for the agency on a commercial flight until a deadline (group booking)."""

    class Status(models.TextChoices):
        HELD = "held", _("Held")
        RELEASED = "released", _("Released")

    leg = models.ForeignKey(Leg, on_delete=models.PROTECT, related_name="seat_blocks")
    seats_held = models.PositiveIntegerField(_("seats held"))
    deadline = models.DateTimeField(_("deadline (UTC)"))
    reference = models.CharField(_("group reference"), max_length=40, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.HELD)
    created_at = models.DateTimeField(auto_now_add=True)

    SCOPE = ScopeFields(office="leg__office", partner_country="leg__arrival_country")

    class Meta:
        ordering = ["leg_id", "id"]
        constraints = [models.CheckConstraint(condition=Q(seats_held__gt=0), name="seat_block_not_empty")]


class Itinerary(models.Model):
    """The ordered legs from the departure point to the final destination."""

    office = models.ForeignKey(Office, on_delete=models.PROTECT, related_name="+")
    legs = models.ManyToManyField(Leg, through="ItineraryLeg", related_name="itineraries")
    created_at = models.DateTimeField(auto_now_add=True)

    SCOPE = ScopeFields(office="office")

    def ordered_legs(self) -> list[Leg]:
        return [il.leg for il in self.itinerary_legs.select_related("leg__carrier").order_by("position")]


class ItineraryLeg(models.Model):
    itinerary = models.ForeignKey(Itinerary, on_delete=models.CASCADE, related_name="itinerary_legs")
    leg = models.ForeignKey(Leg, on_delete=models.PROTECT, related_name="+")
    position = models.PositiveSmallIntegerField()
    # Set by the itinerary check: the transit before this leg lasts overnight (accommodation needed).
    overnight_before = models.BooleanField(default=False)

    class Meta:
        ordering = ["itinerary_id", "position"]
        constraints = [
            models.UniqueConstraint(fields=["itinerary", "position"], name="itinerary_leg_position_unique"),
            models.UniqueConstraint(fields=["itinerary", "leg"], name="itinerary_leg_once"),
        ]


class Booking(models.Model):
    """A whole case (or, with a reason, part of it) placed on an itinerary."""

    class Status(models.TextChoices):
        HELD = "held", _("Held")
        CONFIRMED = "confirmed", _("Confirmed")
        TICKETED = "ticketed", _("Ticketed")
        CHECKED_IN = "checked_in", _("Checked in")
        DEPARTED = "departed", _("Departed")
        ARRIVED = "arrived", _("Arrived")
        NO_SHOW = "no_show", _("No-show")
        CANCELLED = "cancelled", _("Cancelled")
        REBOOKED = "rebooked", _("Rebooked")

    # Statuses in which a booking holds its seats and counts as the person's active booking.
    ACTIVE = frozenset({"held", "confirmed", "ticketed", "checked_in", "departed"})

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="bookings")
    office = models.ForeignKey(Office, on_delete=models.PROTECT, related_name="+",
                               help_text="The case's office, which owns the booking.")
    itinerary = models.ForeignKey(Itinerary, on_delete=models.PROTECT, related_name="bookings")
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.HELD)
    record_locator = models.CharField(_("record locator"), max_length=8, blank=True)
    fare = models.DecimalField(_("fare per person"), max_digits=10, decimal_places=2, null=True, blank=True)
    currency = models.CharField(_("currency"), max_length=3, blank=True)
    fare_basis = models.CharField(_("fare basis"), max_length=15, blank=True)
    split_reason = models.CharField(_("reason for travelling without the whole case"), max_length=300, blank=True)
    # A rebooking replaces an old booking, which keeps its legs, tickets and events as history.
    rebooked_from = models.OneToOneField("self", null=True, blank=True, on_delete=models.PROTECT,
                                         related_name="rebooked_to")
    override_reason = models.CharField(_("override reason"), max_length=300, blank=True)
    override_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="+")
    # Denormalised from the itinerary for listing and statistics by date and country.
    departs_at = models.DateTimeField(db_index=True)
    arrives_at = models.DateTimeField()
    departure_date = models.DateField(db_index=True)
    origin_country = models.CharField(max_length=3)
    destination_country = models.CharField(max_length=3)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")

    SCOPE = ScopeFields(office="office", partner_country="destination_country")

    class Meta:
        ordering = ["departs_at", "id"]
        indexes = [
            models.Index(fields=["status", "departure_date"], name="booking_status_date_idx"),
            models.Index(fields=["destination_country", "departure_date"], name="booking_dest_date_idx"),
            models.Index(fields=["origin_country", "departure_date"], name="booking_origin_date_idx"),
            models.Index(fields=["record_locator"], name="booking_locator_idx"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(fare__isnull=True) | Q(fare__gte=0), name="booking_fare_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.case.number} {self.record_locator or self.pk}"

    @property
    def is_active(self) -> bool:
        return self.status in self.ACTIVE


class BookingEvent(models.Model):
    """A booking's transitions in order (held -> confirmed -> ...), with actor and reason."""

    booking = models.ForeignKey(Booking, on_delete=models.CASCADE, related_name="events")
    at = models.DateTimeField()
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    office = models.ForeignKey(Office, null=True, on_delete=models.PROTECT, related_name="+")
    from_status = models.CharField(max_length=12, blank=True)
    to_status = models.CharField(max_length=12)
    reason = models.CharField(max_length=300, blank=True)
    # A reason the system wrote (core.stored_text): shown in the reader's language; empty for people's own words.
    reason_source = models.JSONField(default=dict, blank=True)
    details = models.JSONField(default=dict, blank=True)

    SCOPE = ScopeFields(office="booking__office", partner_country="booking__destination_country")

    class Meta:
        ordering = ["at", "id"]

    @property
    def reason_text(self) -> str:
        return stored_text.render(self.reason_source, self.reason)

    @property
    def from_label(self) -> str:
        return Booking.Status(self.from_status).label if self.from_status in Booking.Status.values else self.from_status

    @property
    def to_label(self) -> str:
        return Booking.Status(self.to_status).label if self.to_status in Booking.Status.values else self.to_status


class BookingPassenger(models.Model):
    """A person travelling on a booking. `active` mirrors the booking's status so that one person
    has at most one active booking (a database constraint, not only a check)."""

    booking = models.ForeignKey(Booking, on_delete=models.CASCADE, related_name="passengers")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="bookings")
    active = models.BooleanField(default=True)

    SCOPE = ScopeFields(office="booking__office", partner_country="booking__destination_country")

    class Meta:
        ordering = ["booking_id", "id"]
        constraints = [
            models.UniqueConstraint(fields=["booking", "person"], name="booking_passenger_once"),
            models.UniqueConstraint(fields=["person"], condition=Q(active=True), name="one_active_booking_per_person"),
        ]


class PassengerLeg(models.Model):
    """One person on one leg of a booking: the ticket, the seat and the status derived from the
    movement events. `holds_seat` is what capacity counts."""

    class Status(models.TextChoices):
        BOOKED = "booked", _("Booked")
        CHECKED_IN = "checked_in", _("Checked in")
        BOARDED = "boarded", _("Boarded")
        DEPARTED = "departed", _("Departed")
        IN_TRANSIT = "in_transit", _("In transit")
        ARRIVED = "arrived", _("Arrived")
        HANDED_OVER = "handed_over", _("Handed over")
        NO_SHOW = "no_show", _("No-show")
        OFFLOADED = "offloaded", _("Offloaded")
        CANCELLED = "cancelled", _("Cancelled")

    passenger = models.ForeignKey(BookingPassenger, on_delete=models.CASCADE, related_name="legs")
    booking = models.ForeignKey(Booking, on_delete=models.CASCADE, related_name="passenger_legs")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="passenger_legs")
    leg = models.ForeignKey(Leg, on_delete=models.PROTECT, related_name="passenger_legs")
    position = models.PositiveSmallIntegerField()
    seat_block = models.ForeignKey(SeatBlock, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    ticket_number = models.CharField(_("ticket number"), max_length=20, blank=True)
    seat = models.CharField(_("seat"), max_length=5, blank=True)
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.BOOKED)
    holds_seat = models.BooleanField(default=True)

    SCOPE = ScopeFields(office="booking__office", partner_country="booking__destination_country")

    class Meta:
        ordering = ["booking_id", "position", "passenger_id"]
        indexes = [
            models.Index(fields=["leg", "holds_seat"], name="passenger_leg_capacity_idx"),
            models.Index(fields=["leg", "status"], name="passenger_leg_status_idx"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["passenger", "leg"], name="passenger_leg_once"),
            models.UniqueConstraint(fields=["ticket_number"], condition=~Q(ticket_number=""),
                                    name="ticket_number_unique"),
            models.UniqueConstraint(fields=["leg", "seat"], condition=Q(holds_seat=True) & ~Q(seat=""),
                                    name="seat_once_per_leg"),
        ]


class Escort(models.Model):
    """An operational or medical escort on a leg and the passengers they accompany."""

    class Kind(models.TextChoices):
        OPERATIONAL = "operational", _("Operational escort")
        MEDICAL = "medical", _("Medical escort")

    leg = models.ForeignKey(Leg, on_delete=models.PROTECT, related_name="escorts")
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    name = models.CharField(_("name"), max_length=200)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                             related_name="+")
    office = models.ForeignKey(Office, on_delete=models.PROTECT, related_name="+")
    passengers = models.ManyToManyField(PassengerLeg, blank=True, related_name="escorts")
    created_at = models.DateTimeField(auto_now_add=True)

    SCOPE = ScopeFields(office="office", partner_country="leg__arrival_country")

    class Meta:
        ordering = ["leg_id", "kind", "name"]


class MovementEvent(models.Model):
    """Something that happened to one person on one leg, recorded by any office on the route.
    The passenger-leg status derives from these in order (services.derive_status)."""

    class Kind(models.TextChoices):
        CHECKED_IN = "checked_in", _("Checked in")
        BOARDED = "boarded", _("Boarded")
        DEPARTED = "departed", _("Departed")
        ARRIVED_TRANSIT = "arrived_transit", _("Arrived in transit")
        DEPARTED_TRANSIT = "departed_transit", _("Departed transit")
        ARRIVED = "arrived", _("Arrived")
        HANDED_OVER = "handed_over", _("Handed over")
        NO_SHOW = "no_show", _("No-show")
        OFFLOADED = "offloaded", _("Offloaded")
        MEDICAL_INCIDENT = "medical_incident", _("Medical incident")
        LUGGAGE_ISSUE = "luggage_issue", _("Luggage issue")

    passenger_leg = models.ForeignKey(PassengerLeg, on_delete=models.PROTECT, related_name="events")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="movement_events")
    leg = models.ForeignKey(Leg, on_delete=models.PROTECT, related_name="movement_events")
    booking = models.ForeignKey(Booking, on_delete=models.PROTECT, related_name="movement_events")
    kind = models.CharField(_("event"), max_length=20, choices=Kind.choices)
    at = models.DateTimeField(_("time (UTC)"))
    place = models.CharField(_("place"), max_length=120, blank=True, help_text="An IATA code or a place name.")
    # The office that recorded the event; empty when a receiving-country partner recorded it.
    office = models.ForeignKey(Office, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    handed_over_to = models.CharField(_("handed over to"), max_length=200, blank=True)
    reason = models.CharField(_("reason"), max_length=300, blank=True)
    # Incident details can be clinical: encrypted at rest.
    detail = EncryptedTextField(_("detail"), blank=True)
    recorded_at = models.DateTimeField(auto_now_add=True)

    SCOPE = ScopeFields(office="booking__office", partner_country="booking__destination_country")

    class Meta:
        ordering = ["at", "id"]
        indexes = [
            models.Index(fields=["leg", "at"], name="movement_event_leg_idx"),
            models.Index(fields=["person", "at"], name="movement_event_person_idx"),
            models.Index(fields=["kind", "at"], name="movement_event_kind_idx"),
        ]


class Subscription(models.Model):
    """A user asks to be told (in the app and by e-mail) of one kind of movement event on the
    bookings they can read."""

    class Kind(models.TextChoices):
        DEPARTED = "departed", _("Departures")
        NO_SHOW = "no_show", _("No-shows")
        ARRIVED = "arrived", _("Arrivals")
        INCIDENT = "incident", _("Incidents (medical, luggage, offloading)")

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="movement_subscriptions")
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "kind"], name="movement_subscription_once")]


class Notification(models.Model):
    """One message to one user about a movement event; read on the notifications page."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="movement_notifications")
    created_at = models.DateTimeField(auto_now_add=True)
    kind = models.CharField(max_length=10, choices=Subscription.Kind.choices)
    booking = models.ForeignKey(Booking, on_delete=models.CASCADE, related_name="+")
    leg = models.ForeignKey(Leg, on_delete=models.CASCADE, related_name="+")
    message = models.CharField(max_length=300)  # in English: the e-mail and the API's `message`
    message_source = models.JSONField(default=dict, blank=True)  # core.stored_text; empty on older rows
    read_at = models.DateTimeField(null=True, blank=True)

    SCOPE = ScopeFields(office="booking__office", partner_country="booking__destination_country")

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["user", "read_at"], name="notification_user_idx")]

    @property
    def text(self) -> str:
        """The message in the active language."""
        return stored_text.render(self.message_source, self.message, labels={"event": _event_label})


def _event_label(kind: str) -> str:
    return MovementEvent.Kind(kind).label if kind in MovementEvent.Kind.values else kind.replace("_", " ")


class Webhook(models.Model):
    """A partner system told of movement events on bookings bound for its country, by signed POST."""

    partner_country = models.CharField(_("receiving country"), max_length=3)
    url = models.URLField(_("URL"), max_length=500)
    secret = EncryptedTextField(_("shared secret"))
    kinds = models.JSONField(_("event kinds"), default=list)
    is_active = models.BooleanField(_("active"), default=True)
    # Who manages it (selectors.webhooks_for): an office's administrators (and the events are those of
    # that office's bookings, sub-offices included); or, with no office, the system administrators
    # and, when `partner_organisation` is set, that receiving partner's own users.
    office = models.ForeignKey(Office, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    partner_organisation = models.CharField(_("partner organisation"), max_length=200, blank=True)
    secret_rotated_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["partner_country", "id"]

    def __str__(self) -> str:
        return f"{self.partner_country} {self.url}"


class WebhookDelivery(models.Model):
    """One event sent to one webhook, with every attempt logged; retried with back-off."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        DELIVERED = "delivered", _("Delivered")
        FAILED = "failed", _("Failed")

    webhook = models.ForeignKey(Webhook, on_delete=models.CASCADE, related_name="deliveries")
    kind = models.CharField(max_length=20)
    payload = models.JSONField()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveSmallIntegerField(default=0)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    log = models.JSONField(default=list, help_text="[{at, status_code, error}] per attempt.")
    created_at = models.DateTimeField(auto_now_add=True)
    delivered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-id"]
        indexes = [models.Index(fields=["status", "next_attempt_at"], name="webhook_delivery_due_idx")]
