"""Benchmark: open live-board connections (Server-Sent Events) held by one uvicorn process, and
how long a movement event takes to reach every one of them.

    .venv/bin/python bench/board_sse.py --database sqlite --connections 200
    .venv/bin/python bench/board_sse.py --database postgres --connections 200

Uses a throw-away database (see bench/scratch.py) and starts `uvicorn passage.asgi:application` on
127.0.0.1 (one worker). Opens N board streams with a signed-in session, then records movement
events through the API (check-in, boarding, departure, ...) and measures, for each event, the time
from sending the API request until each board has received the push. Prints one JSON object.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import json
import os
import socket
import statistics
import subprocess  # nosec B404 - starts our own ASGI server for the benchmark
import sys
import time
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from scratch import scratch_database  # noqa: E402

EVENTS = ["checked_in", "boarded", "departed", "arrived"]
OPEN_WAVE = 25


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def prepare() -> dict:
    """A signed-in movement officer at headquarters and a ticketed family on a leg leaving soon."""
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore
    from django.utils import timezone

    from passage.core import services as core_services
    from passage.core.models import Membership, Office, Role, User
    from passage.movements import airports, services
    from passage.registry.models import Case, CaseMember, Person

    hq = Office.objects.create(code="HQ", name="Headquarters", kind=Office.Kind.HEADQUARTERS, country="CHE")
    office = Office.objects.create(code="CO-KEN", name="Kenya", kind=Office.Kind.COUNTRY, country="KEN", parent=hq)
    user = User.objects.create(username="bench")
    for role in (Role.MOVEMENT_OFFICER, Role.OFFICE_ADMIN):
        Membership.objects.create(user=user, office=hq, role=role)
    case = Case.objects.create(number="KEN-2026-000001", office=office, programme="resettlement",
                               destination_country="USA", registered_on=dt.date(2026, 1, 1))
    for i in range(4):
        person = Person.objects.create(office=office, given_name=f"Given{i}", family_name="Family", sex="MF"[i % 2],
                                       date_of_birth=dt.date(1990, 1, 1), nationality="SOM")
        CaseMember.objects.create(case=case, person=person, relationship="PA" if i == 0 else "child",
                                  joined_on=dt.date(2026, 1, 1))
    now = timezone.now()
    dep = airports.local("NBO", now + dt.timedelta(minutes=30))
    arr = airports.local("JFK", now + dt.timedelta(hours=16))
    leg = services.create_leg(actor=user, office=hq, data=services.LegInput(
        mode="air", carrier="ET", number="9001", departure_airport="NBO", arrival_airport="JFK",
        departure_local=dep.replace(tzinfo=None), arrival_local=arr.replace(tzinfo=None), seats=10))
    booking = services.book_case(actor=user, case=case, data=services.BookingInput(
        leg_ids=[leg.pk], record_locator="BENCH1", fare=Decimal("100"), currency="USD"))
    services.confirm_booking(actor=user, booking=booking, override_reason="Benchmark")
    tickets = {(row.person_id, row.leg_id): f"157{i:010d}" for i, row in enumerate(booking.passenger_legs.all())}
    services.ticket_booking(actor=user, booking=booking, tickets=tickets)
    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.create()
    token = core_services.create_api_token(actor=user, name="bench").secret
    return {"session": session.session_key, "token": token, "booking": booking.pk, "leg": leg.pk}


async def open_stream(port: int, session: str):
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    writer.write((f"GET /movements/board/stream HTTP/1.1\r\nHost: 127.0.0.1\r\nCookie: sessionid={session}\r\n"
                  "Accept: text/event-stream\r\n\r\n").encode())
    await writer.drain()
    buffer = b""
    while b"retry" not in buffer:
        chunk = await reader.read(4096)
        if not chunk:
            raise RuntimeError(f"stream closed: {buffer[:200]!r}")
        buffer += chunk
    return reader, writer


async def wait_for_event(reader) -> float:
    buffer = b""
    while b"event: movement" not in buffer:
        chunk = await reader.read(4096)
        if not chunk:
            raise RuntimeError("stream closed")
        buffer += chunk
    return time.perf_counter()


async def post_event(port: int, token: str, booking: int, leg: int, kind: str) -> int:
    body = json.dumps({"leg_id": leg, "kind": kind, "place": "NBO"}).encode()
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    writer.write((f"POST /api/v1/movements/bookings/{booking}/events HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                  f"Authorization: Bearer {token}\r\nContent-Type: application/json\r\n"
                  f"Content-Length: {len(body)}\r\nConnection: close\r\n\r\n").encode() + body)
    await writer.drain()
    status_line = await reader.readline()
    writer.close()
    return int(status_line.split()[1])


def database_connections() -> int | None:
    """PostgreSQL sessions on the benchmark database (the server's and this script's): boards must
    not each hold one. None on SQLite."""
    from django.db import connection

    if connection.vendor != "postgresql":
        return None
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()")
        count = cursor.fetchone()[0]
    connection.close()
    return count


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return round(int(line.split()[1]) / 1024, 1)
    return 0.0


async def run(port: int, n: int, info: dict, server_pid: int) -> dict:
    started = time.perf_counter()
    streams = []
    # Boards open in waves of 25: while a request is authenticated it holds a database connection
    # (released once its stream starts), and PostgreSQL allows 100 clients on this machine.
    for first in range(0, n, OPEN_WAVE):
        streams += await asyncio.gather(*(open_stream(port, info["session"])
                                          for _ in range(min(OPEN_WAVE, n - first))))
    open_seconds = time.perf_counter() - started
    rss_open = rss_mb(server_pid)
    held = await asyncio.to_thread(database_connections)
    latencies, posts = [], []
    for kind in EVENTS:
        waiters = [asyncio.ensure_future(wait_for_event(reader)) for reader, _w in streams]
        sent = time.perf_counter()
        status = await post_event(port, info["token"], info["booking"], info["leg"], kind)
        posts.append(status)
        received = await asyncio.wait_for(asyncio.gather(*waiters), 30)
        latencies.append([(t - sent) * 1000 for t in received])
        await asyncio.sleep(0.2)
    for _r, writer in streams:
        writer.close()
    every = sorted(x for batch in latencies for x in batch)
    last = [max(batch) for batch in latencies]
    return {
        "connections": n,
        "open_all_seconds": round(open_seconds, 2),
        "server_rss_mb_with_connections_open": rss_open,
        "database_connections_with_boards_open": held,
        "api_statuses": posts,
        "events": len(EVENTS),
        "delivery_ms_median": round(statistics.median(every), 1),
        "delivery_ms_p95": round(every[int(len(every) * 0.95)], 1),
        "last_board_ms_per_event": [round(x, 1) for x in last],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--database", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--connections", type=int, default=200)
    args = parser.parse_args()

    with scratch_database(args.database):
        from django.db import connection

        info = prepare()
        vendor = connection.vendor
        connection.close()
        port = free_port()
        env = {**os.environ, "PASSAGE_DEBUG": "0", "PASSAGE_ALLOWED_HOSTS": "127.0.0.1"}
        server = subprocess.Popen(  # nosec B603 - fixed arguments, our own module
            [sys.executable, "-m", "uvicorn", "passage.asgi:application", "--host", "127.0.0.1", "--port",
             str(port), "--log-level", "warning", "--no-access-log"], cwd=ROOT, env=env)
        try:
            for _ in range(100):
                try:
                    socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                    break
                except OSError:
                    time.sleep(0.2)
            figures = asyncio.run(run(port, args.connections, info, server.pid))
        finally:
            server.terminate()
            server.wait(timeout=10)
        print(json.dumps({"benchmark": "board_sse", "date": dt.date.today().isoformat(), "database": vendor,
                          "server": "uvicorn, 1 worker", **figures}))


if __name__ == "__main__":
    main()
