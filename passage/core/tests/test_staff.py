"""Office and user administration pages: an office administrator sees the staff of their offices,
grants and revokes roles there (never system administrator, never their own), another office's
staff and memberships answer 404, a system administrator creates offices; every change audited."""

from __future__ import annotations

import pytest

from passage.core.models import AuditEvent, Membership, Office, Role
from passage.core.tests.factories import UserFactory


@pytest.fixture
def admin_a(world):
    return UserFactory(username="admin_a", roles=[(world.office_a, Role.OFFICE_ADMIN)])


def _verified_sysadmin(world, client):
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device = TOTPDevice.objects.create(user=world.sysadmin, name="app", confirmed=True)
    client.force_login(world.sysadmin)
    session = client.session
    session["otp_device_id"] = device.persistent_id  # a session verified with the second factor
    session.save()


@pytest.mark.django_db
def test_office_admin_lists_the_staff_of_their_offices_only(world, client, admin_a):
    client.force_login(admin_a)
    page = client.get("/staff/").content.decode()
    assert "cw_a" in page and "admin_a" in page
    assert "cw_b" not in page and "compliance_hq" not in page
    assert client.get(f"/staff/{world.caseworker_b.pk}/").status_code == 404
    assert "Staff and roles" in client.get("/").content.decode()


@pytest.mark.django_db
def test_office_admin_grants_and_revokes_a_role_audited(world, client, admin_a):
    client.force_login(admin_a)
    response = client.post(f"/staff/{world.caseworker_a.pk}/", {"office_id": world.sub_a.pk,
                                                                "role": Role.MOVEMENT_OFFICER})
    assert response.status_code == 302
    membership = Membership.objects.get(user=world.caseworker_a, office=world.sub_a, role=Role.MOVEMENT_OFFICER)
    grant = AuditEvent.objects.get(action="membership.grant", object_id=str(membership.pk))
    assert grant.actor == admin_a and grant.after["role"] == Role.MOVEMENT_OFFICER

    response = client.post(f"/staff/memberships/{membership.pk}/revoke/", follow=True)
    assert "Role Movement officer in SO-KAK revoked." in response.content.decode()
    assert not Membership.objects.filter(pk=membership.pk).exists()
    assert AuditEvent.objects.filter(action="membership.revoke", actor=admin_a).exists()


@pytest.mark.django_db
def test_refusals_name_the_field_or_say_why(world, client, admin_a):
    client.force_login(admin_a)
    page = client.get(f"/staff/{world.caseworker_a.pk}/").content.decode()
    assert f'value="{world.office_b.pk}"' not in page  # only the offices they administer
    assert f'value="{Role.SYSTEM_ADMIN}"' not in page
    system = client.post(f"/staff/{world.caseworker_a.pk}/", {"office_id": world.office_a.pk,
                                                              "role": Role.SYSTEM_ADMIN})
    assert system.status_code == 200 and 'id="id_role_error"' in system.content.decode()
    other_office = client.post(f"/staff/{world.caseworker_a.pk}/", {"office_id": world.office_b.pk,
                                                                    "role": Role.CASEWORKER})
    assert 'id="id_office_id_error"' in other_office.content.decode()
    own = client.post(f"/staff/{admin_a.pk}/", {"office_id": world.office_a.pk, "role": Role.CASEWORKER})
    assert "You cannot change your own roles" in own.content.decode()
    mine = admin_a.memberships.get()
    client.post(f"/staff/memberships/{mine.pk}/revoke/")
    assert Membership.objects.filter(pk=mine.pk).exists()
    assert not AuditEvent.objects.filter(action__startswith="membership.").exists()


@pytest.mark.django_db
def test_another_offices_membership_cannot_be_revoked(world, client, admin_a):
    client.force_login(admin_a)
    membership = world.caseworker_b.memberships.get()
    assert client.post(f"/staff/memberships/{membership.pk}/revoke/").status_code == 404
    assert Membership.objects.filter(pk=membership.pk).exists()


@pytest.mark.django_db
def test_caseworkers_do_not_administer_staff(world, client):
    client.force_login(world.caseworker_a)
    assert client.get("/staff/").status_code == 403
    assert client.get("/staff/offices/").status_code == 403
    assert client.get("/staff/offices/new/").status_code == 403


@pytest.mark.django_db
def test_system_admin_creates_an_office_and_grants_anywhere(world, client):
    _verified_sysadmin(world, client)
    bad = client.post("/staff/offices/new/", {"code": "SO-DAD", "name": "Dadaab", "kind": "sub", "country": "XXX",
                                              "parent": str(world.office_a.pk)})
    assert bad.status_code == 200 and 'id="id_country_error"' in bad.content.decode()
    ok = client.post("/staff/offices/new/", {"code": "so-dad", "name": "Dadaab", "kind": "sub", "country": "ken",
                                             "parent": str(world.office_a.pk)})
    assert ok.status_code == 302
    office = Office.objects.get(code="SO-DAD")
    assert office.parent == world.office_a and office.country == "KEN"
    assert AuditEvent.objects.filter(action="office.create", actor=world.sysadmin, object_id=str(office.pk)).exists()
    assert "SO-DAD" in client.get("/staff/offices/").content.decode()
    granted = client.post(f"/staff/{world.caseworker_b.pk}/", {"office_id": office.pk, "role": Role.OFFICE_ADMIN})
    assert granted.status_code == 302
    assert Membership.objects.filter(user=world.caseworker_b, office=office, role=Role.OFFICE_ADMIN).exists()


@pytest.mark.django_db
def test_a_headquarters_office_admin_administers_every_office(world, client):
    hq_admin = UserFactory(username="admin_hq", roles=[(world.hq, Role.OFFICE_ADMIN)])
    client.force_login(hq_admin)
    page = client.get("/staff/").content.decode()
    assert "cw_a" in page and "cw_b" in page and "nobody" not in page
    assert client.post(f"/staff/{world.caseworker_b.pk}/", {"office_id": world.office_b.pk,
                                                            "role": Role.TRAINER}).status_code == 302
