"""The live movement board (pushed by Server-Sent Events), the check-in screen for airport staff
and the partner's arrivals page with the hand-over.

The board page holds a fragment that reloads (htmx) whenever the event stream says something
moved; the stream is an async view fed by board.broadcaster, so an open board costs no thread
under an ASGI server (uvicorn). Under the development server (WSGI) the same view streams from a
thread queue instead.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import queue as sync_queue

from asgiref.sync import sync_to_async
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.handlers.asgi import ASGIRequest
from django.db import connections
from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from passage.core.errors import DomainError
from passage.core.scoping import scope_for
from passage.movements import forms, selectors, tracking
from passage.movements.board import broadcaster
from passage.movements.models import Booking, Leg, MovementEvent

KEEP_ALIVE_SECONDS = 15
ARRIVAL_KINDS = {"arrived", "arrived_transit", "handed_over"}


def _day(request: HttpRequest) -> dt.date:
    try:
        return dt.date.fromisoformat(request.GET.get("day", ""))
    except ValueError:
        return timezone.now().date()


@login_required
@require_GET
def board(request: HttpRequest) -> HttpResponse:
    day = _day(request)
    return render(request, "movements/board.html", {"day": day, **selectors.board_for(user=request.user, day=day)})


@login_required
@require_GET
def board_fragment(request: HttpRequest) -> HttpResponse:
    day = _day(request)
    return render(request, "movements/_board.html", {"day": day, **selectors.board_for(user=request.user, day=day)})


def _may_watch(user) -> bool:
    scope = scope_for(user, selectors.MOVEMENT_READERS)
    return scope.partner_country is not None or scope.is_global or bool(scope.office_ids)


async def board_stream(request: HttpRequest) -> HttpResponse:
    """Server-Sent Events: one `movement` event each time a movement event commits anywhere."""
    user = await request.auser()
    if not user.is_authenticated:
        return HttpResponse(status=401)
    if not await sync_to_async(_may_watch)(user):
        return HttpResponse(status=403)
    stream = _async_events() if isinstance(request, ASGIRequest) else _thread_events()
    response = StreamingHttpResponse(stream, content_type="text/event-stream")
    response["Cache-Control"] = "no-cache"
    response["X-Accel-Buffering"] = "no"  # no proxy buffering (nginx)
    return response


async def _async_events():
    # An open board must not hold a database connection for its lifetime (200 boards would be 200
    # PostgreSQL connections): the request's own connection is closed once the response starts.
    await sync_to_async(connections.close_all)()
    queue = broadcaster.subscribe()
    try:
        yield "retry: 2000\n: connected\n\n"
        while True:
            try:
                message = await asyncio.wait_for(queue.get(), timeout=KEEP_ALIVE_SECONDS)
            except TimeoutError:
                yield ": keep-alive\n\n"
                continue
            yield f"event: movement\ndata: {message}\n\n"
    finally:
        broadcaster.unsubscribe(queue)


def _thread_events():
    connections.close_all()  # see _async_events
    queue = broadcaster.subscribe_sync()
    try:
        yield "retry: 2000\n: connected\n\n"
        while True:
            try:
                message = queue.get(timeout=KEEP_ALIVE_SECONDS)
            except sync_queue.Empty:
                yield ": keep-alive\n\n"
                continue
            yield f"event: movement\ndata: {message}\n\n"
    finally:
        broadcaster.unsubscribe(queue)


# --- Check-in screen ------------------------------------------------------------------------------

def _leg(request: HttpRequest, leg_id: int) -> Leg:
    try:
        return selectors.legs_for(user=request.user).get(pk=leg_id)
    except Leg.DoesNotExist as exc:
        raise Http404 from exc


@login_required
@require_http_methods(["GET", "POST"])
def checkin(request: HttpRequest, leg_id: int) -> HttpResponse:
    """For airport staff on a tablet: each booking on the leg with its travellers and one button
    per next step (check in, board, depart...), plus a form for other events."""
    leg = _leg(request, leg_id)
    form = forms.EventForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            booking = selectors.bookings_for(user=request.user).get(pk=data["booking_id"])
        except Booking.DoesNotExist:
            booking = None
        try:
            if booking is None:
                raise DomainError(_("No such booking in your scope."), field="booking_id")
            person_ids = [int(p) for p in request.POST.getlist("person_ids") if p.isdigit()] or None
            events = tracking.record_events(
                actor=request.user, booking=booking, leg=leg, kind=data["kind"], person_ids=person_ids,
                place=data["place"] or (leg.arrival_airport if data["kind"] in ARRIVAL_KINDS else leg.departure_airport),
                reason=data["reason"],
                handed_over_to=data["handed_over_to"], detail=data["detail"])
        except DomainError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("%(event)s recorded for %(count)d travellers.") % {
                "event": MovementEvent.Kind(data["kind"]).label, "count": len(events)})
        return redirect("movements-checkin", leg.pk)
    rows = list(selectors.passenger_legs_for(user=request.user).filter(leg=leg)
                .exclude(status="cancelled").select_related("booking__case", "person")
                .order_by("booking__case__number", "passenger_id"))
    groups: dict[int, dict] = {}
    for row in rows:
        group = groups.setdefault(row.booking_id, {"booking": row.booking, "rows": []})
        group["rows"].append(row)
    return render(request, "movements/checkin.html", {
        "leg": leg, "groups": list(groups.values()), "kinds": MovementEvent.Kind.choices, "form": form,
        "row_actions": ("booked", "checked_in", "boarded")})


# --- Partners' arrivals ---------------------------------------------------------------------------

@login_required
@require_GET
def arrivals(request: HttpRequest) -> HttpResponse:
    today = timezone.now().date()
    rows = list(selectors.arrivals_for_partner(user=request.user, day_from=today - dt.timedelta(days=1),
                                               day_to=today + dt.timedelta(days=14))[:500])
    from passage.movements.manifests import assistance_for

    codes = assistance_for([r.person_id for r in rows], with_health=False)
    for row in rows:
        row.assistance = codes.get(row.person_id, [])
    return render(request, "movements/arrivals.html", {"rows": rows, "form": forms.HandOverForm()})


@login_required
@require_http_methods(["POST"])
def hand_over(request: HttpRequest, booking_id: int) -> HttpResponse:
    try:
        booking = selectors.bookings_for(user=request.user).get(pk=booking_id)
    except Booking.DoesNotExist as exc:
        raise Http404 from exc
    form = forms.HandOverForm(request.POST)
    last = booking.passenger_legs.order_by("-position").select_related("leg").first()
    if form.is_valid() and last is not None:
        try:
            tracking.record_events(actor=request.user, booking=booking, leg=last.leg, kind="handed_over",
                                   handed_over_to=form.cleaned_data["handed_over_to"],
                                   place=last.leg.arrival_airport)
        except DomainError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("Hand-over recorded."))
    else:
        messages.error(request, _("Say to whom the travellers were handed over."))
    return redirect("movements-arrivals")


# --- Notifications --------------------------------------------------------------------------------

@login_required
@require_http_methods(["GET", "POST"])
def notifications(request: HttpRequest) -> HttpResponse:
    from passage.movements import services
    from passage.movements.models import Subscription

    current = sorted(request.user.movement_subscriptions.values_list("kind", flat=True))
    form = forms.SubscriptionForm(request.POST or None, initial={"kinds": current})
    if request.method == "POST" and request.POST.get("mark_read"):
        services.mark_notifications_read(actor=request.user)
        return redirect("movements-notifications")
    if request.method == "POST" and form.is_valid():
        services.set_subscriptions(actor=request.user, kinds=form.cleaned_data["kinds"])
        messages.success(request, _("Your notifications are saved."))
        return redirect("movements-notifications")
    items = list(selectors.notifications_for(user=request.user)[:100])
    return render(request, "movements/notifications.html", {
        "form": form, "items": items, "unread": sum(1 for n in items if n.read_at is None),
        "kinds": Subscription.Kind.choices})
