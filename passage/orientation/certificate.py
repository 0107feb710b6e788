"""The completion certificate a participant keeps: one A4 page (fpdf2), with their name, the course,
its days and place, and the completion date; in the course's language with the English beneath it
(English only when that language has no translation here)."""

from __future__ import annotations

import gettext
import unicodedata
from functools import cache
from pathlib import Path

import pycountry
from django.conf import settings
from django.conf.locale import LANG_INFO
from django.utils import formats, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from fontTools.ttLib import TTFont
from fpdf import FPDF

from passage.core import reference
from passage.orientation.models import Enrolment

# Shipped with their licences (see docs/decisions.md): DejaVu Sans for Latin, Greek, Cyrillic,
# Armenian, Georgian and Hebrew; Noto Naskh Arabic for the Arabic script, including the Pashto and
# Urdu letters DejaVu lacks; Noto Sans Ethiopic for Ge'ez (Tigrinya, Amharic). A line with Arabic
# letters is set in Naskh, others in DejaVu; a character the line's font has not is taken from
# another. A certificate embeds only the fonts its texts need.
FONT_DIR = Path(__file__).resolve().parent / "fonts"
FONTS = {
    "body": FONT_DIR / "DejaVuSans.ttf",
    "arabic": FONT_DIR / "NotoNaskhArabic-Regular.ttf",
    "ethiopic": FONT_DIR / "NotoSansEthiopic-Regular.ttf",
}
ARABIC_RANGES = ((0x0600, 0x06FF), (0x0750, 0x077F), (0x08A0, 0x08FF), (0xFB50, 0xFDFF), (0xFE70, 0xFEFF))
SECONDARY_GREY = 80


class CertificateError(Exception):
    """A text the certificate must print has characters none of its fonts can show."""

    def __init__(self, field: str, characters: str) -> None:
        self.field, self.characters = field, characters
        super().__init__(_("The certificate cannot be made: no font it carries shows %(characters)s (%(field)s).")
                         % {"characters": " ".join(characters), "field": field})


def certificate_language(enrolment: Enrolment) -> str:
    """The interface language the certificate is written in: the course's, else the participant's
    preferred one, when it is one we translate into; else English."""
    translated = {code for code, _name in settings.LANGUAGES}
    for code in (enrolment.course.language, enrolment.person.preferred_language):
        language = reference.languages().get((code or "").lower())
        if language and language.alpha_2 in translated:
            return language.alpha_2
    return "en"


def _has_arabic(text: str) -> bool:
    return any(low <= ord(char) <= high for char in text for low, high in ARABIC_RANGES)


def _language_name(code: str) -> str:
    language = reference.languages().get(code.lower())
    if language is None:
        return code
    active = translation.get_language() or "en"
    if language.alpha_2 in LANG_INFO:
        name = translation.get_language_info(language.alpha_2)["name_translated"]
    else:  # one Django has no name for: its ISO name in the active language where pycountry has one
        name = _iso_names(active).gettext(language.name)
    # French and Spanish write language names in lower case within a sentence.
    return name[:1].lower() + name[1:] if active in ("fr", "es") else name


@cache
def _iso_names(language: str) -> gettext.NullTranslations:
    return gettext.translation("iso639-3", pycountry.LOCALES_DIR, languages=[language], fallback=True)


def _texts(enrolment: Enrolment) -> dict[str, str]:
    """Every sentence of the certificate, in the active language."""
    course = enrolment.course
    days = len(course.days)
    topics = ", ".join(t.get("title", "") for t in course.curriculum.topics if t.get("title"))
    return {
        "title": _("Certificate of pre-departure orientation"),
        "certifies": _("This certifies that"),
        "course": ngettext(
            "completed the course “%(course)s” held in %(place)s from %(start)s to %(end)s (%(days)d day, "
            "in %(language)s).",
            "completed the course “%(course)s” held in %(place)s from %(start)s to %(end)s (%(days)d days, "
            "in %(language)s).", days) % {
            "course": course.curriculum.title, "place": course.place, "days": days,
            "start": formats.date_format(course.start_date, "j F Y"),
            "end": formats.date_format(course.end_date, "j F Y"), "language": _language_name(course.language)},
        "completed": _("Completed on %(date)s.") % {"date": formats.date_format(enrolment.completed_on, "j F Y")},
        "topics": _("Topics: %(topics)s.") % {"topics": topics} if topics else "",
    }


