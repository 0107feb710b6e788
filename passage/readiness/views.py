"""Readiness pages: the board per office (ready now, ready within two weeks, windows closing,
blocked by reason; each line links to where to act) and the rule sets administrators edit."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods
from pydantic import ValidationError

from passage.core import selectors as core_selectors
from passage.core.errors import DomainError
from passage.core.home import Task
from passage.core.models import Role
from passage.core.pagination import BadCursor, keyset_page
from passage.readiness import labels, selectors, services
from passage.readiness.forms import RuleForm
from passage.readiness.schemas import RuleIn

BOARD_ROLES = set(Role) - {Role.FINANCE}


def home_tasks(roles: set[str]) -> list[Task]:
    tasks = []
    if roles & BOARD_ROLES:
        tasks.append(Task(gettext_lazy("Readiness board"), reverse("readiness-board")))
    if roles & {Role.SYSTEM_ADMIN, Role.OFFICE_ADMIN}:
        tasks.append(Task(gettext_lazy("Readiness rules"), reverse("readiness-rules")))
    return tasks


def _lines(states) -> list[dict]:
    lines = []
    for state in states:
        blockers = [dict(b, kind_name=labels.kind_name(b["kind"]), problem_name=labels.PROBLEMS.get(b["problem"], ""),
                         actor_name=labels.ACTORS.get(b["actor"], b["actor"]),
                         url=labels.act_url(state.case.number, b["kind"])) for b in state.blockers]
        lines.append({"state": state, "case": state.case, "blockers": blockers,
                      "url": reverse("case-detail", args=[state.case.number])})
    return lines


@login_required
@require_GET
def board(request: HttpRequest) -> HttpResponse:
    offices = list(core_selectors.offices_for(user=request.user))
    office_id = request.GET.get("office")
    office_id = int(office_id) if office_id and office_id.isdigit() and any(
        o.pk == int(office_id) for o in offices) else None
    view = request.GET.get("view", "ready_now")
    if view not in selectors.VIEWS:
        view = "ready_now"
    reason = request.GET.get("reason") or None
    today = timezone.localdate()
    summary = selectors.board_for(user=request.user, office_id=office_id, today=today)
    states = selectors.states_for(user=request.user, view=view, office_id=office_id,
                                  reason=reason if view == "blocked" else None, today=today)
    try:
        page = keyset_page(states, cursor=request.GET.get("cursor"), limit=50)
    except BadCursor:
        page = keyset_page(states, cursor=None, limit=50)
    query = request.GET.copy()
    query.pop("cursor", None)
    sections = [{"key": key, "label": label, "count": summary.counts[key], "current": key == view}
                for key, label in labels.VIEWS.items()]
    reasons = [{"key": key, "label": labels.reason_label(key), "count": n, "current": key == reason}
               for key, n in summary.reasons]
    return render(request, "readiness/board.html", {
        "offices": offices, "office_id": office_id, "view": view, "view_label": labels.VIEWS[view],
        "sections": sections, "reasons": reasons, "reason": reason, "lines": _lines(page.items),
        "next_cursor": page.next_cursor, "query": query.urlencode(), "today": today,
    })


@login_required
@require_GET
def rule_list(request: HttpRequest) -> HttpResponse:
    rules = [{"rule": r, "lines": [dict(line, kind_name=labels.kind_name(line["kind"])) for line in r.requirements]}
             for r in selectors.rules()]
    return render(request, "readiness/rules.html",
                  {"rules": rules, "can_edit": services.can_edit_rules(request.user)})


@login_required
@require_http_methods(["GET", "POST"])
def rule_edit(request: HttpRequest, rule_id: int | None = None) -> HttpResponse:
    if not services.can_edit_rules(request.user):
        raise Http404
    rule = None
    if rule_id is not None:
        rule = selectors.rules().filter(pk=rule_id).first()
        if rule is None:
            raise Http404
    form = RuleForm(request.POST or None, initial=RuleForm.initial_for(rule) if rule else None)
    if request.method == "POST" and form.is_valid():
        requirements = form.requirements()
        try:
            data = RuleIn(destination_country=form.cleaned_data["destination_country"],
                          programme=form.cleaned_data["programme"], travel_days=form.cleaned_data["travel_days"],
                          notes=form.cleaned_data["notes"], requirements=requirements)
            if rule is None:
                services.create_rule(actor=request.user, data=data)
            else:
                services.update_rule(actor=request.user, rule=rule, data=data)
        except DomainError as exc:
            form.add_error(form.field_for(exc.field, requirements), exc.message)
        except ValidationError as exc:
            for error in exc.errors():
                field = ".".join(str(p) for p in error["loc"])
                form.add_error(form.field_for(field, requirements), str(error["msg"]))
        else:
            messages.success(request, _("Rule saved; the cases it governs were recomputed."))
            return redirect("readiness-rules")
    return render(request, "readiness/rule_edit.html", {"form": form, "rule": rule})


@login_required
@require_http_methods(["POST"])
def rule_delete(request: HttpRequest, rule_id: int) -> HttpResponse:
    rule = selectors.rules().filter(pk=rule_id).first()
    if rule is None or not services.can_edit_rules(request.user):
        raise Http404
    try:
        services.delete_rule(actor=request.user, rule=rule)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Rule deleted."))
    return redirect("readiness-rules")


