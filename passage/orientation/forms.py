"""Forms of the orientation pages; rules are checked by the services, whose errors come back on the
field they name."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _


def _date() -> forms.DateInput:
    return forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"})


class CourseForm(forms.Form):
    curriculum_id = forms.TypedChoiceField(label=_("Curriculum"), coerce=int)
    office_id = forms.TypedChoiceField(label=_("Office"), coerce=int)
    language = forms.CharField(label=_("Language (ISO 639-3, e.g. som, ara, swa)"), max_length=3)
    place = forms.CharField(label=_("Place"), max_length=200)
    first_day = forms.DateField(label=_("First day"), widget=_date())
    skip_weekends = forms.BooleanField(label=_("Skip Saturdays and Sundays"), required=False, initial=True)
    capacity = forms.IntegerField(label=_("Capacity"), min_value=1, max_value=200, initial=25)
    trainer_ids = forms.TypedMultipleChoiceField(label=_("Trainers"), coerce=int, required=False)

    def __init__(self, *args, curricula, offices, trainers, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["curriculum_id"].choices = [(c.pk, f"{c.title} ({c.days})") for c in curricula]
        self.fields["office_id"].choices = [(o.pk, o.name) for o in offices]
        self.fields["trainer_ids"].choices = [(u.pk, u.get_full_name() or u.get_username()) for u in trainers]


class EnrolCaseForm(forms.Form):
    case_number = forms.CharField(label=_("Case number"), max_length=20)
    everyone = forms.BooleanField(label=_("Enrol every current member, whatever the course's audience"),
                                  required=False)
