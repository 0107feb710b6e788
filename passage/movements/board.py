"""The live movement board's push channel.

A movement event, once committed, is announced with `announce()`. Every open board connection
(an async Server-Sent Events view) holds a queue in this process's `Broadcaster`. On SQLite (one
process) `announce()` hands the message to the broadcaster directly. On PostgreSQL it sends
`NOTIFY passage_board`, and each process runs one listener task (one extra connection, however
many boards are open) that relays the notifications to its own queues, so an event recorded by
any process reaches every board within a moment.

Messages carry only the event kind and the leg id: each board then reloads its own, scoped view of
the day, so nothing crosses an office's scope through the channel.
"""

from __future__ import annotations

import asyncio
import json
import logging
import threading

from django.conf import settings
from django.db import connection

logger = logging.getLogger(__name__)

CHANNEL = "passage_board"


class Broadcaster:
    """Fan-out of messages to the queues of the open board connections of this process."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._subscribers: dict[asyncio.Queue, asyncio.AbstractEventLoop] = {}
        self._listener: asyncio.Task | None = None

    def subscribe(self) -> asyncio.Queue:
        queue: asyncio.Queue = asyncio.Queue(maxsize=100)
        loop = asyncio.get_running_loop()
        with self._lock:
            self._subscribers[queue] = loop
        if _uses_postgresql():
            self._ensure_listener(loop)
        return queue

    def unsubscribe(self, queue: asyncio.Queue) -> None:
        with self._lock:
            self._subscribers.pop(queue, None)

    @property
    def count(self) -> int:
        return len(self._subscribers)

    def publish(self, message: str) -> None:
        """Thread-safe: called from the request thread after a commit, or from the listener."""
        with self._lock:
            targets = list(self._subscribers.items())
        for queue, loop in targets:
            try:
                loop.call_soon_threadsafe(_put, queue, message)
            except RuntimeError:  # the loop has closed: the connection is gone
                self.unsubscribe(queue)

    def _ensure_listener(self, loop: asyncio.AbstractEventLoop) -> None:
        with self._lock:
            if self._listener is not None and not self._listener.done():
                return
            self._listener = loop.create_task(self._listen())

    async def _listen(self) -> None:
        import psycopg

        params = connection.get_connection_params()
        params.pop("cursor_factory", None)
        params.pop("context", None)
        while True:
            try:
                conn = await psycopg.AsyncConnection.connect(autocommit=True, **_plain_params(params))
                async with conn:
                    await conn.execute(f"LISTEN {CHANNEL}")
                    async for notify in conn.notifies():
                        self.publish(notify.payload)
            except asyncio.CancelledError:
                raise
            except Exception:  # the database went away: retry, the boards keep their connections
                logger.exception("Board listener lost its connection; retrying")
                await asyncio.sleep(1)


def _put(queue: asyncio.Queue, message: str) -> None:
    if queue.full():  # a stalled client: drop its oldest message, the next reload catches up
        queue.get_nowait()
    queue.put_nowait(message)


def _plain_params(params: dict) -> dict:
    keep = ("dbname", "user", "password", "host", "port", "sslmode", "options")
    return {k: v for k, v in params.items() if k in keep and v not in (None, "")}


def _uses_postgresql() -> bool:
    return settings.DATABASES["default"]["ENGINE"].endswith("postgresql")


broadcaster = Broadcaster()


def announce(**fields) -> None:
    """Tell every open board that something moved (call after commit)."""
    message = json.dumps(fields, default=str)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_notify(%s, %s)", [CHANNEL, message])
    else:
        broadcaster.publish(message)
