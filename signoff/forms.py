from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Button, Field, Layout, Size
from django import forms

from pbudget.fields import LONG_TEXT, PoundsField


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label="What is your decision?", widget=forms.RadioSelect,
        choices=[("approve", "Sign off the plan"), ("return", "Return the plan with comments")],
        error_messages={"required": "Select whether to sign off the plan or return it"},
    )
    comments = forms.CharField(
        label="Comments", required=False, max_length=LONG_TEXT, widget=forms.Textarea(attrs={"rows": 4}),
        help_text="If you return the plan, say what needs to change. The person will see these comments.",
    )
    agreed_weekly_pence = PoundsField(
        label="Agreed budget a week, if different from the plan's cost (optional)", required=False,
        help_text="Leave this empty to agree what the plan costs.",
    )
    agreed_reason = forms.CharField(
        label="Why is the agreed budget different? (optional)", required=False, max_length=LONG_TEXT, widget=forms.Textarea(attrs={"rows": 3}),
    )
    plan_lock_version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)

    def __init__(self, *args, plan_weekly_pence, **kwargs):
        super().__init__(*args, **kwargs)
        self.plan_weekly_pence = plan_weekly_pence
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(
            "plan_lock_version", Field.radios("decision", legend_size=Size.MEDIUM), Field.textarea("comments"),
            Field.text("agreed_weekly_pence", field_width=10), Field.textarea("agreed_reason"), Button("submit", "Confirm decision"),
        )

    def clean(self):
        data = super().clean()
        if data.get("decision") == "return" and not data.get("comments", "").strip():
            self.add_error("comments", "Enter comments saying what needs to change")
        agreed = data.get("agreed_weekly_pence")
        if data.get("decision") == "approve" and agreed is not None:
            if agreed == 0:
                self.add_error("agreed_weekly_pence", "Enter an agreed budget of more than £0 a week")
            elif agreed != self.plan_weekly_pence and not data.get("agreed_reason", "").strip():
                self.add_error("agreed_reason", "Enter why the agreed budget is different from the plan's cost")
        return data


class DelegationLimitForm(forms.Form):
    social_worker_yearly_limit_pence = PoundsField(
        label="How much a year may a social worker sign off, in pounds?",
        help_text="Plans above this, or above the person's indicative budget, need a team manager.",
        error_messages={"required": "Enter the most a social worker may sign off in a year"},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(Field.text("social_worker_yearly_limit_pence", field_width=10), Button("submit", "Save"))
