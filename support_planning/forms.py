"""Forms for the parts of a support plan. Each carries the plan's lock_version, hidden."""

from decimal import Decimal

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Button, Field, Layout, Size
from django import forms

from pbudget.care_act import CareActOutcome
from pbudget.fields import LONG_TEXT, OUTCOME_TEXT, PoundsField
from support_planning.models import (
    HOURS_IN_A_WEEK, LINE_MONEY_MANAGEMENT, PLANNER_KINDS, LedBy, MoneyManagement, PaidBy, PaymentFrequency, ProviderKind,
)


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
        label="Who is leading this plan?", choices=LedBy.choices, widget=forms.RadioSelect,
        help_text="You choose who leads it, and you can change this at any time.",
        error_messages={"required": "Select who is leading this plan"},
    )

    def __init__(self, *args, lead_locked=False, **kwargs):
        self.lead_locked = lead_locked
        super().__init__(*args, **kwargs)
        if lead_locked:  # planners write the plan; the person and the council choose who leads it
            del self.fields["led_by"]

    def layout_fields(self):
        fields = [Field.textarea("what_matters", label_size=Size.MEDIUM)]
        return fields if self.lead_locked else [*fields, Field.radios("led_by", legend_size=Size.MEDIUM)]


class OutcomeForm(PlanPartForm):
    description = forms.CharField(
        label="What do you want to achieve?", max_length=OUTCOME_TEXT, widget=forms.Textarea(attrs={"rows": 3}),
        help_text="In your own words, for example: “I want to get to my allotment twice a week.”",
        error_messages={"required": "Enter what you want to achieve"},
    )
    care_act_outcomes = forms.MultipleChoiceField(
        label="Which needs does it help with?", required=False, widget=forms.CheckboxSelectMultiple,
        help_text="Select all that apply. The needs the assessment found are listed first.",
        error_messages={"invalid_choice": "Select only needs from the list"},
    )

    def __init__(self, *args, needs=(), **kwargs):
        super().__init__(*args, **kwargs)
        # The person's assessed needs first (marked), then the other areas of life in the regulations' order.
        assessed = [(v, f"{CareActOutcome(v).label} (from the assessment)") for v in CareActOutcome.values if v in needs]
        others = [(v, label) for v, label in CareActOutcome.choices if v not in needs]
        self.fields["care_act_outcomes"].choices = assessed + others

    def layout_fields(self):
        return [Field.textarea("description", label_size=Size.MEDIUM), Field.checkboxes("care_act_outcomes", legend_size=Size.SMALL, small=True)]


