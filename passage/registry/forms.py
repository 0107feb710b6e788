"""Forms of the case registry pages. They only read what was typed; the rules (codes, dates,
composition) are checked by the pydantic schemas and the services, whose errors the views show
on the field they name."""

from __future__ import annotations

import re

import pycountry
from django import forms
from django.utils.translation import gettext_lazy as _

from passage.core import reference
from passage.registry.models import (
    Case,
    CaseMember,
    CaseNote,
    Clearance,
    IdentityDocument,
    Person,
    Programme,
    ReceivingPartner,
)
from passage.registry.vulnerabilities import VulnerabilityCode

# Datalists rendered once per page (templates/registry/_code_lists.html); inputs refer to them by id.
COUNTRY_LIST = "country-codes"
LANGUAGE_LIST = "language-codes"


def DateInput() -> forms.DateInput:  # noqa: N802 - reads like the widget class it configures
    return forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"})


def country_choices(blank: str | None = None) -> list[tuple[str, str]]:
    rows = [(c.code, f"{c.name} ({c.code})") for c in sorted(reference.countries().values(), key=lambda c: c.name)]
    return ([("", blank)] if blank is not None else []) + rows


def country_list_options() -> list[tuple[str, str]]:
    return [(c.code, c.name) for c in sorted(reference.countries().values(), key=lambda c: c.name)]


def language_list_options() -> list[tuple[str, str]]:
    # The suggestions are the languages with an ISO 639-1 code (about 180): the full ISO 639-3 list
    # has 7,000 entries, too heavy for a field office's connection. Any ISO 639-3 code is accepted.
    rows = [(lang.code, lang.name) for lang in reference.languages().values() if lang.alpha_2]
    return sorted(rows, key=lambda row: row[1])


def _code_input(list_id: str, hint: str) -> forms.TextInput:
    return forms.TextInput(attrs={"list": list_id, "autocomplete": "off", "placeholder": hint,
                                  "autocapitalize": "characters" if list_id == COUNTRY_LIST else "none"})


def _choices(enum, blank: str | None = None) -> list[tuple[str, str]]:
    return ([("", blank)] if blank is not None else []) + list(enum.choices)


