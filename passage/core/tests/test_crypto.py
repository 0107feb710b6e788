"""Sensitive fields are encrypted at rest, readable with any configured key, and rotate."""

from __future__ import annotations

import pytest
from cryptography.fernet import Fernet
from django.core.management import call_command
from django.db import connection

from passage.core import crypto
from passage.core.models import AuditEvent
from passage.registry.models import CaseNote


def _raw_texts() -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT text FROM registry_casenote ORDER BY id")
        return [row[0] for row in cursor.fetchall()]


@pytest.mark.django_db
def test_database_never_holds_the_plaintext(world):
    CaseNote.objects.create(case=world.case_a, author=world.caseworker_a, text="survivor of torture in 2019")
    raw = _raw_texts()[0]
    assert raw.startswith(crypto.PREFIX) and "torture" not in raw
    assert CaseNote.objects.get().text == "survivor of torture in 2019"


@pytest.mark.django_db
def test_rotation_re_encrypts_with_the_new_key_and_old_key_can_then_go(world, settings):
    old, new = Fernet.generate_key().decode(), Fernet.generate_key().decode()
    settings.PASSAGE_FIELD_KEYS = [old]
    CaseNote.objects.create(case=world.case_a, author=world.caseworker_a, text="counselling: wants to join brother")
    before = _raw_texts()[0]

    settings.PASSAGE_FIELD_KEYS = [new, old]
    call_command("rotate_field_keys")
    after = _raw_texts()[0]
    assert after != before
    assert AuditEvent.objects.filter(action="crypto.rotate", object_type="registry.casenote").exists()

    settings.PASSAGE_FIELD_KEYS = [new]
    assert CaseNote.objects.get().text == "counselling: wants to join brother"


@pytest.mark.django_db
def test_a_missing_key_fails_loudly_instead_of_returning_garbage(world, settings):
    settings.PASSAGE_FIELD_KEYS = [Fernet.generate_key().decode()]
    CaseNote.objects.create(case=world.case_a, author=world.caseworker_a, text="x")
    settings.PASSAGE_FIELD_KEYS = [Fernet.generate_key().decode()]
    with pytest.raises(Exception, match="PASSAGE_FIELD_KEYS"):
        CaseNote.objects.get()
