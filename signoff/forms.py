from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Button, Field, Fieldset, Layout, Size
from django import forms

from pbudget.fields import LONG_TEXT, PoundsField
from signoff.delegation import MOST_PERCENT, MOST_TARGET_DAYS, PANEL_SIZE, PANEL_TOO_SMALL


def _helper(*layout):
    helper = FormHelper()
    helper.form_tag = False
    helper.layout = Layout(*layout)
    return helper


def plan_parts(overview) -> list[tuple[str, str]]:
    """The parts of a plan an approver can comment on: (plan-comment part key, label)."""
    parts = [("what_matters", "What matters to the person")]
    for number, item in enumerate(overview["outcomes"], start=1):
        parts.append((f"outcome:{item.outcome.pk}", f"Outcome {number}: {item.outcome.description[:80]}"))
        parts += [(f"line:{line.pk}", f"Support for outcome {number}: {line.description[:80]}") for line in item.lines]
    parts += [(f"line:{line.pk}", f"Other support: {line.description[:80]}") for line in overview["unlinked_lines"]]
    return parts + [("money", "How the money is managed"), ("contingency", "If things go wrong")]


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label="What is your decision?", widget=forms.RadioSelect,
        choices=[("approve", "Sign off the plan"), ("return", "Return the plan with comments"), ("decline", "Decline the plan")],
        error_messages={"required": "Select whether to sign off, return or decline the plan"},
    )
    agreed_weekly_pence = PoundsField(
        label="Agreed budget a week, if different from the plan's cost (optional)", required=False,
        help_text="Leave this empty to agree what the plan costs.",
    )
    agreed_reason = forms.CharField(
        label="Why is the agreed budget different? (optional)", required=False, max_length=LONG_TEXT, widget=forms.Textarea(attrs={"rows": 3}),
    )
    comments = forms.CharField(
        label="Comments on the whole plan", required=False, max_length=LONG_TEXT, widget=forms.Textarea(attrs={"rows": 4}),
        help_text="If you return the plan, say what needs to change, here or on the parts below. The person will see these comments.",
    )
    reasons = forms.CharField(
        label="Reasons for declining the plan", required=False, max_length=LONG_TEXT, widget=forms.Textarea(attrs={"rows": 4}),
        help_text="If you decline the plan, say why in plain words. The person will see these reasons and how to challenge them.",
    )
    plan_lock_version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)

    def __init__(self, *args, plan_weekly_pence, parts=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.plan_weekly_pence = plan_weekly_pence
        self.parts = list(parts)
        for index, (_, label) in enumerate(self.parts):
            self.fields[f"part_{index}"] = forms.CharField(
                label=label, required=False, max_length=LONG_TEXT, widget=forms.Textarea(attrs={"rows": 2})
            )
        self.helper = _helper(
            "plan_lock_version", Field.radios("decision", legend_size=Size.MEDIUM),
            Field.text("agreed_weekly_pence", field_width=10), Field.textarea("agreed_reason"), Field.textarea("comments"),
            Fieldset(*[Field.textarea(f"part_{i}") for i in range(len(self.parts))],
                     legend="Comments on parts of the plan (if you return it)", legend_size=Size.SMALL),
            Field.textarea("reasons"), Button("submit", "Confirm decision"),
        )

    def part_comments(self) -> dict[str, str]:
        data = self.cleaned_data
        return {key: data[f"part_{i}"].strip() for i, (key, _) in enumerate(self.parts) if data.get(f"part_{i}", "").strip()}

    def clean(self):
        data = super().clean()
        decision = data.get("decision")
        if decision == "return" and not data.get("comments", "").strip() and not self.part_comments():
            self.add_error("comments", "Enter comments saying what needs to change")
        if decision == "decline" and not data.get("reasons", "").strip():
            self.add_error("reasons", "Enter the reasons for declining the plan")
        agreed = data.get("agreed_weekly_pence")
        if decision == "approve" and agreed is not None:
            if agreed == 0:
                self.add_error("agreed_weekly_pence", "Enter an agreed budget of more than £0 a week")
            elif agreed != self.plan_weekly_pence and not data.get("agreed_reason", "").strip():
                self.add_error("agreed_reason", "Enter why the agreed budget is different from the plan's cost")
        return data


class RuleSetForm(forms.Form):
    social_worker_yearly_limit_pence = PoundsField(
        label="The most a social worker may sign off in a year, in pounds",
        error_messages={"required": "Enter the most a social worker may sign off in a year"},
    )
    social_worker_over_indicative_percent = forms.IntegerField(
        label="How far above the indicative budget a social worker may sign off, as a percentage", min_value=0,
        max_value=MOST_PERCENT, help_text="0 means the plan must be within the indicative budget.",
        error_messages={"required": "Enter a percentage, or 0", "invalid": "Enter a whole number, like 10",
                        "min_value": "Enter a percentage from 0 to 100", "max_value": "Enter a percentage from 0 to 100"},
    )
    social_worker_needs_no_risk_flag = forms.BooleanField(
        label="A social worker may not sign off a plan with a risk flagged", required=False,
    )
    team_manager_yearly_limit_pence = PoundsField(
        label="The most a team manager may sign off in a year, in pounds (optional)", required=False,
        help_text="Plans above this need a panel of two senior managers. Leave it empty for no panel.",
    )
    target_working_days = forms.IntegerField(
        label="Target for a decision, in working days", min_value=1, max_value=MOST_TARGET_DAYS,
        error_messages={"required": "Enter a target in working days", "invalid": "Enter a whole number, like 5",
                        "min_value": "Enter a target from 1 to 60 working days", "max_value": "Enter a target from 1 to 60 working days"},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["social_worker_over_indicative_percent"].widget.attrs["inputmode"] = "numeric"
        self.helper = _helper(
            Field.text("social_worker_yearly_limit_pence", field_width=10),
            Field.text("social_worker_over_indicative_percent", field_width=4), Field.checkbox("social_worker_needs_no_risk_flag"),
            Field.text("team_manager_yearly_limit_pence", field_width=10), Field.text("target_working_days", field_width=4),
            Button("submit", "Save the draft"),
        )

    def clean(self):
        data = super().clean()
        sw, tm = data.get("social_worker_yearly_limit_pence"), data.get("team_manager_yearly_limit_pence")
        if sw is not None and tm is not None and tm < sw:
            self.add_error("team_manager_yearly_limit_pence", "The team manager limit must be at least the social worker limit")
        return data


class NewDraftForm(forms.Form):
    team = forms.TypedChoiceField(label="Rules for", coerce=int, empty_value=0, required=False)

    def __init__(self, *args, teams=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["team"].choices = [("", "The whole council"), *[(t.pk, t.name) for t in teams]]
        self.helper = _helper(Field.select("team"), Button("submit", "Start a new draft"))


class SeniorManagersForm(forms.Form):
    """Which of the council's team managers sit on the sign-off panel."""

    senior_managers = forms.TypedMultipleChoiceField(
        label="Senior managers on the sign-off panel", coerce=int, required=False, widget=forms.CheckboxSelectMultiple,
        help_text="Select everyone who may be one of the two senior managers who sign off a plan above the team manager "
        "limit. It lets them read and decide on those plans only, in any team; it does not show them anyone's record.",
    )

    def __init__(self, *args, managers=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["senior_managers"].choices = [
            (m.pk, f"{m.full_name} ({', '.join(t.name for t in m.managed_teams.all()) or 'manages no team'})") for m in managers
        ]
        self.helper = _helper(Field.checkboxes("senior_managers", legend_size=Size.MEDIUM), Button("submit", "Save the panel"))

    def clean_senior_managers(self):
        chosen = self.cleaned_data["senior_managers"]
        if len(set(chosen)) < PANEL_SIZE:
            raise forms.ValidationError(PANEL_TOO_SMALL)
        return chosen
