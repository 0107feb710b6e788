"""Reference data from the libraries that maintain it, and the editable airline table."""

from __future__ import annotations

import pytest

from passage.core import reference
from passage.core.models import Airline, AuditEvent


def test_countries_languages_airports_come_from_their_standards():
    assert reference.country_name("KEN") == "Kenya" and not reference.is_country("XKX1")
    assert reference.languages()["prs"].name == "Dari" and reference.languages()["tir"].name == "Tigrinya"
    nairobi = reference.airports()["NBO"]
    assert nairobi.country == "KEN" and nairobi.tz == "Africa/Nairobi"


def test_assistance_codes_are_the_iata_ssr_set():
    assert set(reference.assistance_codes()) == {
        "WCHR", "WCHS", "WCHC", "STCR", "MEDA", "OXYG", "UMNR", "BLND", "DEAF", "DPNA", "MAAS"
    }


@pytest.mark.django_db
def test_reference_endpoints_search_and_bound(world, api_client):
    client = api_client(world.caseworker_a)
    assert [c["code"] for c in client.get("/api/v1/reference/countries?q=somalia").json()] == ["SOM"]
    airports = client.get("/api/v1/reference/airports?country=KEN&q=nairobi").json()
    assert "NBO" in {a["iata"] for a in airports} and all(a["country"] == "KEN" for a in airports)
    assert len(client.get("/api/v1/reference/languages?limit=5").json()) == 5
    codes = client.get("/api/v1/reference/assistance-codes").json()
    assert {"code": "STCR", "meaning": "Stretcher passenger"} in codes


@pytest.mark.django_db
def test_airlines_are_seeded_with_agreement_carriers():
    assert Airline.objects.filter(has_agreement=True).count() >= 20
    assert Airline.objects.get(iata_code="ET").country == "ETH"


@pytest.mark.django_db
def test_system_administrator_adds_and_edits_an_airline_on_the_page(world, client):
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device = TOTPDevice.objects.create(user=world.sysadmin, name="app", confirmed=True)
    client.force_login(world.sysadmin)
    session = client.session
    session["otp_device_id"] = device.persistent_id  # django-otp's record of a verified session
    session.save()
    response = client.post("/reference/airlines/", {"iata_code": "zz", "name": "Zed Air", "country": "KEN",
                                                    "is_active": "on"})
    assert response.status_code == 302
    airline = Airline.objects.get(iata_code="ZZ")
    duplicate = client.post("/reference/airlines/", {"iata_code": "ZZ", "name": "Again", "country": "KEN"})
    assert "already exists" in duplicate.content.decode()
    client.post(f"/reference/airlines/{airline.pk}/", {"iata_code": "ZZ", "name": "Zed Airways", "country": "KEN"})
    airline.refresh_from_db()
    assert airline.name == "Zed Airways" and not airline.is_active
    assert AuditEvent.objects.filter(action__in=["airline.create", "airline.update"]).count() == 2


@pytest.mark.django_db
def test_airline_api_refuses_duplicates_and_nulls(world, api_client):
    client = api_client(world.sysadmin)
    duplicate = client.post("/api/v1/reference/airlines", {"iata_code": "KQ", "name": "Copy", "country": "KEN"},
                            content_type="application/json")
    assert duplicate.status_code == 409 and duplicate.json()["errors"][0]["field"] == "iata_code"
    kq = Airline.objects.get(iata_code="KQ")
    null = client.patch(f"/api/v1/reference/airlines/{kq.pk}", {"name": None}, content_type="application/json")
    assert null.status_code == 422 and null.json()["errors"][0]["field"] == "name"
    kq.refresh_from_db()
    assert kq.name == "Kenya Airways"


@pytest.mark.django_db
def test_other_roles_see_airlines_but_cannot_edit(world, client):
    client.force_login(world.caseworker_a)
    assert client.get("/reference/airlines/").status_code == 200
    assert client.post("/reference/airlines/", {"iata_code": "ZZ", "name": "x", "country": "KEN"}).status_code == 403
    assert not Airline.objects.filter(iata_code="ZZ").exists()
