"""The completion certificate: names in any script the shipped fonts cover come out intact (Arabic
shaped and in reading order), the text is in the course's language with the English beneath, and a
name no font can show stops the certificate with a clear error instead of printing it mangled."""

from __future__ import annotations

import io
import itertools

import pytest
from django.contrib.messages import get_messages
from fontTools.ttLib import TTFont
from pypdf import PdfReader

from passage.core.tests.factories import CaseFactory, PersonFactory
from passage.orientation import services
from passage.orientation.certificate import CertificateError, certificate_language, certificate_pdf
from passage.orientation.models import Enrolment
from passage.orientation.tests.conftest import make_course
from passage.registry.models import CaseMember

ARABIC_TITLE = "شهادة التوجيه قبل المغادرة"
ENGLISH_TITLE = "Certificate of pre-departure orientation"
_numbers = itertools.count(201)


def completed(training, course, **person) -> Enrolment:
    """A participant who attended every day of the course (so completed it), alone in a new case."""
    case = CaseFactory(number=f"KEN-2026-{next(_numbers):06d}", office=course.office, destination_country="USA")
    person.setdefault("languages", [course.language])
    person.setdefault("middle_name", "")
    adult = PersonFactory(office=course.office, date_of_birth=training.adult.date_of_birth, **person)
    CaseMember.objects.create(case=case, person=adult, relationship="PA", joined_on=case.registered_on)
    services.enrol(actor=training.trainer, course=course, person=adult)
    for day in services.course_days(course):
        services.record_attendance(actor=training.trainer, course=course, person=adult, day=day, present=True)
    enrolment = course.enrolments.get(person=adult)
    assert enrolment.completed_on
    return enrolment


def text_of(pdf: bytes) -> str:
    return PdfReader(io.BytesIO(pdf)).pages[0].extract_text()


def embedded_characters(pdf: bytes) -> set[int]:
    """The code points the glyphs embedded in the PDF stand for in their font (its cmap)."""
    page = PdfReader(io.BytesIO(pdf)).pages[0]
    found: set[int] = set()
    for font in page["/Resources"]["/Font"].values():
        descendant = font.get_object()["/DescendantFonts"][0].get_object()
        data = descendant["/FontDescriptor"]["/FontFile2"].get_object().get_data()
        found |= set(TTFont(io.BytesIO(data)).getBestCmap())
    return found


@pytest.fixture
def course(training):
    return training.course  # held in Somali: no translation, so the certificate is in English only


@pytest.mark.django_db
def test_latin_name_with_accents_comes_out_intact(training, course):
    # Typed with combining accents (decomposed): printed as the precomposed letters.
    enrolment = completed(training, course, given_name="Zoe\u0308", family_name="Núñez-Ćirić")
    text = text_of(certificate_pdf(enrolment))
    assert "Zoë Núñez-Ćirić" in text
    assert ENGLISH_TITLE in text
    assert "?" not in text


@pytest.mark.django_db
def test_cyrillic_name_comes_out_intact(training, course):
    enrolment = completed(training, course, given_name="Анна", family_name="Петрова")
    assert "Анна Петрова" in text_of(certificate_pdf(enrolment))


@pytest.mark.django_db
def test_arabic_name_is_shaped_and_in_reading_order(training, course):
    name = "محمد حسن"
    enrolment = completed(training, course, given_name="محمد", family_name="حسن")
    pdf = certificate_pdf(enrolment)
    # pypdf reads the glyphs back in logical order only when the line was laid out right to left;
    # unshaped, left to right, it reads "دمحم" for "محمد". (A name ending in the ligature of "الله"
    # is drawn right but pypdf misplaces that one glyph when reading it back, so it is not used here.)
    assert name in text_of(pdf).splitlines()
    # Joined letters: the glyphs drawn are the contextual forms (meem initial U+FEE3, hah medial
    # U+FEA4, dal final U+FEAA), not the isolated base letters alone.
    assert {0xFEE3, 0xFEA4, 0xFEAA} <= embedded_characters(pdf)


