"""Words for the board and the rule pages: what each problem and role is called, and where to act."""

from __future__ import annotations

from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

from passage.readiness.rules import KIND_NAMES

PROBLEMS = {
    "missing": _("missing"),
    "pending": _("pending"),
    "refused": _("refused"),
    "expired": _("expired"),
    "expiring": _("expiring soon"),
    "not_yet_valid": _("valid only later"),
    "on_hold": _("case on hold"),
    "no_common_window": _("no common window: validity periods do not overlap"),
    "window_ended": _("window ended: waiting for the nightly recompute"),
}
ACTORS = {
    "caseworker": _("Caseworker"),
    "medical_officer": _("Medical officer"),
    "trainer": _("Trainer"),
    "movement_officer": _("Movement officer"),
}
VIEWS = {
    "ready_now": _("Ready now"),
    "ready_soon": _("Ready within two weeks"),
    "closing": _("Windows closing within 14 days"),
    "blocked": _("Blocked"),
}


def kind_name(kind: str) -> str:
    return str(KIND_NAMES.get(kind, _("Case")))


def reason_label(reason: str) -> str:
    """'exit_permit:expired' -> 'Exit permit: expired'."""
    if not reason:
        return str(PROBLEMS["window_ended"])
    kind, _sep, problem = reason.partition(":")
    if kind == "case":
        return str(PROBLEMS.get(problem, problem)).capitalize()
    return f"{kind_name(kind)}: {PROBLEMS.get(problem, problem)}"


def act_url(case_number: str, kind: str) -> str:
    """Where to act on a blocker: the orientation courses for orientation, otherwise the case page's
    clearances."""
    if kind == "orientation":
        try:
            return reverse("orientation-courses")
        except NoReverseMatch:
            pass
    return reverse("case-detail", args=[case_number]) + "#clearances"
