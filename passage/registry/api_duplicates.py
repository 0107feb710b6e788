"""Duplicate registrations API: the pre-save check, the review queue and the decisions on a pair.
The schemas live here because only this router uses them."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from django.http import Http404, HttpRequest
from ninja import Field, Query, Router, Schema

from passage.core.pagination import keyset_page
from passage.core.schemas import In, PageOut, column_length
from passage.registry import duplicates
from passage.registry.models import DuplicateCandidate, IdentityDocument
from passage.registry.schemas import PersonIn, PersonOut

router = Router(tags=["duplicates"])


class DuplicateCheckIn(PersonIn):
    document_numbers: list[Annotated[str, Field(max_length=column_length(IdentityDocument, "number"))]] = Field(
        default_factory=list, max_length=20, description="Identity document numbers of the person, if known.")


class MatchOut(Schema):
    person: PersonOut
    score: float = Field(..., description="0 to 1; 0.9 and above is a likely duplicate.")
    reasons: list[str]


class CandidateOut(Schema):
    id: int
    person_a: PersonOut
    person_b: PersonOut
    score: float
    reasons: list[str]
    status: DuplicateCandidate.Status
    created_at: dt.datetime
    reviewed_at: dt.datetime | None


class MergeIn(In):
    survivor_id: int = Field(..., description="The person who remains: one of the pair.")


class MergeOut(Schema):
    id: int
    survivor_id: int
    merged_id: int
    at: dt.datetime
    moved: dict = Field(..., description="Ids of the rows moved to the survivor, by kind.")


def _candidate(request: HttpRequest, candidate_id: int) -> DuplicateCandidate:
    try:
        return duplicates.candidate_detail(user=request.user, candidate_id=candidate_id)
    except DuplicateCandidate.DoesNotExist as exc:
        raise Http404 from exc


@router.get("", response=PageOut[CandidateOut], operation_id="listDuplicateCandidates",
            summary="Possible duplicates to review",
            description="Pairs of persons that may be one person, found by the duplicate scan, where the caller is a "
                        "caseworker or office administrator for both persons' offices; open pairs by default, paged "
                        "by cursor.")
def list_candidates(request: HttpRequest, status: DuplicateCandidate.Status = DuplicateCandidate.Status.OPEN,
                    cursor: str | None = None, limit: int = Query(50, ge=1, le=200)):
    qs = duplicates.candidates_for(user=request.user, status=status)
    return keyset_page(qs, cursor=cursor, limit=limit)


@router.post("/check", response=list[MatchOut], operation_id="checkDuplicates",
             summary="Find likely duplicates before registering a person",
             description="Compares a person about to be registered with the persons the caller can see: names across "
                         "spellings, transliterations and order, date of birth (near, day and month swapped), sex, "
                         "nationality and document numbers. Returns at most 10 matches, best first, with the reasons. "
                         "Nothing is written.")
def check(request: HttpRequest, payload: DuplicateCheckIn):
    person = PersonIn(**payload.model_dump(exclude={"document_numbers"}))
    return duplicates.find_duplicates_for(user=request.user, data=person, document_numbers=payload.document_numbers)


@router.post("/{candidate_id}/merge", response=MergeOut, operation_id="mergeDuplicate",
             summary="Merge a pair into one person",
             description="The other person of the pair is merged into the survivor: case memberships, documents, "
                         "clearances and vulnerabilities move to the survivor, the merged person's names become aliases,"
                         " and the merge is recorded on the cases and in the audit trail. Members of one case are never"
                         " merged.")
def merge(request: HttpRequest, candidate_id: int, payload: MergeIn):
    candidate = _candidate(request, candidate_id)
    return duplicates.merge_persons(actor=request.user, candidate=candidate, survivor=payload.survivor_id)


@router.post("/{candidate_id}/dismiss", response=CandidateOut, operation_id="dismissDuplicate",
             summary="Mark a pair as two different persons",
             description="The pair leaves the review queue and later scans will not queue it again; audited.")
def dismiss(request: HttpRequest, candidate_id: int):
    candidate = _candidate(request, candidate_id)
    return duplicates.dismiss_candidate(actor=request.user, candidate=candidate)
