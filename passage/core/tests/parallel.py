"""Run work in parallel threads that all start at once, for the concurrency tests (PostgreSQL)."""

from __future__ import annotations

import threading
from collections.abc import Callable

from django.db import connection


def run_in_parallel(n: int, work: Callable[[int], object]) -> list:
    """Call work(0) .. work(n - 1) in n threads released together by a barrier; each thread has its
    own database connection, closed when it ends. Returns each call's result, or the exception it
    raised, in call order."""
    results, barrier = [None] * n, threading.Barrier(n)

    def run(i: int) -> None:
        try:
            barrier.wait()
            results[i] = work(i)
        except Exception as exc:  # returned to the caller, which asserts on it
            results[i] = exc
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return results
