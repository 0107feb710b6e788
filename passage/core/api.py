"""Core API: the caller, offices, API tokens, the audit trail, reference data and health."""

from __future__ import annotations

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Query, Router, Status
from ninja.errors import HttpError

from passage.core import reference, selectors, services
from passage.core.models import Airline
from passage.core.pagination import keyset_page
from passage.core.schemas import (
    AirlineIn,
    AirlineOut,
    AirlinePatch,
    AirportOut,
    AssistanceCodeOut,
    AuditEventOut,
    CountryOut,
    LanguageOut,
    MembershipOut,
    MeOut,
    OfficeOut,
    PageOut,
    QueryDateTime,
    TokenCreatedOut,
    TokenIn,
    TokenOut,
)

router = Router()


@router.get("/me", response=MeOut, tags=["account"], operation_id="getMe", summary="The signed-in user",
            description="Who the caller is: user name, full name, partner status and the office memberships (office and role) "
                        "that set what they may see.")
def get_me(request: HttpRequest) -> dict:
    user = request.user
    return {
        "id": user.pk,
        "username": user.get_username(),
        "name": user.get_full_name(),
        "is_partner": user.is_partner,
        "partner_country": user.partner_country or None,
        "partner_organisation": user.partner_organisation or None,
        "memberships": [
            MembershipOut(office_id=m.office_id, office_code=m.office.code, office_name=m.office.name, role=m.role)
            for m in selectors.memberships_of(user=user)
        ],
    }


@router.get("/offices", response=PageOut[OfficeOut], tags=["offices"], operation_id="listOffices",
            summary="Offices in the caller's scope",
            description="The offices the caller's memberships cover (each membership covers its office and every office below "
                        "it), paged by cursor.")
def list_offices(request: HttpRequest, cursor: str | None = None, limit: int = Query(50, ge=1, le=200)):
    return keyset_page(selectors.offices_for(user=request.user), cursor=cursor, limit=limit)


@router.get("/offices/{office_id}", response=OfficeOut, tags=["offices"], operation_id="getOffice",
            summary="One office",
            description="One office in the caller's scope; offices outside it answer 404.")
def get_office(request: HttpRequest, office_id: int):
    return get_object_or_404(selectors.offices_for(user=request.user), pk=office_id)


# --- API tokens -------------------------------------------------------------------------------

@router.get("/tokens", response=list[TokenOut], tags=["account"], operation_id="listTokens",
            summary="The caller's personal API tokens",
            description="The caller's own personal API tokens with their prefix, dates and status; secrets are never "
                        "returned.")
def list_tokens(request: HttpRequest):
    return list(selectors.api_tokens_of(user=request.user)[:200])


@router.post("/tokens", response={201: TokenCreatedOut}, tags=["account"], operation_id="createToken",
             summary="Create a personal API token",
             description="Create a token that acts with the caller's own access. The secret is returned once in `token`; store "
                         "it safely.")
def create_token(request: HttpRequest, payload: TokenIn):
    issued = services.create_api_token(actor=request.user, name=payload.name, expires_at=payload.expires_at)
    out = TokenOut.from_orm(issued.token).dict()
    return Status(201, {**out, "token": issued.secret})


@router.delete("/tokens/{token_id}", response={204: None}, tags=["account"], operation_id="revokeToken",
               summary="Revoke one of the caller's tokens",
               description="Revoke one of the caller's own tokens at once; later requests with it answer 401. The revocation is "
                           "audited.")
def revoke_token(request: HttpRequest, token_id: int):
    token = get_object_or_404(selectors.api_tokens_of(user=request.user), pk=token_id)
    services.revoke_api_token(actor=request.user, token=token)
    return Status(204, None)


# --- Audit ------------------------------------------------------------------------------------

@router.get("/audit-events", response=PageOut[AuditEventOut], tags=["audit"], operation_id="listAuditEvents",
            summary="Audit events in the caller's scope (compliance officers and system administrators)",
            description="The append-only audit trail, newest first, filtered by user, action prefix, object, office and time, "
                        "paged by cursor. Other roles receive 403.")
