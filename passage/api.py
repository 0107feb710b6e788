"""The HTTP API at /api/v1/: authentication, the problem-document error format, and the routers.

Each app owns a router in its api.py; this module mounts them and states what every operation
shares (authentication and error responses) once, in the OpenAPI document too.
"""

from __future__ import annotations

import logging
import re
import threading
from typing import Any

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError
from ninja.openapi import schema as ninja_openapi
from ninja.schema import NinjaGenerateJsonSchema
from ninja.security import HttpBearer
from ninja.security.session import SessionAuth

from passage.core.errors import DomainError
from passage.core.pagination import BadCursor
from passage.core.problems import DOMAIN_TYPE, VALIDATION_TYPE, field_errors_from_ninja, problem_response
from passage.core.services import authenticate_api_token

logger = logging.getLogger(__name__)


class TokenAuth(HttpBearer):
    """`Authorization: Bearer psg_...`: a personal API token carrying its owner's scope."""

    openapi_description = "A personal API token created on the Account > API tokens page."

    def authenticate(self, request: HttpRequest, token: str) -> Any:
        user = authenticate_api_token(token)
        if user is not None:
            request.user = user
        return user


class VerifiedSessionAuth(SessionAuth):
    """The browser session; roles that need a second factor must have passed it (CSRF checked)."""

    def authenticate(self, request: HttpRequest, key: str | None) -> Any:
        user = request.user
        if not user.is_authenticated:
            return None
        if user.needs_second_factor and not user.is_verified():
            return None
        return user


class DocumentWideNames(NinjaGenerateJsonSchema):
    """Names each model and enum once across the whole OpenAPI document.

    django-ninja builds each operation's schemas separately and merges their definitions by bare class
    name, so two classes both called `Status` (Case.Status, Booking.Status) or `RuleOut` silently
    overwrite each other and operations point at the wrong schema. The first class keeps the bare name;
    a later namesake gets its owner's name (`BookingStatus`) or its app's (`ReadinessRuleOut`).
    """

    claimed: dict[str, str] = {}

    def get_defs_ref(self, core_mode_ref: Any) -> Any:
        defs_ref = super().get_defs_ref(core_mode_ref)
        choices = self._prioritized_defsref_choices[defs_ref]
        owner = choices[2]  # the module-qualified name pydantic derives from the class
        match = re.fullmatch(r"passage\.(\w+)\.\w+\.([\w.]+)", core_mode_ref[0].rsplit(":", 1)[0])
        if match:
            app, qualname = match.group(1), match.group(2).split(".")
            extra = ["".join(qualname)] if len(qualname) > 1 else []
            extra.append(app.capitalize() + "".join(qualname))
            choices[2:2] = [self.normalize_name(name) for name in extra]
        # A name's -Input/-Output variants belong to whoever holds the name.
        free = [name for name in choices if self.claimed.get(name.removesuffix("-Input").removesuffix("-Output"),
                                                             owner) == owner]
        for name in free:
            self.claimed.setdefault(name.removesuffix("-Input").removesuffix("-Output"), owner)
        self._prioritized_defsref_choices[defs_ref] = free
        return defs_ref


_OPENAPI_BUILD = threading.Lock()


class PassageAPI(NinjaAPI):
    TAGS = [
        {"name": "account", "description": "The signed-in user, their offices and personal API tokens."},
        {"name": "offices", "description": "Regions and offices the user can see."},
        {"name": "audit", "description": "The append-only audit trail, for compliance officers."},
        {"name": "reference", "description": "Countries, languages, airports, airlines and assistance codes."},
        {"name": "cases", "description": "Cases, their members, status workflow, notes and expedite requests."},
        {"name": "persons", "description": "Persons' biodata, identity documents and vulnerabilities."},
        {"name": "clearances", "description": "Clearances of a case or member with their validity."},
        {"name": "projects", "description": "Projects and receiving partners that cases may name, per office or global."},
        {"name": "imports", "description": "Bulk import of cases from CSV or XLSX files: upload, progress, report, template."},
        {"name": "exports", "description": "The filtered case list as CSV or XLSX, one row per current member."},
        {"name": "duplicates", "description": "Possible duplicate registrations: the check before registering, the "
                                              "review queue, and merging or dismissing a pair."},
        {"name": "health", "description": "Health assessments, TB screening, vaccinations, fitness to travel, consent, "
                                          "FHIR export, rules per destination and the morbidity report."},
        {"name": "movements", "description": "Flights, charters and seat blocks, bookings of cases, movement events, "
                                             "manifests (PAXLST too), the live board and partners' arrivals."},
        {"name": "readiness", "description": "Each case's departure window(s) and what blocks it, the travel check, "
                                             "and the rule sets naming the clearances each destination requires."},
        {"name": "orientation", "description": "Pre-departure orientation: curricula, courses, enrolment and "
                                               "attendance; completing a course grants the orientation clearance."},
        {"name": "reports", "description": "Movement statistics: persons moved, sectors, charters, by period, "
                                           "country, region, nationality, programme, sex and age."},
    ]
    ERROR_STATUSES = {
        "400": "The request could not be read (malformed JSON or a bad cursor).",
        "401": "Not signed in, or the token is missing, revoked or expired.",
        "403": "Signed in but not allowed to do this.",
        "404": "No such object in the caller's scope.",
        "409": "The request clashes with the current state: a duplicate, or someone changed it meanwhile.",
        "422": "A field is invalid or a business rule refused the request; `errors` names each field.",
        "500": "An unexpected server error.",
    }

    def get_openapi_schema(self, *args: Any, **kwargs: Any) -> dict[str, Any]:
        # ninja offers no hook for its schema generator, so it is swapped for the duration of one build.
        with _OPENAPI_BUILD:
            DocumentWideNames.claimed = {}
            ninja_openapi.NinjaGenerateJsonSchema = DocumentWideNames
            try:
                schema = super().get_openapi_schema(*args, **kwargs)
            finally:
                ninja_openapi.NinjaGenerateJsonSchema = NinjaGenerateJsonSchema
        schema["info"]["contact"] = {"name": "Passage maintainers"}
        schema["servers"] = [{"url": "/", "description": "This Passage server"}]
        schema["tags"] = self.TAGS
        components = schema.setdefault("components", {})
        components.setdefault("schemas", {})["Problem"] = PROBLEM_SCHEMA
        for path_item in schema["paths"].values():
            for operation in path_item.values():
                responses = operation.setdefault("responses", {})
                for status, description in self.ERROR_STATUSES.items():
                    if status == "401" and operation.get("security") == []:
                        continue
                    responses.setdefault(
                        status,
                        {
                            "description": description,
                            "content": {"application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}},
                        },
                    )
        return schema


PROBLEM_SCHEMA = {
    "title": "Problem",
    "description": "An RFC 9457 problem document.",
    "type": "object",
    "required": ["type", "title", "status"],
    "properties": {
        "type": {"type": "string", "description": "A URI naming the kind of problem."},
        "title": {"type": "string"},
        "status": {"type": "integer"},
        "detail": {"type": "string"},
        "instance": {"type": "string"},
        "errors": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["field", "detail"],
                "properties": {
                    "field": {"type": "string", "description": "The input at fault, dotted for nested fields."},
                    "location": {"type": "string", "enum": ["body", "query", "path", "header", "cookie", "form", "file"]},
                    "pointer": {"type": "string", "description": "JSON pointer into the request body."},
                    "detail": {"type": "string"},
                },
            },
        },
    },
}

