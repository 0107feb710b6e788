"""Projects and receiving partners over the API: the entries of the caller's offices and the
global ones; office administrators keep their office's, system administrators the global ones."""

from __future__ import annotations

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Query, Router, Status

from passage.core.pagination import keyset_page
from passage.core.schemas import PageOut
from passage.registry import projects, selectors
from passage.registry.schemas import (
    ProjectIn,
    ProjectOut,
    ProjectPatch,
    ReceivingPartnerIn,
    ReceivingPartnerOut,
    ReceivingPartnerPatch,
)

router = Router()

WHO_KEEPS = ("Office administrators create and change their office's entries (used by its cases and those of its "
             "sub-offices); system administrators keep the global ones (office_id empty). Audited.")


@router.get("/projects", response=PageOut[ProjectOut], tags=["projects"], operation_id="listProjects",
            summary="Projects the caller's offices may use",
            description="Global projects and those of the caller's offices. Filter by destination country "
                        "(projects without destinations cover any) and by whether they are active.")
def list_projects(request: HttpRequest,
                  destination: str | None = Query(None, description="ISO 3166-1 alpha-3 destination country."),
                  active: bool | None = None, cursor: str | None = None, limit: int = Query(50, ge=1, le=200)):
    qs = selectors.projects_for(user=request.user, destination=destination, active=active)
    return keyset_page(qs.order_by(), cursor=cursor, limit=limit)


@router.post("/projects", response={201: ProjectOut}, tags=["projects"], operation_id="createProject",
             summary="Create a project", description="A code (unique), name, donor and destination countries. "
                                                     + WHO_KEEPS)
def create_project(request: HttpRequest, payload: ProjectIn):
    return Status(201, projects.create_project(actor=request.user, data=payload))


@router.get("/projects/{project_id}", response=ProjectOut, tags=["projects"], operation_id="getProject",
            summary="One project", description="Another office's project answers 404.")
def get_project(request: HttpRequest, project_id: int):
    return get_object_or_404(selectors.projects_for(user=request.user), pk=project_id)


@router.patch("/projects/{project_id}", response=ProjectOut, tags=["projects"], operation_id="updateProject",
              summary="Change a project", description="Only the fields sent change; the code and office stay. "
                                                      + WHO_KEEPS)
def update_project(request: HttpRequest, project_id: int, payload: ProjectPatch):
    project = get_object_or_404(selectors.projects_for(user=request.user), pk=project_id)
    return projects.update_project(actor=request.user, project=project, data=payload)


@router.get("/receiving-partners", response=PageOut[ReceivingPartnerOut], tags=["projects"],
            operation_id="listReceivingPartners", summary="Receiving partners the caller's offices may use",
            description="Resettlement agencies, sponsors and authorities: global entries and those of the caller's "
                        "offices. Filter by country and by whether they are active.")
def list_receiving_partners(request: HttpRequest,
                            country: str | None = Query(None, description="ISO 3166-1 alpha-3 country."),
                            active: bool | None = None, cursor: str | None = None,
                            limit: int = Query(50, ge=1, le=200)):
    qs = selectors.receiving_partners_for(user=request.user, country=country, active=active)
    return keyset_page(qs.order_by(), cursor=cursor, limit=limit)


@router.post("/receiving-partners", response={201: ReceivingPartnerOut}, tags=["projects"],
             operation_id="createReceivingPartner", summary="Add a receiving partner",
             description="Name, kind and the country where it receives cases (unique per country). " + WHO_KEEPS)
def create_receiving_partner(request: HttpRequest, payload: ReceivingPartnerIn):
    return Status(201, projects.create_receiving_partner(actor=request.user, data=payload))


@router.get("/receiving-partners/{receiving_partner_id}", response=ReceivingPartnerOut, tags=["projects"],
            operation_id="getReceivingPartner", summary="One receiving partner",
            description="Another office's entry answers 404.")
def get_receiving_partner(request: HttpRequest, receiving_partner_id: int):
    return get_object_or_404(selectors.receiving_partners_for(user=request.user), pk=receiving_partner_id)


@router.patch("/receiving-partners/{receiving_partner_id}", response=ReceivingPartnerOut, tags=["projects"],
              operation_id="updateReceivingPartner", summary="Change a receiving partner",
              description="Name, kind or active; the country and office stay. " + WHO_KEEPS)
def update_receiving_partner(request: HttpRequest, receiving_partner_id: int, payload: ReceivingPartnerPatch):
    partner = get_object_or_404(selectors.receiving_partners_for(user=request.user), pk=receiving_partner_id)
    return projects.update_receiving_partner(actor=request.user, partner=partner, data=payload)
