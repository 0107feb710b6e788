"""The coded list of vulnerabilities and special needs, and the IATA assistance code each implies."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class VulnerabilityCode(models.TextChoices):
    UNACCOMPANIED_CHILD = "unaccompanied_child", _("Unaccompanied child")
    SEPARATED_CHILD = "separated_child", _("Separated child")
    MOBILITY = "mobility", _("Mobility impairment")
    VISUAL = "visual", _("Visual impairment")
    HEARING = "hearing", _("Hearing impairment")
    COGNITIVE = "cognitive", _("Cognitive or intellectual disability")
    SERIOUS_MEDICAL = "serious_medical", _("Serious medical condition")
    WOMAN_AT_RISK = "woman_at_risk", _("Woman at risk")
    OLDER_PERSON = "older_person", _("Older person at risk")
    SOGIESC = "sogiesc", _("SOGIESC-related risk")
    SURVIVOR_VIOLENCE_TORTURE = "survivor_violence_torture", _("Survivor of violence or torture")
    VICTIM_OF_TRAFFICKING = "victim_of_trafficking", _("Victim of trafficking")
    PREGNANCY = "pregnancy", _("Pregnancy")
    SINGLE_PARENT = "single_parent", _("Single parent")


# The IATA special-service-request code a vulnerability implies for the manifest, where one does.
# Mobility needs a wheelchair of some kind; which kind (WCHR/WCHS/WCHC) is the medical officer's call,
# so WCHR is the starting point. Medical cases need MEDA; an unaccompanied child travels as UMNR.
IATA_ASSISTANCE = {
    VulnerabilityCode.UNACCOMPANIED_CHILD: "UMNR",
    VulnerabilityCode.MOBILITY: "WCHR",
    VulnerabilityCode.VISUAL: "BLND",
    VulnerabilityCode.HEARING: "DEAF",
    VulnerabilityCode.COGNITIVE: "DPNA",
    VulnerabilityCode.SERIOUS_MEDICAL: "MEDA",
    VulnerabilityCode.OLDER_PERSON: "MAAS",
}


def assistance_code(code: str) -> str | None:
    return IATA_ASSISTANCE.get(code)
