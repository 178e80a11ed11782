"""Filter forms for the managers' pages: plain GET forms, so they work without JavaScript."""

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Button, Field, Layout
from django import forms

from pbudget.caseload.selectors import OPEN_STAGES, SORTS
from pbudget.models import ClientGroup


class _ObjectChoiceField(forms.TypedChoiceField):
    """A choice among objects already loaded (the viewer's teams or workers): no extra query."""

    def __init__(self, *, objects, label, everyone, label_of=str, **kwargs):
        self.objects = {str(o.pk): o for o in objects}
        super().__init__(
            label=label, required=False, choices=[("", everyone), *[(k, label_of(o)) for k, o in self.objects.items()]],
            coerce=self.objects.get, empty_value=None, **kwargs,
        )


class CaseloadFilter(forms.Form):
    client_group = forms.ChoiceField(label="Client group", required=False, choices=[("", "All client groups"), *ClientGroup.choices])
    stage = forms.ChoiceField(label="Stage", required=False, choices=[("", "All stages"), *[(s.value, s.label) for s in OPEN_STAGES]])
    sort = forms.ChoiceField(required=False, choices=[(k, k) for k in SORTS], widget=forms.HiddenInput)
    order = forms.ChoiceField(required=False, choices=[("asc", "asc"), ("desc", "desc")], widget=forms.HiddenInput)

    def __init__(self, *args, scope, workers=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["team"] = _ObjectChoiceField(
            objects=scope.teams, label="Team", everyone="All teams" if scope.names_people else "The whole council",
            error_messages={"invalid_choice": "Select one of the teams listed"},
        )
        names = ["team"]
        if scope.names_people:
            # Only someone who may open the records may narrow the numbers down to one worker.
            self.fields["worker"] = _ObjectChoiceField(
                objects=workers, label="Allocated worker", everyone="All workers", label_of=lambda u: u.full_name,
                error_messages={"invalid_choice": "Select one of the workers listed"},
            )
            names.append("worker")
        self.order_fields([*names, "client_group", "stage"])
        for name in ("client_group", "stage"):
            self.fields[name].error_messages["invalid_choice"] = "Select one of the options listed"
        self.helper = FormHelper()
        self.helper.form_method = "get"
        self.helper.layout = Layout(
            *[Field.select(name) for name in [*names, "client_group", "stage"]], "sort", "order",
            Button("apply", "Apply filters", css_class="govuk-button--secondary"),
        )

    def filters(self) -> dict:
        """The valid filters (an invalid one is shown as an error and left out)."""
        data = getattr(self, "cleaned_data", {})
        return {
            "team": data.get("team"), "worker": data.get("worker"),
            "client_group": data.get("client_group", ""), "stage": data.get("stage", ""),
        }


class TeamFilter(forms.Form):
    def __init__(self, *args, scope, everyone="All your teams", **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["team"] = _ObjectChoiceField(
            objects=scope.teams, label="Team", everyone=everyone,
            error_messages={"invalid_choice": "Select one of the teams listed"},
        )
        self.helper = FormHelper()
        self.helper.form_method = "get"
        self.helper.layout = Layout(Field.select("team"), Button("apply", "Show", css_class="govuk-button--secondary"))
