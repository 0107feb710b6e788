"""The live movement board's push channel.

A movement event, once committed, is announced with `announce()`. Every open board connection
(a Server-Sent Events stream) holds a queue in this process's `Broadcaster`. On SQLite (one
process) `announce()` hands the message to the broadcaster directly. On PostgreSQL it sends
`NOTIFY passage_board`, and each process runs one listener thread (one extra database
connection, however many boards are open) that relays the notifications to its own queues, so
an event recorded by any process reaches every board within a moment.

Messages carry only the event kind and the leg id: each board then reloads its own, scoped view of
the day, so nothing crosses an office's scope through the channel.
"""

from __future__ import annotations

import asyncio
import json
import logging
import queue as sync_queue
import threading
import time

from django.db import connection

logger = logging.getLogger(__name__)

CHANNEL = "passage_board"
QUEUE_SIZE = 100
# How often the listener wakes up to see whether any board is still open.
LISTEN_POLL_SECONDS = 1.0


class Broadcaster:
    """Fan-out of messages to the open board connections of this process: asyncio queues for the
    async stream (ASGI), thread queues for the synchronous one (the development server)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._async: dict[asyncio.Queue, asyncio.AbstractEventLoop] = {}
        self._sync: set[sync_queue.Queue] = set()
        self._listener: threading.Thread | None = None

    def subscribe(self) -> asyncio.Queue:
        """A queue for the calling event loop's stream; call `unsubscribe` when it closes."""
        queue: asyncio.Queue = asyncio.Queue(maxsize=QUEUE_SIZE)
        with self._lock:
            self._async[queue] = asyncio.get_running_loop()
        self._ensure_listener()
        return queue

    def subscribe_sync(self) -> sync_queue.Queue:
        queue: sync_queue.Queue = sync_queue.Queue(maxsize=QUEUE_SIZE)
        with self._lock:
            self._sync.add(queue)
        self._ensure_listener()
        return queue

    def unsubscribe(self, queue) -> None:
        with self._lock:
            self._async.pop(queue, None)
            self._sync.discard(queue)

    @property
    def count(self) -> int:
        return len(self._async) + len(self._sync)

    def publish(self, message: str) -> None:
        """Thread-safe: called after a commit in a request thread, or by the listener thread."""
        with self._lock:
            targets = list(self._async.items())
            sync_targets = list(self._sync)
        for queue, loop in targets:
            try:
                loop.call_soon_threadsafe(_put, queue, message)
            except RuntimeError:  # the loop has closed: the connection is gone
                self.unsubscribe(queue)
        for queue in sync_targets:
            _put(queue, message)

    def _ensure_listener(self) -> None:
        if connection.vendor != "postgresql":
            return
        with self._lock:
            if self._listener is not None and self._listener.is_alive():
                return
            self._listener = threading.Thread(target=self._listen, args=(_connection_params(),),
                                              name="passage-board-listener", daemon=True)
            self._listener.start()

    def _listen(self, params: dict) -> None:
        """Relay notifications while any board is open; the thread ends (and its database
        connection closes) when the last board closes, and starts again with the next one."""
        import psycopg

        while self.count:
            try:
                with psycopg.connect(autocommit=True, **params) as conn:
                    conn.execute(f"LISTEN {CHANNEL}")
                    while self.count:
                        for notify in conn.notifies(timeout=LISTEN_POLL_SECONDS):
                            self.publish(notify.payload)
            except Exception:  # the database went away: retry; the boards keep their connections
                logger.exception("Board listener lost its connection; retrying")
                time.sleep(1)


def _put(queue, message: str) -> None:
    try:
        queue.put_nowait(message)
    except (asyncio.QueueFull, sync_queue.Full):
        # A stalled client: drop its oldest message; any message makes the board reload anyway.
        queue.get_nowait()
        queue.put_nowait(message)


def _connection_params() -> dict:
    params = connection.get_connection_params()
    keep = ("dbname", "user", "password", "host", "port", "sslmode")
    return {k: v for k, v in params.items() if k in keep and v not in (None, "")}


broadcaster = Broadcaster()


def announce(**fields) -> None:
    """Tell every open board that something moved (call once the change has committed)."""
    message = json.dumps(fields, default=str)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_notify(%s, %s)", [CHANNEL, message])
    else:
        broadcaster.publish(message)
