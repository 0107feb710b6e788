"""Encryption of sensitive fields at rest (MultiFernet: AES-128-CBC with HMAC-SHA256).

Keys come from PASSAGE_FIELD_KEYS (comma-separated Fernet keys, newest first). Values are
encrypted with the newest key and decrypted with any listed key, so a key rotates by putting a new
one first and running `manage.py rotate_field_keys`, then removing the old one.
"""

from __future__ import annotations

import base64
import hashlib
from functools import cache

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import models

PREFIX = "enc1:"


@cache
def _fernet(keys: tuple[str, ...]) -> MultiFernet:
    if not keys:
        raise ImproperlyConfigured("PASSAGE_FIELD_KEYS holds no key.")
    return MultiFernet([Fernet(k.encode()) for k in keys])


def field_keys() -> tuple[str, ...]:
    keys = tuple(settings.PASSAGE_FIELD_KEYS)
    if keys:
        return keys
    # Development only (settings refuse production without keys): a key derived from SECRET_KEY.
    return (base64.urlsafe_b64encode(hashlib.sha256(settings.SECRET_KEY.encode()).digest()).decode(),)


def encrypt(plaintext: str) -> str:
    return PREFIX + _fernet(field_keys()).encrypt(plaintext.encode()).decode()


def decrypt(stored: str) -> str:
    if not stored.startswith(PREFIX):
        raise ValueError("value is not encrypted")
    try:
        return _fernet(field_keys()).decrypt(stored[len(PREFIX):].encode()).decode()
    except InvalidToken as exc:
        raise ImproperlyConfigured("An encrypted field cannot be read with the configured PASSAGE_FIELD_KEYS.") from exc


def rotate(stored: str) -> str:
    return PREFIX + _fernet(field_keys()).rotate(stored[len(PREFIX):].encode()).decode()


class EncryptedTextField(models.TextField):
    """Text encrypted in the database; it cannot be searched or ordered by the database."""

    def from_db_value(self, value, expression, connection):
        if value is None or value == "":
            return value
        return decrypt(value)

    def get_prep_value(self, value):
        value = super().get_prep_value(value)
        if value is None or value == "":
            return value
        return encrypt(value)


def encrypted_fields() -> list[tuple[type[models.Model], str]]:
    from django.apps import apps

    return [
        (model, field.attname)
        for model in apps.get_models()
        for field in model._meta.concrete_fields
        if isinstance(field, EncryptedTextField)
    ]