class CaseForm(forms.Form):
    office_id = forms.TypedChoiceField(label=_("Office"), coerce=int, choices=())
    programme = forms.ChoiceField(label=_("Programme"), choices=Programme.choices)
    destination_country = forms.ChoiceField(label=_("Destination country"), choices=())
    priority = forms.ChoiceField(label=_("Priority"), choices=Case.Priority.choices, initial=Case.Priority.NORMAL)
    unhcr_case_id = forms.CharField(label=_("UNHCR case id (optional)"), max_length=40, required=False)
    government_ref = forms.CharField(label=_("Government reference (optional)"), max_length=60, required=False)
    registered_on = forms.DateField(label=_("Registered on"), required=False, widget=DateInput(),
                                    help_text=_("Leave empty for today."))
    project_code = forms.ChoiceField(label=_("Project (optional)"), required=False, choices=(),
                                     help_text=_("Projects of the office or above that cover the destination."))
    receiving_partner_id = forms.ChoiceField(label=_("Receiving partner (optional)"), required=False, choices=(),
                                             help_text=_("Partners in the destination country."))

    def __init__(self, *args, offices=(), projects=(), partners=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["office_id"].choices = [(o.pk, str(o)) for o in offices]
        self.fields["destination_country"].choices = country_choices(blank=_("Choose a country"))
        CaseChoicesMixin.set_case_choices(self, projects, partners)


class PersonForm(forms.Form):
    """A person's biodata; the register form has one per member row."""

    given_name = forms.CharField(label=_("Given name"), max_length=100)
    middle_name = forms.CharField(label=_("Middle name or father's name"), max_length=100, required=False)
    family_name = forms.CharField(label=_("Family name"), max_length=100, required=False)
    native_given_name = forms.CharField(label=_("Given name (native script)"), max_length=100, required=False,
                                        widget=forms.TextInput(attrs={"dir": "auto"}))
    native_middle_name = forms.CharField(label=_("Middle name (native script)"), max_length=100, required=False,
                                         widget=forms.TextInput(attrs={"dir": "auto"}))
    native_family_name = forms.CharField(label=_("Family name (native script)"), max_length=100, required=False,
                                         widget=forms.TextInput(attrs={"dir": "auto"}))
    sex = forms.ChoiceField(label=_("Sex"), choices=_choices(Person.Sex, blank=_("Choose")))
    date_of_birth = forms.DateField(label=_("Date of birth"), widget=DateInput(),
                                    help_text=_("Unknown day and month: enter 1 January and choose the precision."))
    dob_precision = forms.ChoiceField(label=_("Date of birth precision"), choices=Person.DatePrecision.choices,
                                      initial=Person.DatePrecision.EXACT)
    nationality = forms.CharField(label=_("Nationality"), max_length=60,
                                  widget=_code_input(COUNTRY_LIST, "SOM"),
                                  help_text=_("ISO 3166 three-letter code; start typing the country name."))
    country_of_birth = forms.CharField(label=_("Country of birth (optional)"), max_length=60, required=False,
                                       widget=_code_input(COUNTRY_LIST, "SOM"))
    preferred_language = forms.CharField(label=_("Preferred language (optional)"), max_length=60, required=False,
                                         widget=_code_input(LANGUAGE_LIST, "som"),
                                         help_text=_("ISO 639-3 code, e.g. ara, prs, som, tir."))
    phone = forms.CharField(label=_("Phone (optional)"), max_length=40, required=False,
                            widget=forms.TextInput(attrs={"type": "tel", "inputmode": "tel"}))
    unhcr_individual_id = forms.CharField(label=_("UNHCR individual id (optional)"), max_length=40, required=False)

    def person_data(self) -> dict:
        """What was typed, as the keyword arguments of PersonIn."""
        return {name: self.cleaned_data[name] for name in PersonForm.base_fields}


class MemberForm(PersonForm):
    relationship = forms.ChoiceField(label=_("Relationship to the principal applicant"),
                                     choices=CaseMember.Relationship.choices, initial=CaseMember.Relationship.CHILD)

    field_order = ["relationship"]


MemberFormSet = forms.formset_factory(MemberForm, extra=0, min_num=1, validate_min=True, max_num=40, validate_max=True)


class ConfirmDifferentForm(forms.Form):
    different_people = forms.BooleanField(
        label=_("I have checked the possible duplicates: these are different people. Save anyway."), required=False)


class CaseEditForm(forms.Form):
    programme = forms.ChoiceField(label=_("Programme"), choices=Programme.choices)
    destination_country = forms.ChoiceField(label=_("Destination country"), choices=())
    project_code = forms.ChoiceField(label=_("Project"), required=False, choices=(),
                                     help_text=_("Projects of this office or above that cover the destination."))
    receiving_partner_id = forms.ChoiceField(label=_("Receiving partner"), required=False, choices=(),
                                             help_text=_("Partners in the destination country."))
    unhcr_case_id = forms.CharField(label=_("UNHCR case id"), max_length=40, required=False)
    government_ref = forms.CharField(label=_("Government reference"), max_length=60, required=False)

    def __init__(self, *args, projects=(), partners=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["destination_country"].choices = country_choices()
        CaseChoicesMixin.set_case_choices(self, projects, partners)


class CaseFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=100,
                        help_text=_("Case number, name, document number or reference."),
                        widget=forms.TextInput(attrs={"type": "search"}))
    status = forms.ChoiceField(label=_("Status"), required=False, choices=_choices(Case.Status, blank=_("All")))
    programme = forms.ChoiceField(label=_("Programme"), required=False, choices=_choices(Programme, blank=_("All")))
    destination = forms.ChoiceField(label=_("Destination"), required=False, choices=())
    nationality = forms.ChoiceField(label=_("Nationality"), required=False, choices=())
    priority = forms.ChoiceField(label=_("Priority"), required=False, choices=_choices(Case.Priority, blank=_("All")))
    office = forms.TypedChoiceField(label=_("Office"), required=False, coerce=int, empty_value=None, choices=())

    def __init__(self, *args, offices=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["destination"].choices = country_choices(blank=_("All"))
        self.fields["nationality"].choices = country_choices(blank=_("All"))
        self.fields["office"].choices = [("", _("All"))] + [(o.pk, str(o)) for o in offices]


class TransitionForm(forms.Form):
    to_status = forms.ChoiceField(label=_("New status"), choices=())
    reason = forms.CharField(label=_("Reason"), required=False, max_length=2000,
                             widget=forms.Textarea(attrs={"rows": 3}),
                             help_text=_("Required for on hold, withdrawn, rejected and cancelled."))
    expected_status = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, allowed=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to_status"].choices = [(s, Case.Status(s).label) for s in Case.Status.values if s in allowed]


class MemberAddForm(PersonForm):
    relationship = forms.ChoiceField(label=_("Relationship to the principal applicant"),
                                     choices=CaseMember.Relationship.choices, initial=CaseMember.Relationship.CHILD)
    reason = forms.CharField(label=_("Reason for joining"), max_length=200)

    field_order = ["relationship", "reason"]


class MemberLeaveForm(forms.Form):
    reason = forms.CharField(label=_("Reason for leaving"), max_length=200)


def _member_choices(members, blank: str | None = None) -> list[tuple[str, str]]:
    rows = [(str(m.person_id), f"{m.person.full_name} ({m.get_relationship_display()})") for m in members]
    return ([("", blank)] if blank is not None else []) + rows


class DocumentForm(forms.Form):
    person_id = forms.TypedChoiceField(label=_("Member"), coerce=int, choices=())
    kind = forms.ChoiceField(label=_("Document type"), choices=IdentityDocument.Kind.choices)
    number = forms.CharField(label=_("Document number"), max_length=40)
    issuing_country = forms.ChoiceField(label=_("Issuing country"), choices=())
    issued_on = forms.DateField(label=_("Issued on (optional)"), required=False, widget=DateInput())
    expires_on = forms.DateField(label=_("Expires on (optional)"), required=False, widget=DateInput())

    def __init__(self, *args, members=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person_id"].choices = _member_choices(members)
        self.fields["issuing_country"].choices = country_choices(blank=_("Choose a country"))


class ClearanceForm(forms.Form):
    kind = forms.ChoiceField(label=_("Clearance"), choices=[
        (value, label) for value, label in Clearance.Kind.choices if value not in Clearance.DERIVED_KINDS])
    person_id = forms.TypedChoiceField(label=_("For"), coerce=int, empty_value=None, required=False, choices=())
    transit_country = forms.ChoiceField(label=_("Transit country (transit visa waivers only)"), required=False,
                                        choices=())
    status = forms.ChoiceField(label=_("Status"), choices=Clearance.Status.choices)
    reference = forms.CharField(label=_("Reference (optional)"), max_length=80, required=False)
    valid_from = forms.DateField(label=_("Valid from"), required=False, widget=DateInput())
    valid_until = forms.DateField(label=_("Valid until"), required=False, widget=DateInput())

    def __init__(self, *args, members=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person_id"].choices = _member_choices(members, blank=_("The whole case"))
        self.fields["transit_country"].choices = country_choices(blank=_("None"))


class VulnerabilityForm(forms.Form):
    person_id = forms.TypedChoiceField(label=_("Member"), coerce=int, choices=())
    code = forms.ChoiceField(label=_("Vulnerability or special need"), choices=VulnerabilityCode.choices)
    detail = forms.CharField(label=_("Detail (optional, kept encrypted)"), max_length=2000, required=False,
                             widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, members=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person_id"].choices = _member_choices(members)


class NoteForm(forms.Form):
    text = forms.CharField(label=_("Note"), max_length=20000, widget=forms.Textarea(attrs={"rows": 4}))
    kind = forms.ChoiceField(label=_("Kind"), choices=CaseNote._meta.get_field("kind").choices)
    confidentiality = forms.ChoiceField(label=_("Who may read it"), choices=CaseNote.Confidentiality.choices)


class TravelLoanForm(forms.Form):
    amount = forms.DecimalField(label=_("Amount"), max_digits=12, decimal_places=2, min_value=0,
                                widget=forms.NumberInput(attrs={"inputmode": "decimal", "step": "0.01"}))
    currency = forms.ChoiceField(label=_("Currency"), choices=())
    promissory_note_signed_on = forms.DateField(label=_("Promissory note signed on (optional)"), required=False,
                                                widget=DateInput())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        currencies = sorted(pycountry.currencies, key=lambda c: c.name)
        self.fields["currency"].choices = [("", _("Choose a currency"))] + [
            (c.alpha_3, f"{c.name} ({c.alpha_3})") for c in currencies
        ]


class ExpediteForm(forms.Form):
    requested_priority = forms.ChoiceField(
        label=_("Requested priority"),
        choices=[(p, Case.Priority(p).label) for p in (Case.Priority.URGENT, Case.Priority.EMERGENCY)])
    reason = forms.CharField(label=_("Why the case must move sooner"), max_length=2000,
                             widget=forms.Textarea(attrs={"rows": 4}))


class ExpediteDecisionForm(forms.Form):
    decision = forms.ChoiceField(label=_("Decision"), widget=forms.RadioSelect, choices=[
        ("approve", _("Approve: raise the case's priority")), ("refuse", _("Refuse"))])
    note = forms.CharField(label=_("Note (optional)"), max_length=2000, required=False,
                           widget=forms.Textarea(attrs={"rows": 3}))



# --- Projects and receiving partners ----------------------------------------------------------

GLOBAL_CHOICE = ""  # the office select's value for a global entry


def _keeper_office_choices(offices, allow_global: bool) -> list[tuple[str, str]]:
    rows = [(str(o.pk), str(o)) for o in offices]
    return ([(GLOBAL_CHOICE, _("Global: every office may use it"))] if allow_global else []) + rows


class ProjectForm(forms.Form):
    code = forms.CharField(label=_("Code"), max_length=30)
    name = forms.CharField(label=_("Name"), max_length=200)
    donor = forms.CharField(label=_("Donor (optional)"), max_length=200, required=False)
    destination_countries = forms.CharField(
        label=_("Destination countries"), max_length=600, required=False,
        help_text=_("ISO 3166 three-letter codes separated by commas, e.g. USA, CAN; empty for any destination."))
    is_active = forms.BooleanField(label=_("Active: new cases may use it"), required=False, initial=True)
    office_id = forms.ChoiceField(label=_("Office that runs it"), required=False, choices=())

    def __init__(self, *args, offices=(), allow_global=False, editing=False, **kwargs):
        super().__init__(*args, **kwargs)
        if editing:
            del self.fields["code"], self.fields["office_id"]
        else:
            self.fields["office_id"].choices = _keeper_office_choices(offices, allow_global)

    def payload(self) -> dict:
        data = dict(self.cleaned_data)
        data["destination_countries"] = [c for c in re.split(r"[\s,;]+", data["destination_countries"]) if c]
        if "office_id" in data:
            data["office_id"] = int(data["office_id"]) if data["office_id"] else None
        return data


class ReceivingPartnerForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    kind = forms.ChoiceField(label=_("Kind"), choices=ReceivingPartner.Kind.choices)
    country = forms.ChoiceField(label=_("Country where it receives cases"), choices=())
    is_active = forms.BooleanField(label=_("Active: new cases may use it"), required=False, initial=True)
    office_id = forms.ChoiceField(label=_("Office that keeps it"), required=False, choices=())

    def __init__(self, *args, offices=(), allow_global=False, editing=False, **kwargs):
        super().__init__(*args, **kwargs)
        if editing:
            del self.fields["country"], self.fields["office_id"]
        else:
            self.fields["country"].choices = country_choices(blank=_("Choose a country"))
            self.fields["office_id"].choices = _keeper_office_choices(offices, allow_global)

    def payload(self) -> dict:
        data = dict(self.cleaned_data)
        if "office_id" in data:
            data["office_id"] = int(data["office_id"]) if data["office_id"] else None
        return data


class ClearanceEditForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=Clearance.Status.choices)
    reference = forms.CharField(label=_("Reference (optional)"), max_length=80, required=False)
    valid_from = forms.DateField(label=_("Valid from"), required=False, widget=DateInput())
    valid_until = forms.DateField(label=_("Valid until"), required=False, widget=DateInput())


class CaseChoicesMixin:
    """Project and receiving partner selects, limited to those that fit the case's office and destination."""

    def set_case_choices(self, projects, partners) -> None:
        self.fields["project_code"].choices = [("", _("None"))] + [(p.code, str(p)) for p in projects]
        self.fields["receiving_partner_id"].choices = [("", _("None"))] + [
            (str(p.pk), f"{p.name} ({p.get_kind_display()}, {p.country})") for p in partners]
