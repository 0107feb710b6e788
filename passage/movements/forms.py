"""Forms of the movement pages. They only read what was typed; services check the rules and the
views show their errors on the field they name."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from passage.movements.models import Charter, Escort, Leg, Mode, MovementEvent


class LegForm(forms.Form):
    office_id = forms.TypedChoiceField(label=_("Managing office"), coerce=int, choices=())
    mode = forms.ChoiceField(label=_("Mode"), choices=Mode.choices, initial=Mode.AIR)
    carrier = forms.CharField(label=_("Carrier (IATA code)"), max_length=2, required=False,
                              help_text=_("Required for flights, e.g. KQ, QR, ET."))
    number = forms.CharField(label=_("Flight or service number"), max_length=10)
    vehicle = forms.CharField(label=_("Aircraft or vehicle"), max_length=60, required=False)
    charter_id = forms.TypedChoiceField(label=_("Charter"), coerce=int, choices=(), required=False, empty_value=None)
    departure_airport = forms.CharField(label=_("Departure airport (IATA)"), max_length=3)
    departure_local = forms.DateTimeField(label=_("Departure, local time at that airport"),
                                          widget=forms.DateTimeInput(attrs={"type": "datetime-local"}))
    arrival_airport = forms.CharField(label=_("Arrival airport (IATA)"), max_length=3)
    arrival_local = forms.DateTimeField(label=_("Arrival, local time at that airport"),
                                        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}))
    seats = forms.IntegerField(label=_("Seats for the agency"), min_value=0, max_value=1000, initial=0,
                               help_text=_("A charter's legs take the charter's seats; a commercial flight's "
                                           "capacity comes from its group seat blocks."))

    def __init__(self, *args, offices=(), charters=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["office_id"].choices = [(o.pk, str(o)) for o in offices]
        self.fields["charter_id"].choices = [("", _("None: a commercial flight or a vehicle"))] + [
            (c.pk, str(c)) for c in charters]


class CharterForm(forms.Form):
    office_id = forms.TypedChoiceField(label=_("Managing office"), coerce=int, choices=())
    operator = forms.CharField(label=_("Operator"), max_length=200)
    airline = forms.CharField(label=_("Airline (IATA code, optional)"), max_length=2, required=False)
    mode = forms.ChoiceField(label=_("Mode"), choices=Mode.choices, initial=Mode.AIR)
    aircraft = forms.CharField(label=_("Aircraft or vehicle"), max_length=60)
    seats = forms.IntegerField(label=_("Seats"), min_value=1, max_value=1000)
    cost = forms.DecimalField(label=_("Cost"), max_digits=12, decimal_places=2)
    currency = forms.CharField(label=_("Currency (ISO 4217)"), max_length=3, initial="USD")
    contract_ref = forms.CharField(label=_("Contract reference"), max_length=60, required=False)

    def __init__(self, *args, offices=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["office_id"].choices = [(o.pk, str(o)) for o in offices]


class BookingForm(forms.Form):
    leg_1 = forms.TypedChoiceField(label=_("First leg"), coerce=int, choices=())
    leg_2 = forms.TypedChoiceField(label=_("Second leg (connection)"), coerce=int, choices=(), required=False,
                                   empty_value=None)
    leg_3 = forms.TypedChoiceField(label=_("Third leg (connection)"), coerce=int, choices=(), required=False,
                                   empty_value=None)
    person_ids = forms.TypedMultipleChoiceField(
        label=_("Travellers"), coerce=int, choices=(), widget=forms.CheckboxSelectMultiple,
        help_text=_("The whole case travels together; leaving someone out needs a reason."))
    split_reason = forms.CharField(label=_("Reason for the split"), max_length=300, required=False)
    record_locator = forms.CharField(label=_("Record locator"), max_length=8, required=False)
    fare = forms.DecimalField(label=_("Fare per person"), max_digits=10, decimal_places=2, required=False)
    currency = forms.CharField(label=_("Currency (ISO 4217)"), max_length=3, required=False)
    fare_basis = forms.CharField(label=_("Fare basis"), max_length=15, required=False)

    def __init__(self, *args, legs=(), members=(), **kwargs):
        super().__init__(*args, **kwargs)
        choices = [(leg.pk, leg.label) for leg in legs]
        self.fields["leg_1"].choices = choices
        self.fields["leg_2"].choices = [("", _("None"))] + choices
        self.fields["leg_3"].choices = [("", _("None"))] + choices
        self.fields["person_ids"].choices = [(m.person_id, m.person.full_name) for m in members]
        self.fields["person_ids"].initial = [m.person_id for m in members]

    def leg_ids(self) -> list[int]:
        data = self.cleaned_data
        return [pk for pk in (data["leg_1"], data.get("leg_2"), data.get("leg_3")) if pk]


class RebookForm(BookingForm):
    """Other legs, or fewer travellers (a split), for a booking that is replaced."""

    reason = forms.CharField(label=_("Reason for the rebooking"), max_length=300)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("record_locator", "fare", "currency", "fare_basis"):
            del self.fields[name]
        self.fields["person_ids"].help_text = _("Leave someone out only with a reason for the split.")


class ConfirmForm(forms.Form):
    override_reason = forms.CharField(
        label=_("Override reason (office administrators only)"), max_length=300, required=False,
        help_text=_("Only when the case's ready window does not cover the travel dates."))


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=300)


class TicketForm(forms.Form):
    record_locator = forms.CharField(label=_("Record locator"), max_length=8, required=False)

    def __init__(self, *args, passenger_legs=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.keys = {}
        for row in passenger_legs:
            name = f"ticket_{row.person_id}_{row.leg_id}"
            self.fields[name] = forms.CharField(
                label=_("Ticket: %(name)s, %(flight)s") % {"name": row.person.full_name, "flight": row.leg.designator},
                max_length=20, required=False)
            self.keys[name] = (row.person_id, row.leg_id)

    def tickets(self) -> dict[tuple[int, int], str]:
        return {key: self.cleaned_data.get(name, "") for name, key in self.keys.items()}


class EventForm(forms.Form):
    booking_id = forms.IntegerField(widget=forms.HiddenInput)
    kind = forms.ChoiceField(label=_("Event"), choices=MovementEvent.Kind.choices)
    place = forms.CharField(label=_("Place"), max_length=120, required=False)
    reason = forms.CharField(label=_("Reason (no-show, offloaded)"), max_length=300, required=False)
    handed_over_to = forms.CharField(label=_("Handed over to"), max_length=200, required=False)
    detail = forms.CharField(label=_("Details (incidents)"), max_length=2000, required=False,
                             widget=forms.Textarea(attrs={"rows": 2}))


class HandOverForm(forms.Form):
    handed_over_to = forms.CharField(label=_("Handed over to"), max_length=200,
                                     help_text=_("The receiving authority, agency, family member or facility."))


class LegStatusForm(forms.Form):
    to_status = forms.ChoiceField(label=_("New status"), choices=Leg.Status.choices)
    reason = forms.CharField(label=_("Reason (delay, cancellation)"), max_length=300, required=False)


class SeatBlockForm(forms.Form):
    seats_held = forms.IntegerField(label=_("Seats held"), min_value=1, max_value=1000)
    deadline = forms.DateTimeField(label=_("Deadline (UTC)"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"}))
    reference = forms.CharField(label=_("Group reference"), max_length=40, required=False)


class EscortForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=Escort.Kind.choices)
    name = forms.CharField(label=_("Name"), max_length=200)
    passenger_leg_ids = forms.TypedMultipleChoiceField(label=_("Accompanies"), coerce=int, choices=(),
                                                       required=False, widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args, passengers=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["passenger_leg_ids"].choices = [(r.passenger_leg_id, f"{r.name} ({r.case_number})")
                                                    for r in passengers]


class CharterStatusForm(forms.Form):
    to_status = forms.ChoiceField(label=_("New status"), choices=Charter.Status.choices)
    reason = forms.CharField(label=_("Reason (cancellation)"), max_length=300, required=False)


class SubscriptionForm(forms.Form):
    kinds = forms.MultipleChoiceField(label=_("Tell me of"), required=False, widget=forms.CheckboxSelectMultiple,
                                      help_text=_("In the app and by e-mail, for the bookings you can see."))

    def __init__(self, *args, **kwargs):
        from passage.movements.models import Subscription

        super().__init__(*args, **kwargs)
        self.fields["kinds"].choices = Subscription.Kind.choices


def _event_kind_choices():
    from passage.movements.webhooks import event_kinds

    return [(k, MovementEvent.Kind(k).label) for k in event_kinds()]


class WebhookForm(forms.Form):
    office_id = forms.TypedChoiceField(label=_("Managing office"), coerce=int, choices=(), required=False,
                                       empty_value=None,
                                       help_text=_("An office's webhook carries only that office's bookings."))
    partner_country = forms.CharField(label=_("Receiving country (ISO 3166-1 alpha-3)"), max_length=3,
                                      help_text=_("Events of bookings bound for this country are sent."))
    url = forms.CharField(label=_("URL of the partner system"), max_length=500,
                          help_text=_("https://… The secret that signs each POST is shown once, after saving."))
    kinds = forms.MultipleChoiceField(label=_("Events to send"), choices=(), widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args, offices=(), with_office: bool = True, office_optional: bool = False,
                 partner_country: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kinds"].choices = _event_kind_choices()
        if with_office:
            none = [("", _("None (system administrators)"))] if office_optional else []
            self.fields["office_id"].choices = none + [(o.pk, str(o)) for o in offices]
            self.fields["office_id"].required = not office_optional
        else:
            del self.fields["office_id"]
        if partner_country:
            self.fields["partner_country"].initial = partner_country
            self.fields["partner_country"].disabled = True


class WebhookEditForm(forms.Form):
    url = forms.CharField(label=_("URL of the partner system"), max_length=500)
    kinds = forms.MultipleChoiceField(label=_("Events to send"), choices=(), widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kinds"].choices = _event_kind_choices()


class SeatForm(forms.Form):
    passenger_leg_id = forms.TypedChoiceField(label=_("Traveller"), coerce=int, choices=())
    seat = forms.CharField(label=_("Seat"), max_length=4, required=False,
                           help_text=_("Row and letter, e.g. 23C. Leave empty to clear the seat."))

    def __init__(self, *args, passengers=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["passenger_leg_id"].choices = [
            (r.pk, f"{r.person.full_name} · {r.booking.case.number} · {r.seat or '—'}") for r in passengers]


class SeatLayoutForm(forms.Form):
    seat_rows = forms.IntegerField(label=_("Rows"), min_value=0, max_value=120,
                                   help_text=_("Numbered from 1; 0 removes the layout."))
    seat_letters = forms.CharField(label=_("Seat letters"), max_length=15, required=False,
                                   help_text=_("From left to right, a space for each aisle, e.g. ABC DEF."))
