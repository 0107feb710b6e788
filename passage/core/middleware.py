"""Request-wide concerns: request ids and client addresses for the audit trail, the second-factor
gate for privileged roles, and problem documents for every API error."""

from __future__ import annotations

import logging
import re
import uuid
from collections.abc import Callable

from django.conf import settings
from django.core.exceptions import BadRequest
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

from passage.core.audit import RequestContext, current_request
from passage.core.problems import PROBLEM_CONTENT_TYPE, VALIDATION_TYPE, problem_response

logger = logging.getLogger(__name__)
_REQUEST_ID = re.compile(r"^[A-Za-z0-9._-]{8,64}$")


def client_ip(request: HttpRequest) -> str | None:
    proxies = settings.PASSAGE_NUM_PROXIES
    if proxies:
        forwarded = [p.strip() for p in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if p.strip()]
        if len(forwarded) >= proxies:
            return forwarded[-proxies]
    return request.META.get("REMOTE_ADDR") or None


class RequestContextMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        incoming = request.headers.get("X-Request-ID", "")
        request_id = incoming if _REQUEST_ID.match(incoming) else uuid.uuid4().hex
        request.request_id = request_id  # type: ignore[attr-defined]
        token = current_request.set(RequestContext(request_id=request_id, client_ip=client_ip(request)))
        try:
            response = self.get_response(request)
        finally:
            current_request.reset(token)
        response["X-Request-ID"] = request_id
        return response


# Paths a signed-in user who still owes a second factor may reach.
_SECOND_FACTOR_OPEN = ("/account/2fa/", "/logout/", "/static/", "/i18n/", "/healthz", "/api/")


class SecondFactorMiddleware:
    """Send system administrators and medical roles to TOTP verification (or enrolment) first.

    The API applies the same rule in its authentication class, answering 401 problems instead.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if (
            user.is_authenticated
            and user.needs_second_factor
            and not user.is_verified()
            and not request.path.startswith(_SECOND_FACTOR_OPEN)
        ):
            target = request.get_full_path()
            if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
                target = "/"
            return redirect(f"/account/2fa/?next={target}")
        return self.get_response(request)


class ApiProblemMiddleware:
    """Whatever produced an error under /api/ (URL resolver, method not allowed, CSRF,
    an unhandled exception), the client receives application/problem+json, never an HTML page."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if (
            request.path.startswith("/api/")
            and response.status_code >= 400
            and not response.get("Content-Type", "").startswith(PROBLEM_CONTENT_TYPE)
        ):
            headers = {}
            if response.has_header("Allow"):
                headers["Allow"] = response["Allow"]
            # This middleware sits outside LocaleMiddleware: answer in the language it chose for the request.
            with translation.override(getattr(request, "LANGUAGE_CODE", None) or settings.LANGUAGE_CODE):
                detail = None
                if response.status_code == 405:
                    detail = _("%(method)s is not allowed here; allowed: %(allowed)s.") % {
                        "method": request.method, "allowed": response.get("Allow") or _("none")}
                elif response.status_code == 404:
                    detail = _("No API resource at this address.")
                elif response.status_code == 403:
                    detail = _("The request was refused (for a browser session, check the CSRF token).")
            return problem_response(response.status_code, detail=detail, instance=request.path, headers=headers)
        return response


class NulCharacterMiddleware:
    """A NUL character in the address or the query string names nothing and no column can hold it
    (PostgreSQL refuses it in any text comparison), so it is refused before a view queries with it:
    404 in the path (a problem document under /api/), 400 for a page's query and 422 naming the
    parameter for the API."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        api = request.path.startswith("/api/")
        if "\x00" in request.path:
            raise Http404
        fields = sorted({key for key, values in request.GET.lists() if "\x00" in key or any("\x00" in v for v in values)})
        if fields and api:
            detail = _("The text must not contain a NUL character.")
            return problem_response(
                422, type_=VALIDATION_TYPE, title="Invalid fields", detail=detail, instance=request.path,
                errors=[{"field": field, "location": "query", "detail": detail} for field in fields],
            )
        if fields:
            raise BadRequest(_("The text must not contain a NUL character."))
        return self.get_response(request)
