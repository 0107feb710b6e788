"""The one place that decides which rows a user may read.

Every selector passes its queryset through `scoped()`. A membership in an office covers that office
and every office below it (a headquarters membership covers the world); a partner user reads only
rows that concern their receiving country; anyone else reads nothing. Objects outside the scope are
simply absent, so a detail lookup answers 404, never 403 with a hint that the object exists.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Model, QuerySet

from passage.core.models import Office, User


@dataclass(frozen=True)
class Scope:
    office_ids: frozenset[int]
    is_global: bool = False
    partner_country: str | None = None


def _descendants(roots: set[int], children: dict[int | None, list[int]] | None = None) -> set[int]:
    if children is None:
        children = _office_children()
    seen: set[int] = set()
    stack = list(roots)
    while stack:
        office_id = stack.pop()
        if office_id in seen:
            continue
        seen.add(office_id)
        stack.extend(children.get(office_id, []))
    return seen


def _office_children() -> dict[int | None, list[int]]:
    children: dict[int | None, list[int]] = {}
    for office_id, parent_id in Office.objects.values_list("id", "parent_id"):
        children.setdefault(parent_id, []).append(office_id)
    return children


def scope_for(user: User, roles: tuple[str, ...] | None = None) -> Scope:
    """The offices (with their sub-offices) where `user` holds any of `roles` (any role if None)."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return Scope(office_ids=frozenset())
    if user.is_partner:
        return Scope(office_ids=frozenset(), partner_country=user.partner_country)
    # Cached on the user object (one request): the memberships and the office tree are read once,
    # however many role sets the request asks about.
    cache: dict = user.__dict__.setdefault("_passage_scopes", {})
    key = roles or ()
    if key not in cache:
        if "memberships" not in cache:
            cache["memberships"] = list(user.memberships.select_related("office"))
        rows = [m for m in cache["memberships"] if not roles or m.role in roles]
        is_global = any(m.office.kind == Office.Kind.HEADQUARTERS for m in rows)
        ids = frozenset()
        if rows and not is_global:
            if "children" not in cache:
                cache["children"] = _office_children()
            ids = frozenset(_descendants({m.office_id for m in rows}, cache["children"]))
        cache[key] = Scope(office_ids=ids, is_global=is_global)
    return cache[key]


def scoped(queryset: QuerySet, user: User, *, roles: tuple[str, ...] | None = None) -> QuerySet:
    """Restrict `queryset` to what `user` may read, using the model's SCOPE declaration."""
    model: type[Model] = queryset.model
    fields = getattr(model, "SCOPE", None)
    if fields is None:
        raise TypeError(f"{model.__name__} declares no SCOPE; it cannot be read through a selector.")
    scope = scope_for(user, roles)
    if scope.partner_country is not None:
        if fields.partner_country is None:
            return queryset.none()
        return queryset.filter(**{fields.partner_country: scope.partner_country})
    if scope.is_global:
        return queryset
    if not scope.office_ids:
        return queryset.none()
    return queryset.filter(**{f"{fields.office}__in": scope.office_ids})


def can_act_in(user: User, office_id: int, roles: tuple[str, ...]) -> bool:
    """Whether `user` holds one of `roles` in `office_id` or an office above it (for writes)."""
    scope = scope_for(user, roles)
    return scope.partner_country is None and (scope.is_global or office_id in scope.office_ids)
