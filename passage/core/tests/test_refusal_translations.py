"""Core's refusals and the API's own error documents answer in the caller's language (chosen by
LocaleMiddleware from Accept-Language or the language cookie); English stays the default."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.urls import reverse

from passage.core.models import Airline, ApiToken

J = "application/json"


def problem(response, status: int) -> dict:
    assert response.status_code == status, response.content
    assert response["Content-Type"] == "application/problem+json"
    return response.json()


@pytest.mark.django_db
def test_a_bad_airline_code_is_named_in_arabic(world, api_client):
    response = api_client(world.sysadmin).post(
        "/api/v1/reference/airlines", {"iata_code": "Z!", "name": "Test Air", "country": "KEN"},
        content_type=J, headers={"accept-language": "ar"})

    body = problem(response, 422)
    assert body["errors"] == [{"field": "iata_code", "detail": "يتكون رمز IATA لشركة الطيران من حرفين أو رقمين."}]
    assert not Airline.objects.filter(name="Test Air").exists()


@pytest.mark.django_db
@pytest.mark.parametrize(("lang", "detail"), [
    ("es", "Solo los administradores del sistema editan la tabla de aerolíneas."),
    ("fr", "Seuls les administrateurs système modifient la table des compagnies aériennes."),
    ("en", "Only system administrators edit the airline table."),
])
def test_a_caseworker_adding_an_airline_is_refused_in_their_language(world, api_client, lang, detail):
    response = api_client(world.caseworker_a).post(
        "/api/v1/reference/airlines", {"iata_code": "ZZ", "name": "Test Air", "country": "KEN"},
        content_type=J, headers={"accept-language": lang})

    assert problem(response, 403)["detail"] == detail
    assert not Airline.objects.filter(iata_code="ZZ").exists()


@pytest.mark.django_db
def test_a_nameless_token_is_refused_in_french_naming_the_field(world, api_client):
    client = api_client(world.caseworker_a)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "fr"
    count = ApiToken.objects.count()

    body = problem(client.post("/api/v1/tokens", {"name": "  "}, content_type=J), 422)

    assert body["errors"] == [{"field": "name",
                               "detail": "Donnez un nom au jeton pour pouvoir le reconnaître plus tard."}]
    assert ApiToken.objects.count() == count


@pytest.mark.django_db
def test_the_api_middlewares_own_problems_are_translated(world, api_client):
    client = api_client(world.caseworker_a)

    assert problem(client.get("/api/v1/no-such-thing", headers={"accept-language": "fr"}), 404)["detail"] == (
        "Aucune ressource d'API à cette adresse.")
    body = problem(client.put("/api/v1/me", headers={"accept-language": "ar"}), 405)
    assert body["detail"] == "الطريقة PUT غير مسموح بها هنا؛ المسموح به: GET."


@pytest.mark.django_db
def test_unauthenticated_and_out_of_scope_answers_are_translated(world, api_client, client):
    body = problem(client.get("/api/v1/me", headers={"accept-language": "es"}), 401)
    assert body["detail"].startswith("Inicie sesión o envíe un token de API personal válido")

    body = problem(api_client(world.caseworker_b).get(f"/api/v1/cases/{world.case_a.number}",
                                                      headers={"accept-language": "ar"}), 404)
    assert body["detail"] == "هذا العنصر غير موجود ضمن نطاقك."


@pytest.mark.django_db
def test_the_token_page_shows_an_expiry_refusal_in_arabic_on_its_field(world, client):
    client.force_login(world.caseworker_a)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "ar"
    count = ApiToken.objects.count()

    response = client.post(reverse("api-tokens"), {"name": "partner sync", "expires_at": "2000-01-01 00:00"})

    message = "يجب أن يكون تاريخ الانتهاء في المستقبل."
    assert response.context["form"].errors["expires_at"] == [message]
    html = response.content.decode()
    assert '<html lang="ar" dir="rtl">' in html and message in html
    assert ApiToken.objects.count() == count
