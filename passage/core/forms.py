"""Forms of the core pages. Validation of business rules stays in services."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from passage.core import reference


class TokenForm(forms.Form):
    name = forms.CharField(label=_("Token name"), max_length=100,
                           help_text=_("What the token is for, e.g. the partner system that uses it."))
    expires_at = forms.DateTimeField(label=_("Expires (optional)"), required=False,
                                     help_text=_("Format: YYYY-MM-DD HH:MM, in UTC."))


class TotpForm(forms.Form):
    code = forms.CharField(label=_("Six-digit code"), min_length=6, max_length=8,
                           widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "one-time-code"}))


class AuditFilterForm(forms.Form):
    actor = forms.CharField(label=_("User name"), required=False)
    action = forms.CharField(label=_("Action starts with"), required=False)
    object_type = forms.CharField(label=_("Object type"), required=False)
    object_id = forms.CharField(label=_("Object id"), required=False)
    office = forms.ModelChoiceField(label=_("Office"), required=False, queryset=None)
    since = forms.DateField(label=_("From (date)"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    until = forms.DateField(label=_("Until (date, inclusive)"), required=False,
                            widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args, offices=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["office"].queryset = offices


class AirlineForm(forms.Form):
    iata_code = forms.CharField(label=_("IATA code"), min_length=2, max_length=2)
    icao_code = forms.CharField(label=_("ICAO code"), max_length=3, required=False)
    name = forms.CharField(label=_("Name"), max_length=120)
    country = forms.ChoiceField(label=_("Country"), choices=())
    has_agreement = forms.BooleanField(label=_("Under a global airline agreement"), required=False)
    is_active = forms.BooleanField(label=_("Active"), required=False, initial=True)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["country"].choices = [
            (c.code, f"{c.name} ({c.code})") for c in sorted(reference.countries().values(), key=lambda c: c.name)
        ]


class GrantRoleForm(forms.Form):
    office_id = forms.TypedChoiceField(label=_("Office"), coerce=int, choices=())
    role = forms.ChoiceField(label=_("Role"), choices=())

    def __init__(self, *args, offices=(), roles=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["office_id"].choices = [(o.pk, str(o)) for o in offices]
        self.fields["role"].choices = list(roles)


class OfficeForm(forms.Form):
    code = forms.CharField(label=_("Code"), max_length=12, help_text=_("For example CO-KEN or SO-KAK."))
    name = forms.CharField(label=_("Name"), max_length=120)
    kind = forms.ChoiceField(label=_("Kind"), choices=())
    country = forms.CharField(label=_("Country"), max_length=3,
                              help_text=_("ISO 3166-1 alpha-3 code, such as KEN."))
    parent = forms.TypedChoiceField(label=_("Parent office"), coerce=int, empty_value=None, required=False,
                                    choices=())

    def __init__(self, *args, offices=(), **kwargs):
        from passage.core.models import Office

        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = Office.Kind.choices
        self.fields["parent"].choices = [("", _("None (headquarters only)"))] + [(o.pk, str(o)) for o in offices]
