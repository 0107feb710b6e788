"""Standard reference data: ISO 3166 countries and ISO 639 languages (pycountry), IATA airports with
their time zones (airportsdata), and the IATA special-service-request codes for assistance.

Codes are loaded from the libraries that maintain them, never typed into templates.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

import airportsdata
import pycountry
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Country:
    code: str  # ISO 3166-1 alpha-3
    alpha_2: str
    name: str


@dataclass(frozen=True)
class Language:
    code: str  # ISO 639-3
    alpha_2: str | None
    name: str


@dataclass(frozen=True)
class Airport:
    iata: str
    name: str
    city: str
    country: str  # ISO 3166-1 alpha-3
    tz: str


@dataclass(frozen=True)
class AssistanceCode:
    code: str
    meaning: str


@cache
def countries() -> dict[str, Country]:
    return {
        c.alpha_3: Country(code=c.alpha_3, alpha_2=c.alpha_2, name=getattr(c, "common_name", c.name))
        for c in pycountry.countries
    }


@cache
def _alpha2_to_alpha3() -> dict[str, str]:
    return {c.alpha_2: c.code for c in countries().values()}


def is_country(code: str) -> bool:
    return code in countries()


def country_name(code: str) -> str:
    country = countries().get(code)
    return country.name if country else code


@cache
def languages() -> dict[str, Language]:
    """Living individual and macro-languages of ISO 639-3 (the ones people speak today)."""
    return {
        lang.alpha_3: Language(code=lang.alpha_3, alpha_2=getattr(lang, "alpha_2", None), name=lang.name)
        for lang in pycountry.languages
        if getattr(lang, "type", "L") == "L"
    }


def is_language(code: str) -> bool:
    return code in languages()


@cache
def airports() -> dict[str, Airport]:
    to3 = _alpha2_to_alpha3()
    return {
        code: Airport(iata=code, name=a["name"], city=a["city"], country=to3.get(a["country"], ""), tz=a["tz"])
        for code, a in airportsdata.load("IATA").items()
    }


def is_airport(code: str) -> bool:
    return code in airports()


# IATA special service request (SSR) codes for passengers needing assistance (IATA Resolution 700 /
# AIRIMP). The codes are an IATA standard with no maintained Python package, so they live here.
ASSISTANCE_CODES: tuple[AssistanceCode, ...] = (
    AssistanceCode("WCHR", _("Wheelchair for the distance to the aircraft; can climb steps and walk in the cabin")),
    AssistanceCode("WCHS", _("Wheelchair; cannot climb steps but can walk to a seat in the cabin")),
    AssistanceCode("WCHC", _("Wheelchair; immobile, must be carried to and from the seat")),
    AssistanceCode("STCR", _("Stretcher passenger")),
    AssistanceCode("MEDA", _("Medical case; medical clearance required")),
    AssistanceCode("OXYG", _("Supplemental oxygen needed in flight")),
    AssistanceCode("UMNR", _("Unaccompanied minor")),
    AssistanceCode("BLND", _("Blind or visually impaired passenger")),
    AssistanceCode("DEAF", _("Deaf or hard-of-hearing passenger")),
    AssistanceCode("DPNA", _("Disabled passenger with intellectual or developmental disability needing assistance")),
    AssistanceCode("MAAS", _("Meet and assist")),
)


def assistance_codes() -> dict[str, AssistanceCode]:
    return {a.code: a for a in ASSISTANCE_CODES}
