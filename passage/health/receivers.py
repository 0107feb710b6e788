"""The health clearance follows the registry inputs it derives from: a member's date of birth (the
chest X-ray's minimum age), the case's destination (whose rule applies) and the case's membership
(which case's destination, and the cases the clearance is written to). The registry announces
those changes with `case_inputs_changed` inside its writing transaction; the receiver recomputes
the affected persons' health clearances in that same transaction, so the readiness engine (which
listens to the clearance change that follows) never reads a stale one.

Only persons with a health assessment are recomputed: without one the clearance is "assessment
missing" whatever the registry says, and a person the clinic has not seen gets no health clearance
from a registry change."""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import Exists, OuterRef

from passage.registry import signals
from passage.registry.models import CaseMember

# What the derivation reads from the registry. Clearance changes (the health module's own among
# them) and case workflow moves are not inputs, so recording a health record does not come back here.
HEALTH_INPUTS = frozenset({signals.DATE_OF_BIRTH, signals.DESTINATION, signals.COMPOSITION})
CHUNK = 2000


def persons_to_recompute(case_ids: Iterable[int]) -> list[int]:
    """Members of the cases (those who left too: their destination may now come from another case)
    who have a health assessment."""
    from passage.health.models import Assessment

    ids = sorted(set(case_ids))
    persons: set[int] = set()
    for start in range(0, len(ids), CHUNK):
        members = CaseMember.objects.filter(case_id__in=ids[start:start + CHUNK]).filter(
            Exists(Assessment.objects.filter(person_id=OuterRef("person_id"))))
        persons.update(members.values_list("person_id", flat=True))
    return sorted(persons)


def on_case_inputs_changed(sender, case_ids: list[int], inputs: frozenset[str] = frozenset(), actor=None,
                           **kwargs) -> None:
    """Recompute the health clearances a registry change affects; an unspecified change counts."""
    if inputs and not inputs & HEALTH_INPUTS:
        return
    person_ids = persons_to_recompute(case_ids)
    if person_ids:
        from passage.health.services import recompute_clearances

        recompute_clearances(actor=actor, person_ids=person_ids)
