"""The duplicate review queue page: pairs side by side with the reasons, merge or dismiss."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from passage.core.errors import DomainError
from passage.core.pagination import BadCursor, keyset_page
from passage.registry import duplicates
from passage.registry.models import DuplicateCandidate


@login_required
@require_GET
def duplicate_queue(request: HttpRequest) -> HttpResponse:
    pairs = duplicates.candidates_for(user=request.user).prefetch_related(
        "person_a__memberships__case", "person_b__memberships__case", "person_a__documents", "person_b__documents")
    try:
        page = keyset_page(pairs, cursor=request.GET.get("cursor"), limit=20)
    except BadCursor:
        page = keyset_page(pairs, cursor=None, limit=20)
    return render(request, "registry/duplicates.html", {"page": page})


def _candidate(request: HttpRequest, candidate_id: int) -> DuplicateCandidate:
    try:
        return duplicates.candidate_detail(user=request.user, candidate_id=candidate_id)
    except DuplicateCandidate.DoesNotExist as exc:
        raise Http404 from exc


@login_required
@require_POST
def duplicate_merge(request: HttpRequest, candidate_id: int) -> HttpResponse:
    candidate = _candidate(request, candidate_id)
    try:
        survivor = int(request.POST.get("survivor_id", ""))
        merge = duplicates.merge_persons(actor=request.user, candidate=candidate, survivor=survivor)
    except ValueError:
        messages.error(request, _("Choose the person who remains."))
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("%(merged)s was merged into %(survivor)s.") % {
            "merged": merge.merged.full_name, "survivor": merge.survivor.full_name})
    return redirect("duplicate-queue")


@login_required
@require_POST
def duplicate_dismiss(request: HttpRequest, candidate_id: int) -> HttpResponse:
    candidate = _candidate(request, candidate_id)
    try:
        duplicates.dismiss_candidate(actor=request.user, candidate=candidate)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Marked as two different persons."))
    return redirect("duplicate-queue")
