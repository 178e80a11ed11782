"""Filter forms for the managers' pages: plain GET forms, so they work without JavaScript."""

import datetime

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Button, Field, Layout
from django import forms
from django.forms.utils import flatatt
from django.utils.html import format_html, format_html_join

from pbudget.caseload.selectors import OPEN_STAGES, SORTS
from pbudget.models import ClientGroup


class QuickSelect(forms.Select):
    """
    A select drawn in Python: Django renders each option through a template, which for the
    figures page's sixty months took longer than its database queries. Same markup, attributes
    (GOV.UK class, aria-describedby) as given by the form renderer.
    """

    def render(self, name, value, attrs=None, renderer=None):
        chosen = "" if value is None else str(value)
        options = format_html_join(
            "", "<option value=\"{}\"{}>{}</option>",
            ((str(v), " selected" if str(v) == chosen else "", label) for v, label in self.choices),
        )
        return format_html("<select{}>{}</select>", flatatt(self.build_attrs(self.attrs, {**(attrs or {}), "name": name})), options)


class _ObjectChoiceField(forms.TypedChoiceField):
    """A choice among objects already loaded (the viewer's teams or workers): no extra query."""

    def __init__(self, *, objects, label, everyone, label_of=str, **kwargs):
        self.objects = {str(o.pk): o for o in objects}
        super().__init__(
            label=label, required=False, choices=[("", everyone), *[(k, label_of(o)) for k, o in self.objects.items()]],
            coerce=self.objects.get, empty_value=None, widget=QuickSelect, **kwargs,
        )


class CaseloadFilter(forms.Form):
    client_group = forms.ChoiceField(label="Client group", required=False, widget=QuickSelect, choices=[("", "All client groups"), *ClientGroup.choices])
    stage = forms.ChoiceField(label="Stage", required=False, widget=QuickSelect, choices=[("", "All stages"), *[(s.value, s.label) for s in OPEN_STAGES]])
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


MAX_MONTHS = 60  # five years of history


def _months_back(today, n):
    first = today.replace(day=1)
    months = []
    for _ in range(n):
        months.append(first)
        first = (first - datetime.timedelta(days=1)).replace(day=1)
    return months


class FiguresFilter(forms.Form):
    """The period (whole months, up to five years back) and, for a manager, one of their teams."""

    def __init__(self, *args, scope, today, **kwargs):
        super().__init__(*args, **kwargs)
        months = _months_back(today, MAX_MONTHS)
        choices = [(m.isoformat(), f"{m:%B %Y}") for m in months]
        self.default_start, self.default_end = months[11], months[0]
        if scope.names_people:
            self.fields["team"] = _ObjectChoiceField(
                objects=scope.teams, label="Team", everyone="All your teams",
                error_messages={"invalid_choice": "Select one of the teams listed"},
            )
        self.fields["start"] = forms.TypedChoiceField(
            label="From", choices=choices, required=False, widget=QuickSelect, coerce=datetime.date.fromisoformat, empty_value=None,
            error_messages={"invalid_choice": "Select a month from the list"},
        )
        self.fields["end"] = forms.TypedChoiceField(
            label="To (including)", choices=choices, required=False, widget=QuickSelect, coerce=datetime.date.fromisoformat, empty_value=None,
            error_messages={"invalid_choice": "Select a month from the list"},
        )
        self.initial.update(start=self.default_start.isoformat(), end=self.default_end.isoformat())
        if self.is_bound:  # a month left out means the default, shown as chosen
            self.data = self.data.copy()
            for name in ("start", "end"):
                if not self.data.get(name):
                    self.data[name] = self.initial[name]
        self.helper = FormHelper()
        self.helper.form_method = "get"
        self.helper.layout = Layout(
            *[Field.select(name) for name in self.fields], Button("apply", "Show figures", css_class="govuk-button--secondary"),
        )

    def clean(self):
        data = super().clean()
        start, end = data.get("start"), data.get("end")
        if start and end and start > end:
            self.add_error("start", "The first month must not be after the last month")
        return data

    def period(self):
        """(team or None, first day of the first month, first day after the last month)."""
        data = self.cleaned_data if self.is_valid() else {}
        start = data.get("start") or self.default_start
        last = data.get("end") or self.default_end
        if start > last:
            start, last = self.default_start, self.default_end
        return data.get("team"), start, (last + datetime.timedelta(days=32)).replace(day=1)
