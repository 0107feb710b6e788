"""Refusals reach the user in their language: the API's problem documents (detail and each field's
error) and the registration page's form errors, in Arabic, French or Spanish, while English stays
the default. The language comes from the request (Accept-Language, or the language cookie the
language menu sets) through LocaleMiddleware."""

from __future__ import annotations

import pytest
from django.conf import settings

from passage.registry.models import Case, Person
from passage.registry.tests.test_api_cases import family_of_four, member, register
from passage.registry.tests.test_pages import FAMILY, register_form

J = "application/json"


def problem(response, status: int) -> dict:
    assert response.status_code == status, response.content
    assert response["Content-Type"] == "application/problem+json"
    return response.json()


def in_language(client, lang: str):
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = lang
    return client


# --- The API ------------------------------------------------------------------------------------

@pytest.mark.django_db
def test_arabic_speaker_registering_a_bad_nationality_reads_the_field_error_in_arabic(world, api_client):
    before = (Case.objects.count(), Person.objects.count())
    client = in_language(api_client(world.caseworker_a), "ar")

    body = problem(register(client, world.office_a, [member(nationality="XXX")]), 422)

    assert body["title"] == "حقول غير صالحة"
    assert body["detail"] == "تحقق من هذه الحقول: members.0.nationality."
    assert body["errors"] == [{"field": "members.0.nationality", "location": "body",
                               "pointer": "#/members/0/nationality",
                               "detail": "«XXX» ليس رمز بلد ISO 3166-1 الثلاثي (مثل SOM وAFG وUSA)"}]
    assert (Case.objects.count(), Person.objects.count()) == before


@pytest.mark.django_db
def test_pydantic_errors_of_common_kinds_are_translated_too(world, api_client):
    client = in_language(api_client(world.caseworker_a), "ar")
    bad = member(sex="Q", date_of_birth="not a date")
    del bad["given_name"]

    body = problem(register(client, world.office_a, [bad]), 422)

    details = {e["field"]: e["detail"] for e in body["errors"]}
    assert details == {
        "members.0.given_name": "حقل إلزامي",
        "members.0.sex": "يجب أن تكون القيمة 'F', 'M' أو 'X'",
        "members.0.date_of_birth": "يجب أن تكون القيمة تاريخًا صالحًا بالصيغة YYYY-MM-DD",
    }


@pytest.mark.django_db
@pytest.mark.parametrize(("lang", "detail"), [
    ("ar", "لكل ملف مقدم طلب رئيسي واحد فقط؛ وقد أُدخل 2."),
    ("fr", "Un dossier compte exactement un demandeur principal\u00a0; 2 indiqués."),
    ("es", "Un expediente tiene exactamente un solicitante principal; se indicaron 2."),
    ("en", "A case has exactly one principal applicant; 2 given."),
])
def test_a_service_refusal_names_the_field_in_the_callers_language(world, api_client, lang, detail):
    two_principals = [member(), member("PA", "Abdi", "1980-01-01", "M")]

    body = problem(register(in_language(api_client(world.caseworker_a), lang), world.office_a, two_principals), 422)

    assert body["detail"] == detail
    assert body["errors"] == [{"field": "members.1.relationship", "detail": detail}]


@pytest.mark.django_db
def test_french_speaker_registering_a_duplicate_unhcr_case_id_gets_a_french_conflict(world, api_client):
    client = in_language(api_client(world.caseworker_a), "fr")
    assert register(client, world.office_a, unhcr_case_id="KEN-ABC-123").status_code == 201
    count = Case.objects.count()

    body = problem(register(client, world.office_a, unhcr_case_id="KEN-ABC-123"), 409)

    assert body["detail"] == "Un dossier avec l'identifiant de dossier du HCR KEN-ABC-123 existe déjà."
    assert body["errors"] == [{"field": "unhcr_case_id", "detail": body["detail"]}]
    assert Case.objects.count() == count


@pytest.mark.django_db
@pytest.mark.parametrize(("lang", "detail"), [
    ("ar", "لا يسمح لك دورك بتسجيل ملفات في هذا المكتب."),
    ("fr", "Votre rôle ne vous permet pas d'enregistrer des dossiers dans ce bureau."),
    ("en", "Your role does not allow you to register cases in this office."),
])
def test_registering_in_another_office_is_refused_in_the_callers_language(world, api_client, lang, detail):
    count = Case.objects.count()

    body = problem(register(in_language(api_client(world.caseworker_a), lang), world.office_b), 403)

    assert body["detail"] == detail
    assert Case.objects.count() == count


@pytest.mark.django_db
def test_an_unknown_office_is_named_in_spanish(world, api_client):
    body = problem(register(in_language(api_client(world.caseworker_a), "es"), world.office_a, office_id=999_999), 422)
    assert body["errors"] == [{"field": "office_id", "detail": "Esa oficina no existe."}]


@pytest.mark.django_db
def test_the_language_cookie_chooses_the_language_of_the_api_too(world, api_client):
    client = api_client(world.caseworker_a)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "ar"
    case = register(client, world.office_a, family_of_four()).json()["case"]

    body = problem(client.post(f"/api/v1/cases/{case['number']}/transitions", {"to_status": "on_hold"},
                               content_type=J), 422)

    assert body["errors"] == [{"field": "reason", "detail": "اذكر سبب الانتقال إلى «معلَّق»."}]


# --- The pages ----------------------------------------------------------------------------------

@pytest.mark.django_db
def test_the_registration_page_shows_a_composition_refusal_in_arabic(world, client):
    client.force_login(world.caseworker_a)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "ar"
    family = [*FAMILY[:3], {**FAMILY[3], "date_of_birth": "1970-01-01"}]
    count = Case.objects.count()

    response = client.post("/cases/new/", register_form(world.office_a, members=family))

    assert response.status_code == 200
    message = "لا يمكن أن يكون الابن في سن مقدم الطلب الرئيسي أو أكبر منه."
    assert response.context["formset"].forms[3].errors["date_of_birth"] == [message]
    html = response.content.decode()
    assert '<html lang="ar" dir="rtl">' in html
    assert message in html and 'id="id_members-3-date_of_birth_error"' in html
    assert Case.objects.count() == count


@pytest.mark.django_db
def test_the_registration_page_shows_a_schema_error_in_arabic_on_its_row(world, client):
    client.force_login(world.caseworker_a)
    family = [FAMILY[0], {**FAMILY[1], "nationality": "XXX"}]

    response = client.post("/cases/new/", register_form(world.office_a, members=family),
                           headers={"accept-language": "ar"})

    errors = response.context["formset"].forms[1].errors["nationality"]
    assert errors == ["«XXX» ليس رمز بلد ISO 3166-1 الثلاثي (مثل SOM وAFG وUSA)"]
