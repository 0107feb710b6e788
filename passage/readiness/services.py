"""Writes of readiness rules. System and office administrators edit them; each change is audited and
the cases the rule governs are recomputed in the same transaction."""

from __future__ import annotations

from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from passage.core import audit, reference
from passage.core.errors import ConflictError, DomainError, PermissionDeniedError
from passage.core.models import Role, User
from passage.core.scoping import scope_for
from passage.readiness import engine
from passage.readiness.models import ReadinessRule
from passage.readiness.rules import parse_requirements
from passage.readiness.schemas import RuleIn
from passage.registry.models import Case, Programme

RULE_EDITORS = (Role.SYSTEM_ADMIN, Role.OFFICE_ADMIN)


def can_edit_rules(user: User) -> bool:
    scope = scope_for(user, RULE_EDITORS)
    return scope.partner_country is None and (scope.is_global or bool(scope.office_ids))


def _require_editor(actor: User) -> None:
    if not can_edit_rules(actor):
        raise PermissionDeniedError(_("Only system and office administrators edit readiness rules."))


def _check(data: RuleIn) -> None:
    if data.destination_country and not reference.is_country(data.destination_country):
        raise DomainError(_("Not an ISO 3166-1 alpha-3 country code."), field="destination_country")
    if data.programme and data.programme not in Programme.values:
        raise DomainError(_("Unknown programme."), field="programme")
    parse_requirements([r.model_dump() for r in data.requirements])


def _governed(rule: ReadinessRule) -> Q:
    """The cases whose rule this may be (recomputing a few too many is harmless)."""
    q = Q()
    if rule.destination_country:
        q &= Q(destination_country=rule.destination_country)
    if rule.programme:
        q &= Q(programme=rule.programme)
    return q


def _recompute_governed(rule: ReadinessRule) -> None:
    ids = Case.objects.filter(_governed(rule)).exclude(status__in=engine.INACTIVE_STATUSES).values_list("pk", flat=True)
    engine.recompute(list(ids))


def create_rule(*, actor: User, data: RuleIn) -> ReadinessRule:
    _require_editor(actor)
    _check(data)
    with transaction.atomic():
        if ReadinessRule.objects.filter(destination_country=data.destination_country,
                                        programme=data.programme).exists():
            raise ConflictError(_("A rule for this destination and programme exists already; edit it."),
                                field="destination_country")
        rule = ReadinessRule.objects.create(**data.model_dump())
        audit.record(actor=actor, action="readiness_rule.create", obj=rule, after=audit.snapshot(rule))
        _recompute_governed(rule)
    return rule


def update_rule(*, actor: User, rule: ReadinessRule, data: RuleIn) -> ReadinessRule:
    _require_editor(actor)
    _check(data)
    with transaction.atomic():
        rule = ReadinessRule.objects.select_for_update().get(pk=rule.pk)
        clash = ReadinessRule.objects.filter(destination_country=data.destination_country,
                                             programme=data.programme).exclude(pk=rule.pk)
        if clash.exists():
            raise ConflictError(_("A rule for this destination and programme exists already."),
                                field="destination_country")
        before = audit.snapshot(rule)
        old_scope = ReadinessRule(destination_country=rule.destination_country, programme=rule.programme)
        for name, value in data.model_dump().items():
            setattr(rule, name, value)
        rule.save()
        audit.record(actor=actor, action="readiness_rule.update", obj=rule, before=before, after=audit.snapshot(rule))
        _recompute_governed(old_scope)
        _recompute_governed(rule)
    return rule


def delete_rule(*, actor: User, rule: ReadinessRule) -> None:
    _require_editor(actor)
    if not rule.destination_country and not rule.programme:
        raise DomainError(_("The fallback rule cannot be deleted; edit it instead."), field="destination_country")
    with transaction.atomic():
        before = audit.snapshot(rule)
        audit.record(actor=actor, action="readiness_rule.delete", obj=rule, before=before)
        rule.delete()
        _recompute_governed(ReadinessRule(destination_country=before["destination_country"],
                                          programme=before["programme"]))
