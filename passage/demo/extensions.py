"""Modules add their part of the demo world (courses, health records, flights...) here, from their
AppConfig.ready(), so the demo app does not import them. seed_demo runs each extension in order of
registration, after the cases, in the same transaction, with its own seeded random generator."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class DemoContext:
    """What an extension gets: the random generator to use (never the global one), the day the
    demo world is set on, and the primary keys of the cases this run added."""

    rng: random.Random
    as_of: dt.date
    case_ids: list[int]


Extension = Callable[[DemoContext], dict]  # returns counts for the summary line, e.g. {"courses": 12}
_EXTENSIONS: list[tuple[str, Extension]] = []


def register(name: str, extension: Extension) -> None:
    if all(existing != name for existing, _ in _EXTENSIONS):
        _EXTENSIONS.append((name, extension))


def run_all(*, seed: int, as_of: dt.date, case_ids: list[int]) -> dict[str, dict]:
    results = {}
    for offset, (name, extension) in enumerate(_EXTENSIONS, start=1):
        # Reproducible synthetic data, not security.
        rng = random.Random(seed * 1000 + offset)  # nosec B311
        results[name] = extension(DemoContext(rng=rng, as_of=as_of, case_ids=case_ids))
    return results
