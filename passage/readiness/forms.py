"""The rule-set form: one line per clearance kind (required, per member or case, minimum age,
valid on arrival). The service checks the rule; its errors come back on the line they name."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from passage.readiness.rules import KIND_NAMES, KINDS
from passage.registry.models import Programme

PER_CHOICES = [("member", _("each member")), ("case", _("the case"))]


class RuleForm(forms.Form):
    destination_country = forms.CharField(label=_("Destination country (ISO 3166-1 alpha-3; empty for the fallback)"),
                                          max_length=3, required=False)
    programme = forms.ChoiceField(label=_("Programme"), required=False,
                                  choices=[("", _("Every programme"))] + list(Programme.choices))
    travel_days = forms.IntegerField(label=_("Travel days from departure to arrival"), min_value=0, max_value=30,
                                     initial=2)
    notes = forms.CharField(label=_("Notes"), max_length=300, required=False)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.lines = []
        for kind in KINDS:
            name = KIND_NAMES[kind]
            self.fields[f"req_{kind}"] = forms.BooleanField(label=_("%(kind)s required") % {"kind": name},
                                                           required=False)
            self.fields[f"per_{kind}"] = forms.ChoiceField(label=_("%(kind)s: for") % {"kind": name},
                                                          choices=PER_CHOICES, initial="member")
            self.fields[f"age_{kind}"] = forms.IntegerField(
                label=_("%(kind)s: from age") % {"kind": name}, required=False, min_value=0, max_value=120)
            self.fields[f"arrival_{kind}"] = forms.BooleanField(
                label=_("%(kind)s: valid on arrival") % {"kind": name}, required=False)
            for prefix in ("req", "per", "age", "arrival"):
                field = self.fields[f"{prefix}_{kind}"]
                field.widget.attrs["aria-label"] = field.label
            self.lines.append((name, [self[f"req_{kind}"], self[f"per_{kind}"], self[f"age_{kind}"],
                                      self[f"arrival_{kind}"]]))

    @staticmethod
    def initial_for(rule) -> dict:
        initial = {"destination_country": rule.destination_country, "programme": rule.programme,
                   "travel_days": rule.travel_days, "notes": rule.notes}
        for line in rule.requirements:
            kind = line.get("kind")
            initial[f"req_{kind}"] = True
            initial[f"per_{kind}"] = line.get("per", "member")
            initial[f"age_{kind}"] = line.get("min_age")
            initial[f"arrival_{kind}"] = line.get("valid_on_arrival", False)
        return initial

    def requirements(self) -> list[dict]:
        data = self.cleaned_data
        return [{"kind": kind, "per": data[f"per_{kind}"], "min_age": data[f"age_{kind}"],
                 "valid_on_arrival": data[f"arrival_{kind}"]} for kind in KINDS if data[f"req_{kind}"]]

    def field_for(self, error_field: str | None, requirements: list[dict]) -> str | None:
        """'requirements.2.min_age' -> the min-age field of the third required line."""
        if not error_field or not error_field.startswith("requirements."):
            return error_field if error_field in self.fields else None
        parts = error_field.split(".")
        if len(parts) < 3 or not parts[1].isdigit() or int(parts[1]) >= len(requirements):
            return None
        kind = requirements[int(parts[1])]["kind"]
        prefix = {"kind": "req", "per": "per", "min_age": "age", "valid_on_arrival": "arrival"}.get(parts[2], "req")
        return f"{prefix}_{kind}"
