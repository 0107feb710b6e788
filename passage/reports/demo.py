"""The demo world's movement history: the cases that have arrived (or closed) flew in the last two
years (with the movement events behind each status, for the board and the histories), a few
approved cases had a booking cancelled or did not show up, so the dashboard shows
figures after `make run`."""

from __future__ import annotations

from passage.core.models import Office
from passage.demo.extensions import DemoContext
from passage.registry.models import Case, CaseMember
from passage.reports import facts
from passage.reports.history import Traveller, create_history


def seed_history(ctx: DemoContext) -> dict:
    cases = list(Case.objects.filter(pk__in=ctx.case_ids, status__in=[
        Case.Status.ARRIVED, Case.Status.CLOSED, Case.Status.APPROVED]).values_list(
        "pk", "office_id", "office__country", "destination_country", "status").order_by("pk"))
    members: dict[int, list[int]] = {}
    for case_id, person_id in CaseMember.objects.filter(case_id__in=[c[0] for c in cases],
                                                        left_on__isnull=True).values_list("case_id", "person_id"):
        members.setdefault(case_id, []).append(person_id)
    hq = Office.objects.filter(kind=Office.Kind.HEADQUARTERS).order_by("pk").first()
    if hq is None or not cases:
        return {"past journeys": 0}
    moved = [Traveller(c[0], c[1], c[2], c[3], members[c[0]]) for c in cases
             if c[4] != Case.Status.APPROVED and c[0] in members]
    # A quarter of the approved cases had an earlier booking cancelled or missed (they wait again).
    waiting = [Traveller(c[0], c[1], c[2], c[3], members[c[0]]) for c in cases
               if c[4] == Case.Status.APPROVED and c[0] in members and ctx.rng.random() < 0.25]
    counts = create_history(moved, rng=ctx.rng, as_of=ctx.as_of, leg_office_id=hq.pk,
                            no_show_share=0.0, cancel_share=0.0, events=True)
    lost = create_history(waiting, rng=ctx.rng, as_of=ctx.as_of, leg_office_id=hq.pk, no_show_share=0.4,
                          cancel_share=0.6, events=True)
    built = facts.rebuild()
    return {"past journeys": counts["bookings"] + lost["bookings"], "journeys counted": built["journeys"],
            "movement events": counts["movement_events"] + lost["movement_events"]}