@cache
def _characters(family: str) -> frozenset[int]:
    """The code points a shipped font has a glyph for."""
    return frozenset(TTFont(FONTS[family], lazy=True).getBestCmap())


def _unprintable(text: str) -> set[str]:
    """The characters of text that no shipped font has (spaces and invisible format characters such
    as the zero-width non-joiner need no glyph)."""
    return {char for char in text if not char.isspace() and unicodedata.category(char) != "Cf"
            and not any(ord(char) in _characters(family) for family in FONTS)}


class _Certificate(FPDF):
    def __init__(self, text: str) -> None:
        """text: everything the certificate will print, to choose the fonts it needs."""
        super().__init__(format="A4")
        needed = {"body"} | ({"arabic"} if _has_arabic(text) else set())
        outside = {ord(char) for char in text} - _characters("body")
        needed |= {family for family in FONTS if outside & _characters(family)}
        families = [family for family in FONTS if family in needed]
        for family in families:
            self.add_font(family, fname=str(FONTS[family]))
        self.set_fallback_fonts(families, exact_match=False)
        # Joins Arabic letters and lays right-to-left text out in order (uharfbuzz).
        self.set_text_shaping(True)

    def centred(self, text: str, size: float, height: float, *, secondary: bool = False) -> None:
        if not text:
            return
        self.set_font("arabic" if _has_arabic(text) else "body", size=size)
        self.set_text_color(SECONDARY_GREY if secondary else 0)
        self.multi_cell(0, height, text, align="C", new_x="LMARGIN", new_y="NEXT")


def certificate_pdf(enrolment: Enrolment) -> bytes:
    """The certificate; CertificateError when a name, place, title or topic has characters none of the
    shipped fonts can show (never a certificate with the characters lost)."""
    course, person = enrolment.course, enrolment.person
    # A name typed with combining accents prints as the precomposed letters the fonts have.
    name = unicodedata.normalize("NFC", person.full_name)
    native_name = unicodedata.normalize("NFC", person.native_full_name)
    language = certificate_language(enrolment)
    with translation.override(language):
        own = _texts(enrolment)
    with translation.override("en"):
        english = _texts(enrolment) if language != "en" else dict.fromkeys(own, "")

    topics = "".join(t.get("title", "") for t in course.curriculum.topics)
    for field, text in ((_("participant's name"), name + native_name), (_("course title"), course.curriculum.title),
                        (_("place"), course.place), (_("topics"), topics)):
        if missing := _unprintable(text):
            raise CertificateError(field, "".join(sorted(missing)))
    pdf = _Certificate("".join([name, native_name, *own.values(), *english.values()]))
    pdf.set_lang(language)
    pdf.set_title(" / ".join(t for t in (own["title"], english["title"]) if t))
    pdf.add_page()
    pdf.ln(24)
    pdf.centred(own["title"], 24, 14)
    pdf.centred(english["title"], 14, 8, secondary=True)
    pdf.ln(10)
    pdf.centred(own["certifies"], 14, 10)
    pdf.centred(english["certifies"], 10, 6, secondary=True)
    pdf.ln(2)
    pdf.centred(name, 22, 14)
    if native_name and native_name != name:
        pdf.centred(native_name, 22, 14)
    pdf.ln(2)
    pdf.centred(own["course"], 14, 9)
    pdf.centred(english["course"], 10, 6, secondary=True)
    pdf.ln(6)
    pdf.centred(own["completed"], 14, 9)
    pdf.centred(english["completed"], 10, 6, secondary=True)
    if own["topics"]:
        pdf.ln(8)
        pdf.centred(own["topics"], 11, 7)
        pdf.centred(english["topics"], 9, 5, secondary=True)
    return bytes(pdf.output())
