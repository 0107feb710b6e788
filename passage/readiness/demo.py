"""The readiness part of the demo world: clearances with realistic validity on the new cases, so the
board has cases ready now, opening soon, closing soon and blocked for each kind of reason; then every
new case's readiness is computed. Bulk writes: 100,000 cases take seconds, not minutes."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from passage.demo import extensions
from passage.demo.extensions import DemoContext
from passage.readiness import engine
from passage.registry.models import Case, CaseMember, Clearance

# Usual validity in days (None: open-ended). Medical clearances hold six months; exit permits are
# short (exit procedures take up to a month, the permit then holds about two); visas and travel
# letters three to four months; security checks about fifteen months.
VALIDITY = {"security_check": 450, "case_approval": 450, "exit_permit": 60, "visa": 120,
            "reception_assurance": None, "health": 180, "orientation": 180}
CASE_KINDS = ("case_approval", "reception_assurance")
MEMBER_KINDS = ("security_check", "exit_permit", "visa", "health", "orientation")
ORIENTATION_AGE = 14
# What blocks a blocked case: (kind, status or "expired" or "missing").
BLOCKS = (("exit_permit", "expired"), ("exit_permit", "pending"), ("visa", "pending"), ("visa", "refused"),
          ("health", "pending"), ("health", "missing"), ("security_check", "expired"), ("orientation", "missing"),
          ("case_approval", "pending"), ("reception_assurance", "missing"))
SCENARIOS = (("ready", 40), ("closing", 12), ("opening", 15), ("blocked", 33))


def _days(n: int) -> dt.timedelta:
    return dt.timedelta(days=n)


class _Writer:
    def __init__(self, ctx: DemoContext, kinds: set[str]) -> None:
        self.ctx, self.kinds, self.rows = ctx, kinds, []

    def grant(self, case_id, person_id, kind, start, *, end="auto", status="granted") -> None:
        if kind not in self.kinds:
            return
        if end == "auto" and start is not None:
            end = None if VALIDITY[kind] is None else start + _days(VALIDITY[kind])
        granted = status == "granted"
        self.rows.append(Clearance(case_id=case_id, person_id=person_id, kind=kind, status=status,
                                   valid_from=start if granted else None, valid_until=end if granted else None,
                                   reference=f"DEMO-{kind[:3].upper()}-{case_id}"))

    def ready_start(self, kind: str) -> dt.date:
        """A start so that the clearance still holds a month or more after as_of."""
        length = VALIDITY[kind] or 400
        return self.ctx.as_of - _days(self.ctx.rng.randint(5, max(6, min(length - 35, 120))))


def _seed_case(w: _Writer, case_id: int, status: str, members: list[tuple[int, dt.date]]) -> None:
    rng, as_of = w.ctx.rng, w.ctx.as_of
    adults = {p for p, dob in members if (as_of - dob).days >= ORIENTATION_AGE * 365}
    pairs = [(None, k) for k in CASE_KINDS] + [(p, k) for p, _dob in members for k in MEMBER_KINDS
                                               if k != "orientation" or p in adults]
    if status == "in_processing":
        w.grant(case_id, None, "case_approval", None, status="pending")
        for person_id, _dob in members:
            if rng.random() < 0.7:
                w.grant(case_id, person_id, "security_check", w.ready_start("security_check"))
            if rng.random() < 0.3:
                w.grant(case_id, person_id, "health", w.ready_start("health"))
        return
    scenario = rng.choices([s for s, _ in SCENARIOS], weights=[n for _, n in SCENARIOS])[0]
    if status == "booked":
        scenario = "ready"
    special = rng.choice(pairs) if pairs else None
    block_kind, block = rng.choice(BLOCKS)
    blocked_pairs = [pair for pair in pairs if pair[1] == block_kind] if scenario == "blocked" else []
    blocked = rng.choice(blocked_pairs) if blocked_pairs else None
    for person_id, kind in pairs:
        start = w.ready_start(kind)
        if (person_id, kind) == blocked:
            if block == "expired":
                w.grant(case_id, person_id, kind, as_of - _days(VALIDITY[kind] + rng.randint(1, 40)))
            elif block != "missing":
                w.grant(case_id, person_id, kind, None, status=block)
            continue
        if (person_id, kind) == special and scenario == "closing" and VALIDITY[kind]:
            w.grant(case_id, person_id, kind, start, end=as_of + _days(rng.randint(4, 14)))
        elif (person_id, kind) == special and scenario == "opening":
            w.grant(case_id, person_id, kind, as_of + _days(rng.randint(1, 13)))
        else:
            w.grant(case_id, person_id, kind, start)


def seed_readiness(ctx: DemoContext) -> dict:
    registered = {name for name, _fn in extensions._EXTENSIONS}
    # Health clearances are derived by the health module; where it seeds its own demo records, it
    # seeds their clearances too and this one leaves them alone. Orientation clearances here stand
    # for courses completed before the demo's own courses (orientation/demo.py).
    kinds = {*CASE_KINDS, *MEMBER_KINDS} - ({"health"} if "health" in registered else set())
    writer = _Writer(ctx, kinds)
    total = 0
    step = 5000
    for i in range(0, len(ctx.case_ids), step):
        ids = ctx.case_ids[i:i + step]
        members: dict[int, list[tuple[int, dt.date]]] = defaultdict(list)
        for case_id, person_id, dob in (CaseMember.objects.filter(case_id__in=ids, left_on__isnull=True)
                                        .order_by("case_id", "pk").values_list("case_id", "person_id",
                                                                                 "person__date_of_birth")):
            members[case_id].append((person_id, dob))
        for case_id, status in Case.objects.filter(pk__in=ids).order_by("pk").values_list("pk", "status"):
            if status in ("in_processing", "approved", "booked", "on_hold"):
                _seed_case(writer, case_id, status, members[case_id])
        # ignore_conflicts: a module that seeded its own derived clearance (an orientation course) keeps it.
        Clearance.objects.bulk_create(writer.rows, batch_size=2000, ignore_conflicts=True)
        total += len(writer.rows)
        writer.rows = []
    return {"clearances": total}


def compute_readiness(ctx: DemoContext) -> dict:
    """Runs after the modules' own demo parts (registered last), so every clearance is in."""
    return {"readiness_states": engine.recompute(ctx.case_ids, as_of=ctx.as_of)}