class LineForm(PlanPartForm):
    description = forms.CharField(
        label="What is the support?", max_length=200, help_text="For example: a personal assistant for 2 hours",
        error_messages={"required": "Enter what the support is"},
    )
    outcome = forms.ModelChoiceField(
        label="Which outcome does it help with?", queryset=None, widget=forms.RadioSelect, empty_label=None,
        error_messages={"required": "Select which outcome the support helps with", "invalid_choice": "Select one of this plan's outcomes"},
    )
    provider_kind = forms.ChoiceField(
        label="Who provides it?", choices=ProviderKind.choices, widget=forms.RadioSelect, required=False,
    )
    provider = forms.CharField(label="Their name (optional)", max_length=200, required=False)
    paid_by = forms.ChoiceField(
        label="How is it paid for?", choices=PaidBy.choices, widget=forms.RadioSelect, initial=PaidBy.PERSONAL_BUDGET,
        required=False,  # not chosen: from the personal budget
    )
    one_off = forms.TypedChoiceField(
        label="Is it regular or a one-off?", choices=[("weekly", "Regular: it happens every week"), ("one_off", "A one-off cost")],
        coerce=lambda value: value == "one_off", widget=forms.RadioSelect, initial="weekly",
        required=False, empty_value=False,  # not chosen: regular
    )
    unit_cost_pence = PoundsField(
        label="How much does it cost each time, in pounds?", help_text="For free support, enter 0",
        error_messages={"required": "Enter how much it costs each time"},
    )
    units_per_week = forms.DecimalField(
        # No max_digits: max_value bounds the whole number, so too many decimals get their own message.
        label="If it is regular, how many times a week?", decimal_places=2, required=False,
        min_value=Decimal("0.01"), max_value=Decimal(HOURS_IN_A_WEEK),
        # GOV.UK asks for a text input, not type=number (which the GDS pack leaves unstyled).
        widget=forms.TextInput(attrs={"inputmode": "decimal", "spellcheck": "false"}),
        help_text="For example 2, or 0.5 for once a fortnight. For hours of support, the number of hours.",
        error_messages={
            "invalid": "Enter how many times a week as a number, like 2 or 0.5",
            "min_value": "Enter how many times a week, more than 0",
            "max_value": f"Enter at most {HOURS_IN_A_WEEK} times a week: there are {HOURS_IN_A_WEEK} hours in a week",
            "max_decimal_places": "Enter how many times a week to 2 decimal places at most",
        },
    )
    money_management = forms.ChoiceField(
        label="If the plan's money is a mix, how is the money for this support managed?",
        choices=[("", "As for the whole plan")] + LINE_MONEY_MANAGEMENT, required=False,
    )
    isf_provider = forms.CharField(label="If it is an individual service fund, which provider holds the money?", max_length=200, required=False)

    def __init__(self, *args, plan, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["outcome"].queryset = plan.outcomes.all()
        self.fields["outcome"].label_from_instance = lambda o: o.description

    def layout_fields(self):
        return [
            Field.text("description"), Field.radios("outcome", legend_size=Size.SMALL),
            Field.radios("provider_kind", legend_size=Size.SMALL), Field.text("provider"),
            Field.radios("paid_by", legend_size=Size.SMALL), Field.radios("one_off", legend_size=Size.SMALL),
            Field.text("unit_cost_pence", field_width=10), Field.text("units_per_week", field_width=5),
            Field.select("money_management"), Field.text("isf_provider"),
        ]

    def clean(self):
        data = super().clean()
        data["paid_by"] = data.get("paid_by") or PaidBy.PERSONAL_BUDGET
        if data.get("one_off") is False and data.get("units_per_week") is None and "units_per_week" not in self.errors:
            self.add_error("units_per_week", "Enter how many times a week")
        if data.get("one_off"):
            data["units_per_week"] = Decimal(1)
        if data.get("money_management") == MoneyManagement.INDIVIDUAL_SERVICE_FUND and not data.get("isf_provider", "").strip():
            self.add_error("isf_provider", "Enter the name of the provider who will hold the money for this support")
        return data


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


class RisksForm(PlanPartForm):
    risks = forms.CharField(
        label="Risks you choose to take", max_length=LONG_TEXT, widget=forms.Textarea(attrs={"rows": 4}), required=False,
        help_text="Things you want to do even though there is some risk, for example going out alone.",
    )
    risk_management = forms.CharField(
        label="How will they be managed?", max_length=LONG_TEXT, widget=forms.Textarea(attrs={"rows": 4}), required=False,
    )

    def layout_fields(self):
        return [Field.textarea("risks", label_size=Size.MEDIUM), Field.textarea("risk_management", label_size=Size.MEDIUM)]


class OverBudgetForm(PlanPartForm):
    over_budget_reason = forms.CharField(
        label="Why does the plan cost more than the indicative budget?", max_length=LONG_TEXT,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="The final budget must be enough to meet your eligible needs. The council reads this when it signs off the plan.",
        error_messages={"required": "Enter why the plan costs more than the indicative budget"},
    )

    def layout_fields(self):
        return [Field.textarea("over_budget_reason", label_size=Size.MEDIUM)]


class SubmitForm(PlanPartForm):
    button = "Submit for sign-off"


class RemoveForm(PlanPartForm):
    button = "Remove"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper.layout = Layout("lock_version", Button("submit", self.button, css_class="govuk-button--warning"))


class InviteForm(forms.Form):
    name = forms.CharField(label="Their name", max_length=200, error_messages={"required": "Enter their name"})
    email = forms.EmailField(
        label="Their email address", max_length=254,
        error_messages={"required": "Enter their email address", "invalid": "Enter an email address like name@example.org"},
    )
    kind = forms.ChoiceField(
        label="Who are they?", choices=[(k.value, k.label) for k in PLANNER_KINDS], widget=forms.RadioSelect,
        error_messages={"required": "Select who they are"},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(Field.text("name"), Field.text("email", field_width=30), Field.radios("kind", legend_size=Size.SMALL), Button("submit", "Send the invitation"))


class HelpForm(forms.Form):
    message = forms.CharField(
        label="What would you like help with? (optional)", max_length=LONG_TEXT, required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(Field.textarea("message"), Button("submit", "Ask for help"))


class AcceptForm(forms.Form):
    full_name = forms.CharField(label="Your name", max_length=200, error_messages={"required": "Enter your name"})
    password = forms.CharField(
        label="Choose a password", widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}), max_length=200,
        help_text="At least 8 characters. A few words together make a good password.",
        error_messages={"required": "Enter a password"},
    )
    password_again = forms.CharField(
        label="Type the password again", widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}), max_length=200,
        error_messages={"required": "Type the password again"},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(Field.text("full_name"), Field.text("password"), Field.text("password_again"), Button("submit", "Create your account"))

    def clean(self):
        data = super().clean()
        if data.get("password") and data.get("password_again") and data["password"] != data["password_again"]:
            self.add_error("password_again", "The passwords are not the same")
        return data
