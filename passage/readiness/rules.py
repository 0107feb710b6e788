"""Rule sets as data: what each requirement says, how a stored rule is checked and read, and which
rule applies to a case (destination and programme, then destination, then programme, then fallback)."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from passage.core.errors import DomainError
from passage.registry.models import Clearance

KINDS = tuple(Clearance.Kind.values)
PER = ("member", "case")
# Who acts on a missing or expiring clearance (passage.core.models.Role values).
ACTORS = {
    "security_check": "caseworker",
    "case_approval": "caseworker",
    "exit_permit": "caseworker",
    "visa": "caseworker",
    "transit_waiver": "movement_officer",
    "reception_assurance": "caseworker",
    "health": "medical_officer",
    "orientation": "trainer",
}
# Short names used in sentences ("Visa of Amina Yusuf expires ...").
KIND_NAMES = {
    "security_check": _("Security check"),
    "case_approval": _("Case approval"),
    "exit_permit": _("Exit permit"),
    "visa": _("Visa"),
    "transit_waiver": _("Transit waiver"),
    "reception_assurance": _("Reception assurance"),
    "health": _("Health clearance"),
    "orientation": _("Orientation"),
}


@dataclass(frozen=True)
class Requirement:
    kind: str
    per: str = "member"
    min_age: int | None = None
    valid_on_arrival: bool = False


@dataclass(frozen=True)
class RuleSet:
    requirements: tuple[Requirement, ...]
    travel_days: int = 2
    rule_id: int | None = None


def parse_requirements(raw: object) -> tuple[Requirement, ...]:
    """Check stored or submitted requirements; refuse naming the field, e.g. requirements.2.kind."""
    if not isinstance(raw, list):
        raise DomainError(gettext("Requirements are a list."), field="requirements")
    out: list[Requirement] = []
    seen: set[tuple[str, str]] = set()
    for i, item in enumerate(raw):
        where = f"requirements.{i}"
        if not isinstance(item, dict):
            raise DomainError(gettext("Each requirement names a clearance kind."), field=where)
        unknown = set(item) - {"kind", "per", "min_age", "valid_on_arrival"}
        if unknown:
            raise DomainError(gettext("Unknown field %(name)s.") % {"name": sorted(unknown)[0]},
                              field=f"{where}.{sorted(unknown)[0]}")
        kind = item.get("kind")
        if kind not in KINDS:
            raise DomainError(gettext("Unknown clearance kind %(kind)s; known kinds: %(kinds)s.")
                              % {"kind": repr(kind), "kinds": ", ".join(KINDS)},
                              field=f"{where}.kind")
        per = item.get("per", "member")
        if per not in PER:
            raise DomainError(gettext("A requirement is per member or per case."), field=f"{where}.per")
        min_age = item.get("min_age")
        if min_age is not None and (isinstance(min_age, bool) or not isinstance(min_age, int)
                                    or not 0 <= min_age <= 120):
            raise DomainError(gettext("The minimum age is a whole number of years from 0 to 120."), field=f"{where}.min_age")
        if min_age is not None and per == "case":
            raise DomainError(gettext("Only a requirement per member has a minimum age."), field=f"{where}.min_age")
        on_arrival = item.get("valid_on_arrival", False)
        if not isinstance(on_arrival, bool):
            raise DomainError(gettext("Say true or false."), field=f"{where}.valid_on_arrival")
        if (kind, per) in seen:
            raise DomainError(gettext("This clearance is already required by another line."), field=f"{where}.kind")
        seen.add((kind, per))
        out.append(Requirement(kind=kind, per=per, min_age=min_age, valid_on_arrival=on_arrival))
    return tuple(out)


def as_rule_set(rule) -> RuleSet:
    return RuleSet(requirements=parse_requirements(rule.requirements), travel_days=rule.travel_days, rule_id=rule.pk)


class RuleBook:
    """All rules, read once, for looking up many cases."""

    def __init__(self, rules) -> None:
        self._by_key = {(r.destination_country, r.programme): as_rule_set(r) for r in rules}

    @classmethod
    def load(cls) -> RuleBook:
        from passage.readiness.models import ReadinessRule

        return cls(ReadinessRule.objects.all())

    def for_case(self, destination: str, programme: str) -> RuleSet:
        for key in ((destination, programme), (destination, ""), ("", programme), ("", "")):
            if key in self._by_key:
                return self._by_key[key]
        return RuleSet(requirements=())


def _member(kind: str, *, min_age: int | None = None, on_arrival: bool = False) -> dict:
    return {"kind": kind, "per": "member", "min_age": min_age, "valid_on_arrival": on_arrival}


def _case(kind: str, *, on_arrival: bool = False) -> dict:
    return {"kind": kind, "per": "case", "min_age": None, "valid_on_arrival": on_arrival}


def _resettlement(orientation_age: int) -> list[dict]:
    return [
        _case("case_approval", on_arrival=True),
        _case("reception_assurance", on_arrival=True),
        _member("security_check", on_arrival=True),
        _member("exit_permit"),
        _member("visa", on_arrival=True),
        _member("transit_waiver"),
        _member("health", on_arrival=True),
        _member("orientation", min_age=orientation_age),
    ]


# The seeded defaults (migration 0002); the fallback asks what any departure needs.
DEFAULT_RULES = [
    ("USA", "", _resettlement(15), 2, "US resettlement: medical and security clearances must hold on arrival."),
    ("CAN", "", _resettlement(16), 2, "Canada: orientation (COA) from 16."),
    ("AUS", "", _resettlement(15), 3, "Australia: orientation (AUSCO) from 15; longer routes."),
    ("GBR", "", _resettlement(16), 2, "United Kingdom resettlement."),
    ("DEU", "", _resettlement(16), 2, "Germany: humanitarian admission and resettlement."),
    ("", "", [_case("case_approval"), _member("exit_permit"), _member("transit_waiver"),
              _member("health", on_arrival=True)], 2, "Fallback for destinations without their own rule."),
]


def ensure_default_rules() -> None:
    """Create the default rule sets where none exist (tests that flush the database, a new deployment
    that deleted them). Migration 0002 seeds the same rules."""
    from passage.readiness.models import ReadinessRule

    for country, programme, requirements, travel_days, notes in DEFAULT_RULES:
        ReadinessRule.objects.get_or_create(destination_country=country, programme=programme, defaults={
            "requirements": requirements, "travel_days": travel_days, "notes": notes})
