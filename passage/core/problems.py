"""RFC 9457 problem documents: the one error format of the API."""

from __future__ import annotations

import json
from http import HTTPStatus
from typing import Any

from django.http import HttpResponse

PROBLEM_CONTENT_TYPE = "application/problem+json"
VALIDATION_TYPE = "urn:passage:problem:invalid-fields"
DOMAIN_TYPE = "urn:passage:problem:rule-broken"


def problem_response(
    status: int,
    *,
    detail: str | None = None,
    title: str | None = None,
    type_: str = "about:blank",
    errors: list[dict[str, Any]] | None = None,
    instance: str | None = None,
    headers: dict[str, str] | None = None,
) -> HttpResponse:
    body: dict[str, Any] = {
        "type": type_,
        "title": title or HTTPStatus(status).phrase,
        "status": status,
    }
    if detail:
        body["detail"] = detail
    if instance:
        body["instance"] = instance
    if errors is not None:
        body["errors"] = errors
    response = HttpResponse(json.dumps(body), status=status, content_type=PROBLEM_CONTENT_TYPE)
    for name, value in (headers or {}).items():
        response[name] = value
    return response


def field_errors_from_ninja(errors: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Turn django-ninja/pydantic error entries into {field, location, detail} items.

    Locations arrive as ("body", "<param name>", "field", ...) or ("query", "field"); the field is
    what a client sent, so the parameter name ninja adds for a body is dropped.
    """
    out = []
    for error in errors:
        loc = [str(part) for part in error.get("loc", ())]
        location = loc[0] if loc else "body"
        path = loc[2:] if location == "body" and len(loc) > 2 else loc[1:]
        out.append(
            {
                "field": ".".join(path) or location,
                "location": location,
                "detail": error.get("msg", "Invalid value."),
                "pointer": "#/" + "/".join(path) if location == "body" else None,
            }
        )
    for item in out:
        if item["pointer"] is None:
            del item["pointer"]
    return out
