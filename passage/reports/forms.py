"""The dashboard's filters, read from the query string (pages, exports and drill-down links)."""

from __future__ import annotations

import datetime as dt

import pycountry
from django import forms
from django.utils.translation import gettext_lazy as _

from passage.core.models import User
from passage.movements.models import Mode
from passage.registry.models import Programme
from passage.reports import regions, selectors
from passage.reports.selectors import Filters


def _countries() -> list[tuple[str, str]]:
    return [("", _("All"))] + sorted(((c.alpha_3, getattr(c, "common_name", c.name)) for c in pycountry.countries),
                                     key=lambda kv: kv[1])


class FilterForm(forms.Form):
    date_from = forms.DateField(label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    date_to = forms.DateField(label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    office_id = forms.TypedChoiceField(label=_("Office"), required=False, coerce=int, empty_value=None)
    region = forms.ChoiceField(label=_("Region of departure"), required=False)
    programme = forms.ChoiceField(label=_("Programme"), required=False)
    destination = forms.ChoiceField(label=_("Destination"), required=False)
    departure = forms.CharField(required=False, widget=forms.HiddenInput, max_length=3)
    nationality = forms.CharField(required=False, widget=forms.HiddenInput, max_length=3)
    mode = forms.ChoiceField(required=False, widget=forms.HiddenInput, choices=[("", "")] + list(Mode.choices))

    def __init__(self, data, *, user: User):
        super().__init__(data)
        self.fields["office_id"].choices = [("", _("All in my scope"))] + [
            (o.pk, o.name) for o in selectors.offices_for(user)]
        self.fields["region"].choices = [("", _("All"))] + regions.choices()
        self.fields["programme"].choices = [("", _("All"))] + list(Programme.choices)
        self.fields["destination"].choices = _countries()

    def clean(self):
        data = super().clean()
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and start > end:
            self.add_error("date_to", _("The end of the period comes before its start."))
        if start and end and (end - start).days > selectors.MAX_DAYS:
            self.add_error("date_from", _("Choose a period of at most eighty years."))
        for name in ("departure", "nationality"):
            value = (data.get(name) or "").upper()
            if value and not pycountry.countries.get(alpha_3=value):
                self.add_error(name, _("Unknown country code."))
            data[name] = value
        return data

    def filters(self) -> Filters:
        """The filters, defaulting to the last twelve months; call after is_valid()."""
        data = self.cleaned_data
        default = Filters.default()
        end = data.get("date_to") or default.date_to
        start = data.get("date_from") or (end - dt.timedelta(days=364))
        return Filters(date_from=start, date_to=end, office_id=data.get("office_id"),
                       region=data.get("region") or None, programme=data.get("programme") or None,
                       destination=data.get("destination") or None, departure=data.get("departure") or None,
                       nationality=data.get("nationality") or None, mode=data.get("mode") or None)
