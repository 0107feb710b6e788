"""Operators create offices and grant roles with management commands; both are audited."""

from __future__ import annotations

import pytest
from django.core.management import CommandError, call_command

from passage.core.models import AuditEvent, Membership, Office, User
from passage.core.scoping import scope_for


@pytest.mark.django_db
def test_create_office_and_grant_a_role_that_covers_it(world, monkeypatch):
    call_command("create_office", "SO-ALI", "Ali Addeh Sub-Office", "--kind", "sub", "--country", "DJI",
                 "--parent", "CO-JOR")
    office = Office.objects.get(code="SO-ALI")
    monkeypatch.setenv("NEW_PASSWORD", "a long enough password")
    call_command("grant_role", "newcaseworker", "CO-JOR", "caseworker", "--create", "--password-from-env",
                 "NEW_PASSWORD")
    user = User.objects.get(username="newcaseworker")
    assert user.check_password("a long enough password")
    assert office.pk in scope_for(user).office_ids  # the sub-office sits under CO-JOR
    assert {"office.create", "membership.grant"} <= set(AuditEvent.objects.values_list("action", flat=True))
    call_command("grant_role", "newcaseworker", "CO-JOR", "caseworker", "--revoke")
    assert not Membership.objects.filter(user=user).exists()
    assert AuditEvent.objects.filter(action="membership.revoke").exists()


@pytest.mark.django_db
def test_bad_office_input_is_refused_with_the_field(world):
    with pytest.raises(CommandError, match="country"):
        call_command("create_office", "CO-XXX", "Nowhere", "--country", "XXX", "--parent", "HQ")
    with pytest.raises(CommandError, match="parent"):
        call_command("create_office", "CO-NEW", "No parent", "--country", "KEN")
    with pytest.raises(CommandError, match="already exists"):
        call_command("create_office", "CO-KEN", "Again", "--country", "KEN", "--parent", "HQ")
    with pytest.raises(CommandError, match="Partner users"):
        call_command("grant_role", "partner_usa", "CO-KEN", "caseworker")
    with pytest.raises(CommandError, match="No user"):
        call_command("grant_role", "ghost", "CO-KEN", "caseworker")
