"""The columns of a case file: one row per member, shared by the import, the export and the template.

Names are the schema field names (CaseIn, MemberIn), so an error report and the API speak the same
words; `case_ref` is the case's UNHCR case id, which groups a case's rows and identifies it again on
a re-import.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from passage.registry.models import Case, CaseMember, Person, Programme


@dataclass(frozen=True)
class Column:
    name: str
    required: bool
    description: str
    allowed: str = ""


def _choices(choices) -> str:
    return ", ".join(str(value) for value, _label in choices)


CASE_COLUMNS = (
    Column("case_ref", True, _("The UNHCR case id. Rows with the same case_ref are one case and must follow each other; "
                               "a case_ref that exists already is left unchanged."), _("up to 40 characters")),
    Column("programme", True, _("The programme of the case."), _choices(Programme.choices)),
    Column("destination_country", True, _("Destination country."), _("ISO 3166-1 alpha-3 code, e.g. USA, CAN")),
    Column("priority", False, _("Priority of the case (default normal)."), _choices(Case.Priority.choices)),
    Column("project_code", False, _("Code of an active project."), ""),
    Column("registered_on", False, _("Registration date (default: the day of the import)."), _("YYYY-MM-DD")),
)
MEMBER_COLUMNS = (
    Column("relationship", True, _("Relationship to the principal applicant; each case has exactly one PA."),
           _choices(CaseMember.Relationship.choices)),
    Column("given_name", True, _("Given name in Latin script."), _("up to 100 characters")),
    Column("middle_name", False, _("Middle name or father's name."), _("up to 100 characters")),
    Column("family_name", False, _("Family name."), _("up to 100 characters")),
    Column("native_given_name", False, _("Given name in native script."), _("up to 100 characters")),
    Column("native_middle_name", False, _("Middle name in native script."), _("up to 100 characters")),
    Column("native_family_name", False, _("Family name in native script."), _("up to 100 characters")),
    Column("sex", True, _("Sex."), _choices(Person.Sex.choices)),
    Column("date_of_birth", True, _("Date of birth; an unknown day and month are written as 1 January."), _("YYYY-MM-DD")),
    Column("dob_precision", False, _("How exact the date of birth is (default exact)."),
           _choices(Person.DatePrecision.choices)),
    Column("nationality", True, _("Nationality."), _("ISO 3166-1 alpha-3 code, e.g. SOM, AFG")),
    Column("country_of_birth", False, _("Country of birth."), _("ISO 3166-1 alpha-3 code")),
    Column("preferred_language", False, _("Preferred language."), _("ISO 639-3 code, e.g. ara, prs, som")),
    Column("languages", False, _("Languages spoken."), _("ISO 639-3 codes separated by semicolons, e.g. ara;eng")),
    Column("unhcr_individual_id", False, _("UNHCR individual id."), _("up to 40 characters")),
    Column("phone", False, _("Phone number."), _("up to 40 characters")),
    Column("email", False, _("Email address."), _("up to 254 characters")),
)
# Written by the export for the reader; accepted and ignored by the import, so an export re-imports.
EXPORT_ONLY_COLUMNS = (
    Column("case_number", False, _("Passage case number (export only; ignored on import)."), ""),
    Column("office", False, _("Office code (export only; ignored on import)."), ""),
    Column("status", False, _("Case status (export only; ignored on import)."), _choices(Case.Status.choices)),
)

IMPORT_COLUMNS = CASE_COLUMNS + MEMBER_COLUMNS
EXPORT_COLUMNS = IMPORT_COLUMNS + EXPORT_ONLY_COLUMNS
CASE_FIELDS = tuple(c.name for c in CASE_COLUMNS)
MEMBER_FIELDS = tuple(c.name for c in MEMBER_COLUMNS)
IMPORT_FIELDS = CASE_FIELDS + MEMBER_FIELDS
EXPORT_FIELDS = tuple(c.name for c in EXPORT_COLUMNS)
REQUIRED_FIELDS = tuple(c.name for c in IMPORT_COLUMNS if c.required)
