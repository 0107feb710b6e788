"""From a destination's rule and a person's health records to their health clearance, and the
pre-embarkation window. Pure functions over plain values, so they are tested without a database and
run the same for one person (after each record) and for ten thousand (recompute_health_clearances).

Reasons are read by every staff member who sees the case, so they name what is missing or the
fitness decision, never a clinical finding. They are stored on the clearance row, so they are
written in English whatever the language of the request that caused the recomputation."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.utils import translation
from django.utils.translation import gettext as _

ACTIVE_TB = "active"
POSITIVE = "positive"


@dataclass(frozen=True)
class Rule:
    destination: str
    chest_xray_min_age: int
    required_labs: tuple[str, ...]
    required_vaccines: tuple[str, ...]
    assessment_validity_days: int
    pre_embarkation_window_hours: int


@dataclass
class Records:
    """What the derivation reads of one person (decrypted values; newest first in each list)."""

    date_of_birth: dt.date
    assessments: list[tuple[str, dt.datetime]] = field(default_factory=list)  # (kind, performed_at)
    xrays: list[tuple[dt.date, str]] = field(default_factory=list)  # (taken_on, reading)
    labs: list[tuple[str, dt.date, str]] = field(default_factory=list)  # (test, taken_on, result)
    tb_classifications: list[tuple[dt.date, str]] = field(default_factory=list)
    vaccines: set[str] = field(default_factory=set)
    treatments_open: int = 0  # treatments without an end date
    fitness: tuple[str, dt.date | None] | None = None  # (decision, not_fit_until) of the newest
    latest_mha: tuple[dt.datetime, str] | None = None  # (performed_at, destination) of the newest mha


@dataclass(frozen=True)
class Outcome:
    status: str  # a registry Clearance.Status value
    reason: str = ""
    valid_from: dt.date | None = None
    valid_until: dt.date | None = None


def age_on(born: dt.date, day: dt.date) -> int:
    return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


def derive(rule: Rule, records: Records, *, today: dt.date) -> Outcome:
    """The health clearance the rule gives these records on `today`: the first unmet condition
    (in the order the clinic works) decides, else granted for the assessment's validity."""
    with translation.override("en"):
        return _derive(rule, records, today=today)


def _derive(rule: Rule, records: Records, *, today: dt.date) -> Outcome:
    mhas = [at for kind, at in records.assessments if kind == "mha"]
    if not mhas:
        return Outcome("pending", _("Migration health assessment missing"))
    assessed_on = max(mhas).date()
    valid_until = assessed_on + dt.timedelta(days=rule.assessment_validity_days)
    if valid_until < today:
        return Outcome("pending", _("Migration health assessment expired on %(date)s") % {"date": valid_until})
    if age_on(records.date_of_birth, assessed_on) >= rule.chest_xray_min_age and not records.xrays:
        return Outcome("pending", _("Chest X-ray missing (required from age %(age)d for %(destination)s)")
                       % {"age": rule.chest_xray_min_age, "destination": rule.destination})
    needs_sputum = any(reading == "suggestive_tb" for _on, reading in records.xrays)
    done = {test: result for test, _on, result in reversed(records.labs)}  # newest wins
    required = list(rule.required_labs)
    if needs_sputum:
        required += [t for t in ("sputum_smear", "sputum_culture") if t not in required]
    for test in required:
        if test not in done:
            return Outcome("pending", _("Laboratory test missing: %(test)s (required for %(destination)s)")
                           % {"test": _label(test), "destination": rule.destination})
        if done[test] == "pending":
            return Outcome("pending", _("Laboratory result awaited: %(test)s") % {"test": _label(test)})
    tb_active = (records.tb_classifications and records.tb_classifications[0][1] == ACTIVE_TB) or any(
        done.get(t) == POSITIVE for t in ("sputum_smear", "sputum_culture", "tb_molecular"))
    if tb_active and records.treatments_open:
        return Outcome("refused", _("Under treatment before travel"))
    if tb_active:
        return Outcome("refused", _("Treatment required before travel"))
    missing = [v for v in rule.required_vaccines if v not in records.vaccines]
    if missing:
        return Outcome("pending", _("Vaccination missing: %(vaccines)s (required for %(destination)s)")
                       % {"vaccines": ", ".join(_label(v, vaccine=True) for v in missing),
                          "destination": rule.destination})
    if records.fitness is None:
        return Outcome("pending", _("Fitness to travel not decided"))
    decision, until = records.fitness
    if decision == "not_fit":
        if until is None or until > today:
            return Outcome("refused", _("Not fit to travel until %(date)s") % {"date": until or "?"})
    elif decision == "deferred":
        return Outcome("pending", _("Fitness to travel deferred"))
    return Outcome("granted", valid_from=assessed_on, valid_until=valid_until)


def _label(code: str, *, vaccine: bool = False) -> str:
    from passage.health.models import LabTest, Vaccination

    choices = dict(Vaccination.Vaccine.choices if vaccine else LabTest.Test.choices)
    return str(choices.get(code, code))


def pre_embarkation_refusal(performed_at: dt.datetime, departure: dt.datetime | None, window_hours: int) -> str | None:
    """Why a pre-embarkation check at `performed_at` does not fit the booked `departure` (None: it
    fits, or there is no booking to check against). The check belongs in the `window_hours` before
    departure, 24 to 72 by the destination's rule."""
    if departure is None:
        return None
    opens = departure - dt.timedelta(hours=window_hours)
    shown = departure.strftime("%Y-%m-%d %H:%M UTC")
    if performed_at > departure:
        return _("The pre-embarkation check is after the booked departure (%(departure)s).") % {"departure": shown}
    if performed_at < opens:
        return _("The pre-embarkation check must be within %(hours)d hours before the booked departure "
                 "(%(departure)s), so not before %(opens)s.") % {
            "hours": window_hours, "departure": shown, "opens": opens.strftime("%Y-%m-%d %H:%M UTC")}
    return None
