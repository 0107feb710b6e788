"""Keyset (cursor) pagination: a page deep in ten million rows costs what the first one does,
because each page is `WHERE id < last_seen ORDER BY id DESC LIMIT n` on an index, never OFFSET."""

from __future__ import annotations

import base64
import binascii
from dataclasses import dataclass
from typing import Generic, TypeVar

from django.conf import settings
from django.db.models import QuerySet
from django.utils.translation import gettext as _

T = TypeVar("T")


class BadCursor(ValueError):
    """The cursor a client sent was not one we issued."""


@dataclass
class Page(Generic[T]):
    items: list[T]
    next_cursor: str | None


def encode_cursor(last_id: int) -> str:
    return base64.urlsafe_b64encode(f"id:{last_id}".encode()).decode().rstrip("=")


def decode_cursor(cursor: str) -> int:
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
        kind, _sep, value = raw.partition(":")
        if kind != "id" or not value.isdigit():
            raise ValueError
        return int(value)
    except (ValueError, binascii.Error, UnicodeDecodeError) as exc:
        raise BadCursor(_("cursor is not valid; use the next_cursor of a previous page")) from exc


def clamp_limit(limit: int | None) -> int:
    if limit is None:
        return settings.PASSAGE_API_PAGE_SIZE
    return max(1, min(int(limit), settings.PASSAGE_API_MAX_PAGE_SIZE))


def keyset_page(queryset: QuerySet, *, cursor: str | None, limit: int | None) -> Page:
    """Newest first by primary key. Fetches one extra row to know whether a next page exists."""
    size = clamp_limit(limit)
    qs = queryset.order_by("-pk")
    if cursor:
        qs = qs.filter(pk__lt=decode_cursor(cursor))
    rows = list(qs[: size + 1])
    more = len(rows) > size
    rows = rows[:size]
    return Page(items=rows, next_cursor=encode_cursor(rows[-1].pk) if more and rows else None)
