"""RFC 9457 problem documents: the one error format of the API."""

from __future__ import annotations

import json
from collections.abc import Mapping
from http import HTTPStatus
from typing import Any

from django.http import HttpResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

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


# Pydantic's messages for the field errors people meet most, in the request's language; the English
# msgids repeat pydantic's own words (a date's parse detail is dropped: it would stay English).
_PYDANTIC_MESSAGES = {
    "missing": gettext_lazy("Field required"),
    "extra_forbidden": gettext_lazy("Extra inputs are not permitted"),
    "enum": gettext_lazy("Input should be %(expected)s"),
    "literal_error": gettext_lazy("Input should be %(expected)s"),
    "date_type": gettext_lazy("Input should be a valid date in the format YYYY-MM-DD"),
    "date_parsing": gettext_lazy("Input should be a valid date in the format YYYY-MM-DD"),
    "date_from_datetime_parsing": gettext_lazy("Input should be a valid date in the format YYYY-MM-DD"),
    "datetime_type": gettext_lazy("Input should be a valid date and time, such as 2026-05-01T14:30:00Z"),
    "datetime_parsing": gettext_lazy("Input should be a valid date and time, such as 2026-05-01T14:30:00Z"),
    "datetime_from_date_parsing": gettext_lazy("Input should be a valid date and time, such as 2026-05-01T14:30:00Z"),
    "int_type": gettext_lazy("Input should be a valid integer"),
    "int_parsing": gettext_lazy("Input should be a valid integer, unable to parse string as an integer"),
    "int_from_float": gettext_lazy("Input should be a valid integer, got a number with a fractional part"),
    "decimal_parsing": gettext_lazy("Input should be a valid decimal"),
    "decimal_type": gettext_lazy("Input should be a valid decimal"),
    "bool_parsing": gettext_lazy("Input should be a valid boolean, unable to interpret input"),
    "bool_type": gettext_lazy("Input should be a valid boolean"),
    "string_type": gettext_lazy("Input should be a valid string"),
    "list_type": gettext_lazy("Input should be a valid list"),
    "model_attributes_type": gettext_lazy("Input should be a valid dictionary or object to extract fields from"),
    "greater_than": gettext_lazy("Input should be greater than %(gt)s"),
    "greater_than_equal": gettext_lazy("Input should be greater than or equal to %(ge)s"),
    "less_than": gettext_lazy("Input should be less than %(lt)s"),
    "less_than_equal": gettext_lazy("Input should be less than or equal to %(le)s"),
}


def field_error_message(error: Mapping[str, Any]) -> str:
    """The message of one pydantic error entry, translated where we know its kind.

    A validator's own ValueError (already translated where it was raised) loses pydantic's English
    "Value error, " prefix; kinds not listed keep pydantic's English message."""
    kind = error.get("type", "")
    ctx = error.get("ctx") or {}
    if kind == "value_error" and "error" in ctx:
        return str(ctx["error"])
    if kind == "string_too_short":
        n = ctx.get("min_length", 0)
        return ngettext("String should have at least %(n)d character", "String should have at least %(n)d characters",
                        n) % {"n": n}
    if kind == "string_too_long":
        n = ctx.get("max_length", 0)
        return ngettext("String should have at most %(n)d character", "String should have at most %(n)d characters",
                        n) % {"n": n}
    if kind in ("too_short", "too_long") and ctx.get("field_type") == "List":
        values = {"n": ctx.get("min_length" if kind == "too_short" else "max_length", 0),
                  "actual": ctx.get("actual_length", 0)}
        if kind == "too_short":
            return ngettext("List should have at least %(n)d item after validation, not %(actual)d",
                            "List should have at least %(n)d items after validation, not %(actual)d",
                            values["n"]) % values
        return ngettext("List should have at most %(n)d item after validation, not %(actual)d",
                        "List should have at most %(n)d items after validation, not %(actual)d", values["n"]) % values
    message = _PYDANTIC_MESSAGES.get(kind)
    if message is not None:
        values = dict(ctx)
        if "expected" in values:  # pydantic writes "'F', 'M' or 'X'"
            values["expected"] = str(values["expected"]).replace(" or ", " " + _("or") + " ")
        try:
            return str(message) % values
        except (KeyError, TypeError, ValueError):  # a context pydantic changed: its own words below
            return str(error.get("msg") or _("Invalid value."))
    return str(error.get("msg") or _("Invalid value."))


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
                "detail": field_error_message(error),
                "pointer": "#/" + "/".join(path) if location == "body" else None,
            }
        )
    for item in out:
        if item["pointer"] is None:
            del item["pointer"]
    return out
