"""Texts the system writes into a record (a notification, an event's reason) and people read later.

The record keeps the English text as written, for e-mail, audit, API clients and partners, and
beside it its source: the gettext msgid and its parameters. Pages render the
source in the reader's language when they show it. Rows written before sources were kept, or whose
msgid has since changed, show the stored English text.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from django.utils.translation import gettext


def source(msgid: str, params: Mapping[str, Any] | None = None) -> dict:
    """What a record stores beside its English text. Mark `msgid` with gettext_noop where it is
    written, so that makemessages finds it (a literal % is written %%); parameters are JSON values."""
    return {"msgid": str(msgid), "params": dict(params or {})}


def english(kept: Mapping[str, Any]) -> str:
    """The source with its msgid as written: the English text to store beside it."""
    return kept["msgid"] % (kept.get("params") or {})


def render(kept: Mapping[str, Any] | None, stored: str,
           labels: Mapping[str, Callable[[Any], str]] | None = None) -> str:
    """The source in the active language; `labels` translate codes among the parameters (an event
    kind to its label). Without a usable source, the stored text."""
    if not kept or not kept.get("msgid"):
        return stored
    params = dict(kept.get("params") or {})
    try:
        for name, label in (labels or {}).items():
            if name in params:
                params[name] = label(params[name])
        return gettext(kept["msgid"]) % params
    except (KeyError, TypeError, ValueError):
        return stored