def list_audit_events(
    request: HttpRequest,
    actor: str | None = None,
    action: str | None = Query(None, description="Matches actions starting with this text, e.g. `airline.`"),
    object_type: str | None = None,
    object_id: str | None = None,
    office_id: int | None = None,
    since: QueryDateTime | None = None,
    until: QueryDateTime | None = None,
    cursor: str | None = None,
    limit: int = Query(50, ge=1, le=200),
):
    if not selectors.can_read_audit(request.user):
        raise HttpError(403, _("Only compliance officers and system administrators read the audit trail."))
    events = selectors.audit_events(
        user=request.user, actor=actor, action=action, object_type=object_type, object_id=object_id,
        office_id=office_id, since=since, until=until,
    )
    return keyset_page(events, cursor=cursor, limit=limit)


# --- Reference data ---------------------------------------------------------------------------

def _search(items, q: str | None, limit: int, *fields: str):
    if q:
        needle = q.casefold()
        items = [i for i in items if any(needle in str(getattr(i, f) or "").casefold() for f in fields)]
    return list(items)[:limit]


@router.get("/reference/countries", response=list[CountryOut], tags=["reference"], operation_id="listCountries",
            summary="ISO 3166-1 countries",
            description="Countries with their alpha-3 and alpha-2 codes; `q` searches codes and names.")
def list_countries(request: HttpRequest, q: str | None = None, limit: int = Query(300, ge=1, le=300)):
    return _search(reference.countries().values(), q, limit, "code", "alpha_2", "name")


@router.get("/reference/languages", response=list[LanguageOut], tags=["reference"], operation_id="listLanguages",
            summary="ISO 639-3 languages",
            description="Languages with their ISO 639-3 codes (and alpha-2 where one exists); `q` searches codes and names.")
def list_languages(request: HttpRequest, q: str | None = None, limit: int = Query(100, ge=1, le=500)):
    return _search(reference.languages().values(), q, limit, "code", "alpha_2", "name")


@router.get("/reference/airports", response=list[AirportOut], tags=["reference"], operation_id="listAirports",
            summary="IATA airports with their time zones",
            description="Airports by IATA code with city, country and IANA time zone; filter by `country` (alpha-3) or search "
                        "with `q`.")
def list_airports(request: HttpRequest, q: str | None = None, country: str | None = None,
                  limit: int = Query(100, ge=1, le=500)):
    items = reference.airports().values()
    if country:
        items = [a for a in items if a.country == country.upper()]
    return _search(items, q, limit, "iata", "name", "city")


@router.get("/reference/assistance-codes", response=list[AssistanceCodeOut], tags=["reference"],
            operation_id="listAssistanceCodes", summary="IATA special-service-request codes for assistance",
            description="The IATA special-service-request (SSR) codes used to book assistance for travellers, with their "
                        "meaning.")
def list_assistance_codes(request: HttpRequest):
    return [{"code": a.code, "meaning": str(a.meaning)} for a in reference.ASSISTANCE_CODES]


@router.get("/reference/airlines", response=list[AirlineOut], tags=["reference"], operation_id="listAirlines",
            summary="Airlines the agency books",
            description="Airlines the agency books, with their codes and whether a global agreement covers them; "
                        "`include_inactive` adds retired ones.")
def list_airlines(request: HttpRequest, include_inactive: bool = False):
    return list(selectors.airlines(user=request.user, include_inactive=include_inactive)[:500])


@router.post("/reference/airlines", response={201: AirlineOut}, tags=["reference"], operation_id="createAirline",
             summary="Add an airline (system administrators)",
             description="Add an airline to the reference list. Only system administrators may; others receive 403. The change "
                         "is audited.")
def create_airline(request: HttpRequest, payload: AirlineIn):
    return Status(201, services.create_airline(actor=request.user, **payload.dict()))


@router.patch("/reference/airlines/{airline_id}", response=AirlineOut, tags=["reference"],
              operation_id="updateAirline", summary="Change an airline (system administrators)",
              description="Change some fields of an airline; fields left out stay as they are. Only system administrators may. "
                          "The change is audited.")
def update_airline(request: HttpRequest, airline_id: int, payload: AirlinePatch):
    airline = get_object_or_404(Airline, pk=airline_id)
    return services.update_airline(actor=request.user, airline=airline, **payload.dict(exclude_unset=True))