@pytest.mark.django_db
def test_pashto_letters_dejavu_lacks_are_shown(training, course):
    # ۍ (U+06CD) is not in DejaVu Sans; the Arabic-script font has it.
    enrolment = completed(training, course, given_name="Malalai", family_name="Yousafzai",
                          native_given_name="ملالۍ", native_family_name="یوسفزۍ")
    text = text_of(certificate_pdf(enrolment))
    assert "Malalai Yousafzai" in text
    assert "ملالۍ یوسفزۍ" in text.splitlines()


@pytest.mark.django_db
def test_arabic_course_gives_an_arabic_certificate_with_the_english_beneath(world, training):
    arabic = make_course(training.trainer, world.office_a, training.curriculum, first=course_start(training),
                         language="ara")
    enrolment = completed(training, arabic, given_name="Layla", family_name="Haddad")
    assert certificate_language(enrolment) == "ar"
    lines = text_of(certificate_pdf(enrolment)).splitlines()
    assert ARABIC_TITLE in lines
    assert ENGLISH_TITLE in lines
    assert lines.index(ARABIC_TITLE) < lines.index(ENGLISH_TITLE)
    assert "Layla Haddad" in lines


@pytest.mark.django_db
def test_french_course_gives_a_french_certificate(world, training):
    french = make_course(training.trainer, world.office_a, training.curriculum, first=course_start(training),
                         language="fra")
    text = text_of(certificate_pdf(completed(training, french, given_name="Aïcha", family_name="Diallo")))
    assert "Certificat d’orientation préalable au départ" in text
    assert ENGLISH_TITLE in text
    assert "en français" in text


@pytest.mark.django_db
def test_language_is_the_courses_else_the_participants_preferred_one_else_english(training, course):
    spanish_speaker = completed(training, course, given_name="Ana", preferred_language="spa", languages=["som"])
    assert certificate_language(spanish_speaker) == "es"
    somali_only = completed(training, course, given_name="Hodan", preferred_language="som")
    assert certificate_language(somali_only) == "en"
    text = text_of(certificate_pdf(somali_only))
    assert ENGLISH_TITLE in text and "Certificado" not in text and ARABIC_TITLE not in text


@pytest.mark.django_db
def test_geez_name_is_shown(training, course):
    enrolment = completed(training, course, given_name="Senait", family_name="Tesfay", native_given_name="ሰናይት",
                          native_family_name="ተስፋይ")
    text = text_of(certificate_pdf(enrolment))
    assert "Senait Tesfay" in text and "ሰናይት ተስፋይ" in text


@pytest.mark.django_db
def test_a_name_no_font_can_show_stops_the_certificate_with_a_clear_error(training, course, client):
    # Devanagari (Nepali) is in none of the shipped fonts.
    enrolment = completed(training, course, given_name="Sita", native_given_name="सीता")
    with pytest.raises(CertificateError) as error:
        certificate_pdf(enrolment)
    assert error.value.field == "participant's name"
    assert set(error.value.characters) == set("सीता")

    client.force_login(training.trainer)
    response = client.get(f"/orientation/courses/{course.pk}/certificate/{enrolment.person_id}.pdf")
    assert response.status_code == 302
    assert response["Location"] == f"/orientation/courses/{course.pk}/"
    [message] = [str(m) for m in get_messages(response.wsgi_request)]
    assert "स" in message and "participant's name" in message


@pytest.mark.django_db
def test_a_certificate_embeds_only_the_fonts_it_needs(training, course):
    english_only = certificate_pdf(completed(training, course, given_name="Amina", family_name="Yusuf"))
    page = PdfReader(io.BytesIO(english_only)).pages[0]
    assert len(page["/Resources"]["/Font"]) == 1


def course_start(training):
    return training.course.start_date
