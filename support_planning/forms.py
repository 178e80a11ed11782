"""Forms for the parts of a support plan. Each carries the plan's lock_version, hidden."""

from decimal import Decimal

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Button, Field, Layout, Size
from django import forms

from pbudget.care_act import CareActOutcome
from pbudget.fields import LONG_TEXT, OUTCOME_TEXT, PoundsField
from support_planning.models import LedBy, MoneyManagement, PaymentFrequency


class PlanPartForm(forms.Form):
    lock_version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)
    button = "Save and go back to the plan"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout("lock_version", *self.layout_fields(), Button("submit", self.button))

    def layout_fields(self):
        return []


class AboutForm(PlanPartForm):
    what_matters = forms.CharField(
        label="What matters to you", max_length=LONG_TEXT, widget=forms.Textarea(attrs={"rows": 6}),
        help_text="The things that are important in your life and the support that would make a difference.",
        error_messages={"required": "Enter what matters to you"},
    )
    led_by = forms.ChoiceField(
        label="Who is helping to write this plan?", choices=LedBy.choices, widget=forms.RadioSelect,
        error_messages={"required": "Select who is helping to write this plan"},
    )

    def layout_fields(self):
        return [Field.textarea("what_matters", label_size=Size.MEDIUM), Field.radios("led_by", legend_size=Size.MEDIUM)]


class OutcomeForm(PlanPartForm):
    description = forms.CharField(
        label="What do you want to achieve?", max_length=OUTCOME_TEXT, widget=forms.Textarea(attrs={"rows": 3}),
        help_text="In your own words, for example: “I want to get to my allotment twice a week.”",
        error_messages={"required": "Enter what you want to achieve"},
    )
    care_act_outcome = forms.ChoiceField(
        label="Which of these areas of life is it about? (optional)",
        choices=[("", "None of these")] + CareActOutcome.choices, required=False,
    )

    def layout_fields(self):
        return [Field.textarea("description", label_size=Size.MEDIUM), Field.select("care_act_outcome")]


class LineForm(PlanPartForm):
    description = forms.CharField(
        label="What is the support?", max_length=200, help_text="For example: a personal assistant for 2 hours",
        error_messages={"required": "Enter what the support is"},
    )
    outcome = forms.ModelChoiceField(
        label="Which outcome does it help with?", queryset=None, widget=forms.RadioSelect, empty_label=None,
        error_messages={"required": "Select which outcome the support helps with"},
    )
    provider = forms.CharField(label="Who provides it? (optional)", max_length=200, required=False)
    unit_cost_pence = PoundsField(
        label="How much does it cost each time, in pounds?", error_messages={"required": "Enter how much it costs each time"},
    )
    units_per_week = forms.DecimalField(
        label="How many times a week?", max_digits=6, decimal_places=2, min_value=Decimal("0.01"),
        # GOV.UK asks for a text input, not type=number (which the GDS pack leaves unstyled).
        widget=forms.TextInput(attrs={"inputmode": "decimal", "spellcheck": "false"}),
        help_text="For example 2, or 0.5 for once a fortnight",
        error_messages={
            "required": "Enter how many times a week", "invalid": "Enter how many times a week as a number, like 2 or 0.5",
            "min_value": "Enter how many times a week, more than 0",
            "max_decimal_places": "Enter how many times a week to 2 decimal places at most",
            "max_digits": "Enter a smaller number of times a week", "max_whole_digits": "Enter a smaller number of times a week",
        },
    )

    def __init__(self, *args, plan, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["outcome"].queryset = plan.outcomes.all()
        self.fields["outcome"].label_from_instance = lambda o: o.description

    def layout_fields(self):
        return [
            Field.text("description"), Field.radios("outcome", legend_size=Size.SMALL), Field.text("provider"),
            Field.text("unit_cost_pence", field_width=10), Field.text("units_per_week", field_width=5),
        ]


class MoneyForm(PlanPartForm):
    money_management = forms.ChoiceField(
        label="How will the money be managed?", choices=MoneyManagement.choices, widget=forms.RadioSelect,
        error_messages={"required": "Select how the money will be managed"},
    )
    provider_name = forms.CharField(
        label="If it is an individual service fund, which provider will hold the money?", max_length=200, required=False,
    )
    payment_frequency = forms.ChoiceField(
        label="If it is a direct payment, how often should it be paid?", choices=PaymentFrequency.choices,
        widget=forms.RadioSelect, required=False,
    )

    def layout_fields(self):
        return [
            Field.radios("money_management", legend_size=Size.MEDIUM), Field.text("provider_name"),
            Field.radios("payment_frequency", legend_size=Size.SMALL),
        ]

    def clean(self):
        data = super().clean()
        if data.get("money_management") == MoneyManagement.INDIVIDUAL_SERVICE_FUND and not data.get("provider_name", "").strip():
            self.add_error("provider_name", "Enter the name of the provider who will hold the money")
        return data


class ContingencyForm(PlanPartForm):
    contingency = forms.CharField(
        label="If things go wrong", max_length=LONG_TEXT, widget=forms.Textarea(attrs={"rows": 5}),
        help_text="What should happen if your support lets you down, for example if a carer is ill.",
        error_messages={"required": "Enter what should happen if things go wrong"},
    )

    def layout_fields(self):
        return [Field.textarea("contingency", label_size=Size.MEDIUM)]


class SubmitForm(PlanPartForm):
    button = "Submit for sign-off"


class RemoveForm(PlanPartForm):
    button = "Remove"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper.layout = Layout("lock_version", Button("submit", self.button, css_class="govuk-button--warning"))
