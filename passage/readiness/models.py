"""Readiness rule sets (which clearances a destination requires) and each case's computed
readiness: its departure window(s) and what blocks it."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from passage.core.models import ScopeFields
from passage.registry.models import Case


class ReadinessRule(models.Model):
    """The clearances required for cases bound for one destination (and programme, where it differs).

    `requirements` is a list of {"kind", "per": "member"|"case", "min_age": int|null,
    "valid_on_arrival": bool}. An empty destination is the fallback for destinations without a
    rule; an empty programme applies to every programme of the destination."""

    destination_country = models.CharField(_("destination country"), max_length=3, blank=True)
    programme = models.CharField(_("programme"), max_length=30, blank=True)
    requirements = models.JSONField(_("requirements"), default=list)
    travel_days = models.PositiveSmallIntegerField(
        _("travel days"), default=2,
        help_text=_("Days from departure to arrival assumed when a clearance must still be valid on arrival."))
    notes = models.CharField(_("notes"), max_length=300, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["destination_country", "programme"]
        constraints = [
            models.UniqueConstraint(fields=["destination_country", "programme"], name="readiness_rule_once"),
        ]

    def __str__(self) -> str:
        return f"{self.destination_country or '*'} {self.programme or '*'}"


class ReadinessState(models.Model):
    """What the engine last computed for a case. Derived data: rewritten whenever an input changes
    (passage.registry.signals.case_inputs_changed) and by `manage.py recompute_readiness`."""

    class Status(models.TextChoices):
        READY = "ready", _("Has a departure window")
        BLOCKED = "blocked", _("Blocked")
        INACTIVE = "inactive", _("Not moving (closed, departed or stopped)")

    case = models.OneToOneField(Case, primary_key=True, on_delete=models.CASCADE, related_name="readiness")
    status = models.CharField(_("status"), max_length=10, choices=Status.choices)
    # The first window that had not ended on `as_of`; null bounds are open-ended.
    window_start = models.DateField(_("window opens"), null=True, blank=True)
    window_end = models.DateField(_("window closes"), null=True, blank=True)
    windows = models.JSONField(default=list, help_text="Every window not ended on as_of: [[start, end], ...].")
    # [{person_id, person, kind, problem, blocking, detail, date, actor}, ...]
    blockers = models.JSONField(default=list)
    reason = models.CharField(_("main reason"), max_length=40, blank=True,
                              help_text="kind:problem of the first blocking item, for grouping the board.")
    as_of = models.DateField()
    computed_at = models.DateTimeField()

    SCOPE = ScopeFields(office="case__office", partner_country="case__destination_country")

    class Meta:
        indexes = [
            models.Index(fields=["status", "window_start"], name="readiness_status_start_idx"),
            models.Index(fields=["window_end"], name="readiness_window_end_idx", condition=Q(status="ready")),
            models.Index(fields=["reason"], name="readiness_reason_idx", condition=Q(status="blocked")),
        ]
