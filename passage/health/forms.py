"""Page forms of the health module. They only collect input; the schemas and services decide."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from passage.health.embarkation import MAX_DAYS
from passage.health.models import (
    Assessment,
    ChestXray,
    Consent,
    FitnessDecision,
    LabTest,
    Requirement,
    Vaccination,
)
from passage.health.selectors import GROUPINGS

DATE = forms.DateInput(attrs={"type": "date"})
DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class ClinicSearchForm(forms.Form):
    q = forms.CharField(label=_("Case number or name"), max_length=200, required=False,
                        widget=forms.TextInput(attrs={"autofocus": True, "type": "search", "autocomplete": "off"}))


class AssessmentForm(forms.Form):
    prefix = "assessment"
    kind = forms.ChoiceField(label=_("Kind"), choices=Assessment.Kind.choices)
    performed_at = forms.DateTimeField(label=_("Performed at (UTC)"), widget=DATETIME)
    clinic = forms.CharField(label=_("Clinic or assessment centre"), max_length=200)
    physician = forms.CharField(label=_("Physician"), max_length=200)
    history = forms.CharField(label=_("Medical history"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    exam = forms.CharField(label=_("Physical examination"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    vitals = forms.CharField(label=_("Vital signs"), required=False, max_length=2000)
    mental_health = forms.CharField(label=_("Mental health evaluation"), required=False,
                                    widget=forms.Textarea(attrs={"rows": 2}))


class ChestXrayForm(forms.Form):
    prefix = "xray"
    taken_on = forms.DateField(label=_("X-ray taken on"), widget=DATE)
    reading = forms.ChoiceField(label=_("Reading"), choices=ChestXray.Reading.choices)
    radiologist = forms.CharField(label=_("Radiologist"), max_length=200, required=False)


class LabTestForm(forms.Form):
    prefix = "lab"
    test = forms.ChoiceField(label=_("Test"), choices=LabTest.Test.choices)
    taken_on = forms.DateField(label=_("Specimen taken on"), widget=DATE)
    result = forms.ChoiceField(label=_("Result"), choices=LabTest.Result.choices)
    result_on = forms.DateField(label=_("Result on"), widget=DATE, required=False)


class VaccinationForm(forms.Form):
    prefix = "vaccination"
    vaccine = forms.ChoiceField(label=_("Vaccine"), choices=Vaccination.Vaccine.choices)
    dose = forms.IntegerField(label=_("Dose number"), min_value=1, max_value=10, initial=1)
    given_on = forms.DateField(label=_("Given on"), widget=DATE)
    lot = forms.CharField(label=_("Lot number"), max_length=40, required=False)


class FitnessForm(forms.Form):
    prefix = "fitness"
    decision = forms.ChoiceField(label=_("Fitness to travel"), choices=FitnessDecision.Decision.choices)
    requirements = forms.MultipleChoiceField(label=_("Travel requirements"), choices=Requirement.choices,
                                             required=False, widget=forms.CheckboxSelectMultiple)
    not_fit_until = forms.DateField(label=_("Not fit until"), widget=DATE, required=False)
    note = forms.CharField(label=_("Clinical note"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class ConsentForm(forms.Form):
    purpose = forms.ChoiceField(label=_("Purpose"), choices=Consent.Purpose.choices)
    scope = forms.ChoiceField(label=_("Scope"), choices=Consent.Scope.choices)
    given_on = forms.DateField(label=_("Given on"), widget=DATE)


class RuleForm(forms.Form):
    destination_country = forms.CharField(label=_("Destination (ISO 3166-1 alpha-3, or * for the fallback)"),
                                          max_length=3)
    chest_xray_min_age = forms.IntegerField(label=_("Chest X-ray from age"), min_value=0, max_value=120)
    required_labs = forms.MultipleChoiceField(label=_("Required laboratory tests"), choices=LabTest.Test.choices,
                                              required=False, widget=forms.CheckboxSelectMultiple)
    required_vaccines = forms.MultipleChoiceField(label=_("Required vaccines"), choices=Vaccination.Vaccine.choices,
                                                  required=False, widget=forms.CheckboxSelectMultiple)
    assessment_validity_days = forms.IntegerField(label=_("Assessment valid for (days)"), min_value=1, max_value=730)
    pre_embarkation_window_hours = forms.IntegerField(label=_("Pre-embarkation window (hours before departure)"),
                                                      min_value=24, max_value=72)


class MorbidityForm(forms.Form):
    by = forms.ChoiceField(label=_("Group by"), choices=[
        (g, label) for g, label in zip(GROUPINGS, (_("Nationality"), _("Departure country"), _("Destination"),
                                                   _("Sex"), _("Age group")), strict=True)])


class PreEmbarkationFilterForm(forms.Form):
    """Blank dates are the default range, as on the API; the offices are those of the user's scope."""

    day_from = forms.DateField(label=_("Departures from"), widget=DATE, required=False)
    day_to = forms.DateField(label=_("Departures until"), widget=DATE, required=False)
    office = forms.TypedChoiceField(label=_("Office"), required=False, coerce=int, empty_value=None, choices=())

    def __init__(self, *args, offices=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["office"].choices = [("", _("All my offices"))] + [(o.pk, str(o)) for o in offices]
        # The bound the list enforces, said before it refuses a longer range.
        self.fields["day_to"].help_text = gettext("Show at most %(days)d days at a time.") % {"days": MAX_DAYS}
