"""The live board's push: a committed movement event reaches open boards through the broadcaster
(in-process on SQLite, LISTEN/NOTIFY on PostgreSQL), and the SSE view streams it."""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import json
import queue

import pytest
from asgiref.sync import sync_to_async
from django.db import connection, connections
from django.test import AsyncRequestFactory

from passage.core.errors import DomainError
from passage.movements import tracking
from passage.movements.board import broadcaster
from passage.movements.views_board import board_stream

WAIT = 5  # seconds to wait for a message before failing (a limit, not a measurement)


def _to_amman(leg_from_now):
    return leg_from_now("NBO", "AMM", "KQ", "310", departs_in=dt.timedelta(minutes=30),
                        arrives_in=dt.timedelta(hours=6), seats=10)


@pytest.fixture
def soon(leg_from_now):
    """Leaving Nairobi for Amman in half an hour (the shared `soon` flies to New York)."""
    return _to_amman(leg_from_now)


def test_a_committed_event_reaches_an_open_board(world, staff, soon, ticketed, django_capture_on_commit_callbacks):
    if connection.vendor != "sqlite":
        pytest.skip("on PostgreSQL the message goes through NOTIFY, tested below")
    booking = ticketed(world.case_a, [soon])
    inbox = broadcaster.subscribe_sync()
    try:
        with django_capture_on_commit_callbacks(execute=True):
            tracking.record_events(actor=staff.mo_a, booking=booking, leg=soon, kind="checked_in")
        message = json.loads(inbox.get(timeout=WAIT))
    finally:
        broadcaster.unsubscribe(inbox)
    assert message == {"kind": "checked_in", "leg_id": soon.pk, "booking_id": booking.pk, "count": 3}


def test_nothing_is_announced_when_the_event_is_refused(world, staff, soon, ticketed,
                                                        django_capture_on_commit_callbacks):
    booking = ticketed(world.case_a, [soon])
    inbox = broadcaster.subscribe_sync()
    try:
        with django_capture_on_commit_callbacks(execute=True) as callbacks, pytest.raises(DomainError):
            tracking.record_events(actor=staff.mo_a, booking=booking, leg=soon, kind="arrived")
        assert callbacks == []
        with pytest.raises(queue.Empty):
            inbox.get(timeout=0.2)
    finally:
        broadcaster.unsubscribe(inbox)


@pytest.mark.django_db(transaction=True)
def test_on_postgresql_events_travel_by_listen_notify(airlines, world, staff, leg_from_now, ticketed):
    if connection.vendor != "postgresql":
        pytest.skip("LISTEN/NOTIFY needs PostgreSQL")
    leg = _to_amman(leg_from_now)
    booking = ticketed(world.case_a, [leg])
    inbox = broadcaster.subscribe_sync()
    try:
        import time

        time.sleep(0.5)  # the listener thread connects and LISTENs
        tracking.record_events(actor=staff.mo_a, booking=booking, leg=leg, kind="checked_in")
        message = json.loads(inbox.get(timeout=WAIT))
    finally:
        broadcaster.unsubscribe(inbox)
        if broadcaster._listener is not None:  # the listener leaves once no board is open
            broadcaster._listener.join(timeout=WAIT)
    assert message["kind"] == "checked_in" and message["leg_id"] == leg.pk


# transaction=True: the view checks the role in another thread (sync_to_async), which must not wait
# for the test's own open transaction.
@pytest.mark.django_db(transaction=True)
def test_the_stream_sends_a_movement_event(world, staff):
    async def scenario():
        request = AsyncRequestFactory().get("/movements/board/stream")

        async def auser():
            return staff.mo_a

        request.auser = auser
        response = await board_stream(request)
        assert response["Content-Type"] == "text/event-stream"
        received: asyncio.Queue = asyncio.Queue()

        async def read():  # what the ASGI server does with the response
            async for chunk in response.streaming_content:
                await received.put(chunk.decode() if isinstance(chunk, bytes) else chunk)

        reader = asyncio.ensure_future(read())
        assert "retry" in await asyncio.wait_for(received.get(), WAIT)
        broadcaster.publish(json.dumps({"kind": "departed", "leg_id": 1}))
        text = await asyncio.wait_for(received.get(), WAIT)
        assert text.startswith("event: movement\n") and '"departed"' in text
        reader.cancel()  # the browser goes away: the server cancels the stream
        with contextlib.suppress(asyncio.CancelledError):
            await reader
        assert broadcaster.count == 0
        if broadcaster._listener is not None:  # on PostgreSQL: the listener leaves with the last board
            await asyncio.to_thread(broadcaster._listener.join, WAIT)

    asyncio.run(scenario())


@pytest.mark.django_db(transaction=True)
def test_the_stream_refuses_anonymous_and_roleless_users(world):
    from django.contrib.auth.models import AnonymousUser

    async def as_user(user):
        request = AsyncRequestFactory().get("/movements/board/stream")

        async def auser():
            return user

        request.auser = auser
        return (await board_stream(request)).status_code

    assert asyncio.run(as_user(AnonymousUser())) == 401
    assert asyncio.run(as_user(world.no_role)) == 403
    # The role check ran in asgiref's worker thread: close its connection, as the end of a request would.
    asyncio.run(sync_to_async(connections.close_all)())
