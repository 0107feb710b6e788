"""Movement pages: flights and legs with their manifest, charters, booking a case and the
booking page with its transitions. The live board, the check-in screen and partners' arrivals
are in views_board.py. Views are thin: forms read, services decide, errors land on their field."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.forms import Form
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from passage.core.errors import DomainError
from passage.core.models import Membership, Office, User
from passage.core.scoping import can_act_in
from passage.movements import forms, manifests, seats, selectors, services
from passage.movements.models import Booking, Charter, Leg
from passage.registry.models import Case, CaseMember
from passage.registry.selectors import case_for_update


def _show(form: Form, exc: DomainError) -> None:
    field = exc.field if exc.field in form.fields and not form.fields[exc.field].widget.is_hidden else None
    if exc.field and exc.field.startswith("leg_ids."):
        position = int(exc.field.split(".")[1]) + 1
        field = f"leg_{position}" if f"leg_{position}" in form.fields else None
    if exc.field == "leg_ids":
        field = "leg_1" if "leg_1" in form.fields else None
    form.add_error(field, exc.message)


def _run(request: HttpRequest, form: Form, action: Callable[[dict], str], then: str) -> HttpResponse | None:
    """On a valid POST run the action; on success go to `then` with its message, else show the error."""
    if request.method != "POST" or not form.is_valid():
        return None
    try:
        message = action(dict(form.cleaned_data))
    except DomainError as exc:
        _show(form, exc)
        return None
    messages.success(request, message)
    return redirect(then)


def _offices_for(user: User, roles: tuple[str, ...]) -> list[Office]:
    ids = {m.office_id for m in Membership.objects.filter(user=user, role__in=roles)}
    return list(Office.objects.filter(pk__in=ids).order_by("name"))


def _leg(request: HttpRequest, leg_id: int) -> Leg:
    try:
        return selectors.leg_detail(user=request.user, leg_id=leg_id)
    except Leg.DoesNotExist as exc:
        raise Http404 from exc


def _booking(request: HttpRequest, booking_id: int) -> Booking:
    try:
        return selectors.booking_detail(user=request.user, booking_id=booking_id)
    except Booking.DoesNotExist as exc:
        raise Http404 from exc


# --- Legs -----------------------------------------------------------------------------------------

@login_required
@require_GET
def leg_list(request: HttpRequest) -> HttpResponse:
    today = timezone.now().date()
    try:
        day_from = dt.date.fromisoformat(request.GET.get("from") or str(today - dt.timedelta(days=1)))
        day_to = dt.date.fromisoformat(request.GET.get("to") or str(today + dt.timedelta(days=30)))
    except ValueError:
        day_from, day_to = today - dt.timedelta(days=1), today + dt.timedelta(days=30)
    legs = list(selectors.legs_for(user=request.user, day_from=day_from, day_to=day_to,
                                   q=request.GET.get("q") or None).order_by("scheduled_departure", "id")[:200])
    can_create = bool(_offices_for(request.user, services.LEG_EDITORS))
    return render(request, "movements/leg_list.html", {
        "legs": legs, "day_from": day_from, "day_to": day_to, "q": request.GET.get("q", ""),
        "can_create": can_create, "can_book": bool(_offices_for(request.user, services.MOVEMENT_ROLES))})


@login_required
@require_http_methods(["GET", "POST"])
def leg_create(request: HttpRequest) -> HttpResponse:
    offices = _offices_for(request.user, services.LEG_EDITORS)
    if not offices:
        return render(request, "core/forbidden.html", status=403)
    charters = selectors.charters_for(user=request.user).exclude(status=Charter.Status.CANCELLED)[:100]
    form = forms.LegForm(request.POST or None, offices=offices, charters=charters)
    created: list[Leg] = []

    def save(data: dict) -> str:
        office = next(o for o in offices if o.pk == data["office_id"])
        charter = next((c for c in charters if c.pk == data["charter_id"]), None)
        leg = services.create_leg(actor=request.user, office=office, charter=charter, data=services.LegInput(
            mode=data["mode"], carrier=data["carrier"], number=data["number"], vehicle=data["vehicle"],
            departure_airport=data["departure_airport"], arrival_airport=data["arrival_airport"],
            departure_local=data["departure_local"].replace(tzinfo=None),
            arrival_local=data["arrival_local"].replace(tzinfo=None), seats=data["seats"] or 0))
        created.append(leg)
        return _("Leg %(leg)s created.") % {"leg": leg.label}

    if request.method == "POST" and form.is_valid():
        try:
            message = save(dict(form.cleaned_data))
        except DomainError as exc:
            _show(form, exc)
        else:
            messages.success(request, message)
            return redirect("movements-leg", created[0].pk)
    return render(request, "movements/form_page.html", {
        "form": form, "title": _("New leg"), "submit": _("Create leg"), "back": "movements-legs"})


@login_required
@require_GET
def leg_detail(request: HttpRequest, leg_id: int) -> HttpResponse:
    return _leg_page(request, _leg(request, leg_id))


def _seat_passengers(request: HttpRequest, leg: Leg) -> list:
    """The travellers on `leg` whose seats the user may assign (their bookings' offices)."""
    rows = (selectors.passenger_legs_for(user=request.user).filter(leg=leg, holds_seat=True)
            .select_related("booking__case", "person").order_by("booking__case__number", "passenger_id"))
    return [r for r in rows if can_act_in(request.user, r.booking.office_id, services.MOVEMENT_ROLES)]


def _leg_page(request: HttpRequest, leg: Leg, *, seat_form=None, layout_form=None, status: int = 200) -> HttpResponse:
    manifest = None
    if not request.user.is_partner:
        manifest, _content = manifests.read(user=request.user, leg=leg)
    bookings = selectors.bookings_for(user=request.user, leg_id=leg.pk).order_by("case__number")
    can_edit = can_act_in(request.user, leg.office_id, services.LEG_EDITORS)
    passengers = _seat_passengers(request, leg) if manifest else []
    return render(request, "movements/leg_detail.html", {
        "leg": leg, "manifest": manifest, "bookings": bookings, "can_edit": can_edit,
        "seats_left": max(0, leg.seats - leg.seats_taken), "age_groups": [g[0] for g in manifests.AGE_GROUPS],
        "status_form": forms.LegStatusForm(), "block_form": forms.SeatBlockForm(),
        "escort_form": forms.EscortForm(passengers=manifest.rows if manifest else ()),
        "seat_map": seats.seat_map(leg, [(r.seat, r) for r in manifest.rows]) if manifest else None,
        "seat_form": seat_form or (forms.SeatForm(passengers=passengers) if passengers else None),
        "layout_form": layout_form or forms.SeatLayoutForm(initial={"seat_rows": leg.seat_rows,
                                                                    "seat_letters": leg.seat_letters}),
    }, status=status)


@login_required
@require_http_methods(["POST"])
def leg_seat(request: HttpRequest, leg_id: int) -> HttpResponse:
    """Assign or change a traveller's seat from the seat map; a refusal lands on the seat field."""
    leg = _leg(request, leg_id)
    if request.user.is_partner:
        raise Http404
    passengers = _seat_passengers(request, leg)
    form = forms.SeatForm(request.POST, passengers=passengers)
    if form.is_valid():
        row = next(r for r in passengers if r.pk == form.cleaned_data["passenger_leg_id"])
        try:
            row = services.assign_seat(actor=request.user, passenger_leg=row, seat=form.cleaned_data["seat"])
        except DomainError as exc:
            form.add_error("seat" if exc.field == "seat" else None, exc.message)
            return _leg_page(request, _leg(request, leg_id), seat_form=form, status=exc.status)
        messages.success(request, _("Seat %(seat)s assigned to %(name)s.") % {
            "seat": row.seat or "—", "name": next(r.person.full_name for r in passengers if r.pk == row.pk)})
        return redirect(f"{reverse('movements-leg', args=[leg.pk])}#seat-map")
    return _leg_page(request, leg, seat_form=form, status=422)


@login_required
@require_http_methods(["POST"])
def leg_seat_layout(request: HttpRequest, leg_id: int) -> HttpResponse:
    leg = _leg(request, leg_id)
    form = forms.SeatLayoutForm(request.POST)
    if form.is_valid():
        try:
            seats.set_layout(actor=request.user, leg=leg, rows=form.cleaned_data["seat_rows"],
                             letters=form.cleaned_data["seat_letters"])
        except DomainError as exc:
            _show(form, exc)
            return _leg_page(request, _leg(request, leg_id), layout_form=form, status=exc.status)
        messages.success(request, _("Seat layout saved."))
        return redirect(f"{reverse('movements-leg', args=[leg.pk])}#seat-map")
    return _leg_page(request, leg, layout_form=form, status=422)


@login_required
@require_GET
def manifest_export(request: HttpRequest, leg_id: int, fmt: str) -> HttpResponse:
    leg = _leg(request, leg_id)
    if request.user.is_partner or fmt not in manifests.FORMATS:
        raise Http404
    _manifest, content = manifests.read(user=request.user, leg=leg, fmt=fmt)
    response = HttpResponse(content, content_type=manifests.FORMATS[fmt][0])
    response["Content-Disposition"] = f'attachment; filename="{manifests.filename(leg, fmt)}"'
    return response


@login_required
@require_http_methods(["POST"])
def leg_action(request: HttpRequest, leg_id: int, action: str) -> HttpResponse:
    """The small forms of the leg page: status, seat block, escort."""
    leg = _leg(request, leg_id)
    try:
        if action == "status":
            form = forms.LegStatusForm(request.POST)
            if form.is_valid():
                services.transition_leg(actor=request.user, leg=leg, to_status=form.cleaned_data["to_status"],
                                        reason=form.cleaned_data["reason"])
                messages.success(request, _("The leg is now “%(status)s”.") % {
                    "status": Leg.Status(form.cleaned_data["to_status"]).label})
        elif action == "seat-block":
            form = forms.SeatBlockForm(request.POST)
            if form.is_valid():
                deadline = form.cleaned_data["deadline"].replace(tzinfo=dt.UTC)
                services.add_seat_block(actor=request.user, leg=leg, seats_held=form.cleaned_data["seats_held"],
                                        deadline=deadline, reference=form.cleaned_data["reference"])
                messages.success(request, _("Seat block added."))
        elif action == "escort":
            manifest = manifests.build(leg)
            form = forms.EscortForm(request.POST, passengers=manifest.rows)
            if form.is_valid():
                offices = _offices_for(request.user, services.MOVEMENT_ROLES)
                office = next((o for o in offices if o.pk == leg.office_id or o.country in (
                    leg.departure_country, leg.arrival_country)), offices[0] if offices else leg.office)
                services.assign_escort(actor=request.user, leg=leg, office=office, kind=form.cleaned_data["kind"],
                                       name=form.cleaned_data["name"],
                                       passenger_leg_ids=form.cleaned_data["passenger_leg_ids"])
                messages.success(request, _("Escort assigned."))
        else:
            raise Http404
        if not form.is_valid():
            messages.error(request, "; ".join(str(e) for errors in form.errors.values() for e in errors))
    except DomainError as exc:
        messages.error(request, exc.message)
    return redirect("movements-leg", leg.pk)


# --- Charters -------------------------------------------------------------------------------------

@login_required
@require_http_methods(["GET", "POST"])
def charter_list(request: HttpRequest) -> HttpResponse:
    offices = _offices_for(request.user, services.CHARTER_ROLES)
    form = forms.CharterForm(request.POST or None, offices=offices) if offices else None

    def save(data: dict) -> str:
        office = next(o for o in offices if o.pk == data["office_id"])
        charter = services.create_charter(actor=request.user, office=office, data=services.CharterInput(
            operator=data["operator"], airline=data["airline"], mode=data["mode"], aircraft=data["aircraft"],
            seats=data["seats"], cost=data["cost"], currency=data["currency"], contract_ref=data["contract_ref"]))
        return _("Charter %(charter)s created.") % {"charter": charter}

    if form is not None:
        done = _run(request, form, save, "movements-charters")
        if done:
            return done
    charters = selectors.charters_for(user=request.user).prefetch_related("legs__carrier")[:200]
    return render(request, "movements/charter_list.html", {"charters": charters, "form": form})


# --- Booking a case -------------------------------------------------------------------------------

@login_required
@require_GET
def book_start(request: HttpRequest) -> HttpResponse:
    """The "book a case" box of the legs page: from a case number to that case's booking page."""
    number = (request.GET.get("number") or "").strip().upper()
    try:
        case_for_update(user=request.user, number=number)
    except Case.DoesNotExist:
        messages.error(request, _("No case %(number)s in your offices.") % {"number": number or "—"})
        return redirect("movements-legs")
    return redirect("movements-book", number)


@login_required
@require_http_methods(["GET", "POST"])
def book_case(request: HttpRequest, number: str) -> HttpResponse:
    try:
        case = case_for_update(user=request.user, number=number)
    except Case.DoesNotExist as exc:
        raise Http404 from exc
    today = timezone.now().date()
    legs = list(selectors.legs_for(user=request.user, day_from=today, day_to=today + dt.timedelta(days=120))
                .filter(status__in=services.BOOKABLE_LEGS).order_by("scheduled_departure", "id")[:300])
    members = list(CaseMember.objects.filter(case=case, left_on__isnull=True).select_related("person")
                   .order_by("id"))
    form = forms.BookingForm(request.POST or None, legs=legs, members=members)
    booked: list[Booking] = []
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        everyone = set(data["person_ids"]) == {m.person_id for m in members}
        try:
            booked.append(services.book_case(actor=request.user, case=case, data=services.BookingInput(
                leg_ids=form.leg_ids(), person_ids=None if everyone else data["person_ids"],
                split_reason=data["split_reason"], record_locator=data["record_locator"], fare=data["fare"],
                currency=data["currency"], fare_basis=data["fare_basis"])))
        except DomainError as exc:
            _show(form, exc)
        else:
            messages.success(request, _("Seats held for case %(number)s.") % {"number": case.number})
            return redirect("movements-booking", booked[0].pk)
    for leg in legs:
        leg.seats_left = max(0, leg.seats - leg.seats_taken)
    return render(request, "movements/book_case.html", {
        "case": case, "form": form, "legs": legs, "window": _ready_window(case),
        "active": selectors.bookings_for(user=request.user, case=case).filter(status__in=Booking.ACTIVE)})


def _ready_window(case: Case):
    """The case's readiness as the readiness module last computed it (window and blockers), when
    that module is installed."""
    from django.apps import apps

    if not apps.is_installed("passage.readiness"):
        return None
    from passage.readiness import labels  # the readiness module names its clearances and problems

    state = apps.get_model("readiness", "ReadinessState").objects.filter(case=case).first()
    if state is not None:
        # Stored blockers hold codes; they are named here, in the reader's language.
        state.blocker_lines = [{"kind_name": labels.kind_name(b["kind"]), "person": b.get("person", ""),
                                "problem_name": labels.PROBLEMS.get(b["problem"], b["problem"]), "date": b.get("date")}
                               for b in state.blockers]
    return state


# --- The booking page -----------------------------------------------------------------------------

@login_required
@require_GET
def booking_detail(request: HttpRequest, booking_id: int) -> HttpResponse:
    booking = _booking(request, booking_id)
    return render(request, "movements/booking_detail.html", _booking_context(request, booking))


def _rebook_form(request: HttpRequest, booking: Booking, data=None) -> forms.RebookForm:
    today = timezone.now().date()
    legs = list(selectors.legs_for(user=request.user, day_from=today, day_to=today + dt.timedelta(days=120))
                .filter(status__in=services.BOOKABLE_LEGS).order_by("scheduled_departure", "id")[:300])
    travellers = [p for p in booking.passengers.all()]
    return forms.RebookForm(data, legs=legs, members=travellers, prefix="rebook")


def _booking_context(request: HttpRequest, booking: Booking, **forms_) -> dict:
    rows = list(booking.passenger_legs.all())
    legs = booking.itinerary.ordered_legs()
    can_rebook = booking.status in services.BOOKING_TRANSITIONS and "rebooked" in services.BOOKING_TRANSITIONS[
        booking.status]
    return {
        "rebook_form": (forms_.get("rebook_form") or _rebook_form(request, booking)) if can_rebook else None,
        "booking": booking, "legs": legs, "rows": rows,
        "overnight": services.overnight_transits(booking),
        "can_act": can_act_in(request.user, booking.office_id, services.MOVEMENT_ROLES),
        "confirm_form": forms_.get("confirm_form") or forms.ConfirmForm(),
        "ticket_form": forms_.get("ticket_form") or forms.TicketForm(passenger_legs=[
            r for r in rows if r.leg.mode == "air"]),
        "cancel_form": forms_.get("cancel_form") or forms.ReasonForm(prefix="cancel"),
    }


@login_required
@require_http_methods(["POST"])
def booking_action(request: HttpRequest, booking_id: int, action: str) -> HttpResponse:
    booking = _booking(request, booking_id)
    new: list[Booking] = []
    if action == "confirm":
        form = forms.ConfirmForm(request.POST)
        key = "confirm_form"

        def act(data: dict) -> str:
            services.confirm_booking(actor=request.user, booking=booking, override_reason=data["override_reason"])
            return _("Booking confirmed.")
    elif action == "tickets":
        form = forms.TicketForm(request.POST, passenger_legs=[r for r in booking.passenger_legs.all()
                                                              if r.leg.mode == "air"])
        key = "ticket_form"

        def act(data: dict) -> str:
            services.ticket_booking(actor=request.user, booking=booking, tickets=form.tickets(),
                                    record_locator=data["record_locator"])
            return _("Tickets recorded.")
    elif action == "rebook":
        form = _rebook_form(request, booking, request.POST)
        key = "rebook_form"

        def act(data: dict) -> str:
            everyone = set(data["person_ids"]) == {p.person_id for p in booking.passengers.all()}
            new.append(services.rebook_booking(actor=request.user, booking=booking, reason=data["reason"],
                                               data=services.BookingInput(
                                                   leg_ids=form.leg_ids(), split_reason=data["split_reason"],
                                                   person_ids=None if everyone else data["person_ids"])))
            return _("Rebooked; the earlier booking stays in the history.")
    elif action == "cancel":
        form = forms.ReasonForm(request.POST, prefix="cancel")
        key = "cancel_form"

        def act(data: dict) -> str:
            services.cancel_booking(actor=request.user, booking=booking, reason=data["reason"])
            return _("Booking cancelled; its seats are free again.")
    else:
        raise Http404
    if form.is_valid():
        try:
            message = act(dict(form.cleaned_data))
        except DomainError as exc:
            if exc.field and exc.field.startswith("tickets."):
                _p, person, leg = exc.field.split(".")
                form.add_error(f"ticket_{person}_{leg}", exc.message)
            else:
                _show(form, exc)
        else:
            messages.success(request, message)
            return redirect("movements-booking", new[0].pk if action == "rebook" else booking.pk)
    booking = _booking(request, booking_id)
    return render(request, "movements/booking_detail.html", _booking_context(request, booking, **{key: form}),
                  status=422)