api = PassageAPI(
    title="Passage API",
    version="1.0.0",
    description=(
        "Case management and movement operations for the safe movement of refugees and migrants. "
        "Every read is scoped to the caller's offices (or, for partners, their receiving country); "
        "every error is an RFC 9457 problem document; lists page by cursor."
    ),
    auth=[TokenAuth(), VerifiedSessionAuth()],
    urls_namespace="api-v1",
)


@api.exception_handler(ValidationError)
def _validation_error(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    errors = field_errors_from_ninja(exc.errors)
    names = ", ".join(e["field"] for e in errors)
    return problem_response(
        422, type_=VALIDATION_TYPE, title=_("Invalid fields"), detail=_("Check these fields: %(fields)s.") % {"fields": names},
        errors=errors, instance=request.path,
    )


@api.exception_handler(DomainError)
def _domain_error(request: HttpRequest, exc: DomainError) -> HttpResponse:
    errors = [{"field": exc.field, "detail": exc.message}] if exc.field else None
    return problem_response(exc.status, type_=DOMAIN_TYPE if exc.status == 422 else "about:blank",
                            detail=exc.message, errors=errors, instance=request.path)


@api.exception_handler(BadCursor)
def _bad_cursor(request: HttpRequest, exc: BadCursor) -> HttpResponse:
    return problem_response(400, type_=VALIDATION_TYPE, title=_("Invalid fields"), detail=str(exc),
                            errors=[{"field": "cursor", "location": "query", "detail": str(exc)}], instance=request.path)


@api.exception_handler(AuthenticationError)
def _unauthenticated(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    return problem_response(
        401, detail=_("Sign in, or send a valid personal API token as 'Authorization: Bearer <token>'. "
                      "Roles that need a second factor must complete it first."),
        instance=request.path, headers={"WWW-Authenticate": 'Bearer realm="passage"'},
    )


@api.exception_handler(HttpError)
def _http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    return problem_response(exc.status_code, detail=str(exc), instance=request.path)


@api.exception_handler(Http404)
def _not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    return problem_response(404, detail=_("No such object in your scope."), instance=request.path)


@api.exception_handler(Exception)
def _unexpected(request: HttpRequest, exc: Exception) -> HttpResponse:
    logger.exception("Unhandled API error on %s %s", request.method, request.path)
    request_id = getattr(request, "request_id", "")
    if request_id:
        detail = _("An unexpected error occurred; it has been logged with request id %(id)s.") % {"id": request_id}
    else:
        detail = _("An unexpected error occurred; it has been logged.")
    if settings.DEBUG:
        detail += f" ({type(exc).__name__}: {exc})"
    return problem_response(500, detail=detail, instance=request.path)


def _mount() -> None:
    from passage.core.api import router as core_router
    from passage.movements.api import router as movements_router
    from passage.orientation.api import router as orientation_router
    from passage.readiness.api import router as readiness_router
    from passage.registry.api import router as registry_router
    from passage.registry.api_duplicates import router as duplicates_router
    from passage.registry.api_imports import router as imports_router
    from passage.registry.api_projects import router as projects_router
    from passage.reports.api import router as reports_router

    api.add_router("/", core_router)
    api.add_router("/", registry_router)
    api.add_router("/", imports_router)
    api.add_router("/", projects_router)
    api.add_router("/duplicates", duplicates_router)
    from passage.health.api import router as health_router

    api.add_router("/health", health_router)
    api.add_router("/", movements_router)
    api.add_router("/", readiness_router)
    api.add_router("/", orientation_router)
    api.add_router("/", reports_router)


_mount()
