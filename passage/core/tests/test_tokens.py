"""Personal API tokens: created and revoked by their owner, stored hashed, carrying the owner's scope."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.utils import timezone

from passage.core.models import ApiToken


def _bearer(secret: str) -> Client:
    return Client(headers={"Authorization": f"Bearer {secret}"})


@pytest.mark.django_db
def test_token_is_shown_once_and_stored_only_as_a_digest(world, api_client):
    response = api_client(world.caseworker_a).post("/api/v1/tokens", {"name": "partner sync"},
                                                   content_type="application/json")
    assert response.status_code == 201
    secret = response.json()["token"]
    stored = ApiToken.objects.get(name="partner sync")
    assert secret.startswith("psg_") and len(secret) > 40
    assert secret not in (stored.digest, stored.prefix) and stored.digest != secret
    listed = api_client(world.caseworker_a).get("/api/v1/tokens").json()
    assert all("token" not in t for t in listed)


@pytest.mark.django_db
def test_token_carries_its_owners_scope(world, api_client):
    secret = api_client(world.caseworker_b).post("/api/v1/tokens", {"name": "b"},
                                                 content_type="application/json").json()["token"]
    numbers = {c["number"] for c in _bearer(secret).get("/api/v1/cases").json()["items"]}
    assert numbers == {world.case_b.number}


@pytest.mark.django_db
def test_revoked_and_expired_tokens_no_longer_work(world, api_client):
    owner = api_client(world.caseworker_a)
    created = owner.post("/api/v1/tokens", {"name": "temp"}, content_type="application/json").json()
    assert _bearer(created["token"]).get("/api/v1/me").status_code == 200
    assert owner.delete(f"/api/v1/tokens/{created['id']}").status_code == 204
    assert _bearer(created["token"]).get("/api/v1/me").status_code == 401

    later = owner.post("/api/v1/tokens", {"name": "short"}, content_type="application/json").json()
    ApiToken.objects.filter(pk=later["id"]).update(expires_at=timezone.now() - dt.timedelta(seconds=1))
    assert _bearer(later["token"]).get("/api/v1/me").status_code == 401


@pytest.mark.django_db
def test_expiry_in_the_past_is_refused_with_the_field(world, api_client):
    response = api_client(world.caseworker_a).post(
        "/api/v1/tokens", {"name": "x", "expires_at": "2000-01-01T00:00:00Z"}, content_type="application/json"
    )
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "expires_at"


@pytest.mark.django_db
def test_tokens_page_creates_shows_once_and_revokes(world, client):
    client.force_login(world.caseworker_a)
    page = client.post("/account/tokens/", {"name": "page token"}).content.decode()
    token = ApiToken.objects.get(name="page token")
    assert "psg_" in page and token.prefix in page
    assert "psg_" not in client.get("/account/tokens/").content.decode().replace(token.prefix, "")
    client.post(f"/account/tokens/{token.pk}/revoke/")
    token.refresh_from_db()
    assert token.revoked_at is not None
