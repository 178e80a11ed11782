"""Review forms: fields and layout only (the services check the rules)."""

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Button, Field, Fieldset, Layout, Size
from django import forms

from pbudget.fields import LONG_TEXT
from reviews.models import (
    MOST_UNPLANNED_REVIEW_DAYS, RATING_QUESTIONS, Achieved, EarlierReason, HeldHow, NextStep, Rating, Trigger,
)


def _helper(*items, button: str) -> FormHelper:
    helper = FormHelper()
    helper.form_tag = False
    helper.disable_csrf = True  # the template's <form> carries the token
    helper.layout = Layout(*items, Button("submit", button))
    return helper


def _text(label, required=False, help_text="", rows=3):
    return forms.CharField(
        label=label, required=required, max_length=LONG_TEXT, help_text=help_text,
        widget=forms.Textarea(attrs={"rows": rows}),
    )


class ReviewRequestForm(forms.Form):
    trigger = forms.ChoiceField(
        label="What has happened?", choices=Trigger.choices, widget=forms.RadioSelect,
        error_messages={"required": "Select what has happened"},
    )
    details = _text("Tell us briefly what has changed", required=True)
    details.error_messages["required"] = "Say briefly what has happened"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper(
            Field.radios("trigger", legend_size=Size.MEDIUM), Field.textarea("details"), button="Ask for a review",
        )


class ReallocateForm(forms.Form):
    reviewer = forms.ChoiceField(label="Who will carry out the review?", required=False)

    def __init__(self, *args, workers=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reviewer"].choices = [("", "The team (no one worker)")] + [(str(w.pk), w.full_name) for w in workers]
        self.helper = _helper(Field.select("reviewer"), button="Allocate")


def _outcome_key(outcome, name):
    return f"o{outcome.pk}_{name}"


def rating_question(name: str) -> str:
    """One standard question in full, e.g. "What difference has your personal budget made to your health?"."""
    area = RATING_QUESTIONS[name]
    return f"What difference has your personal budget made to {area[0].lower()}{area[1:]}?"


def _rating_fields(form):
    for name in RATING_QUESTIONS:
        form.fields[name] = forms.TypedChoiceField(
            label=rating_question(name), choices=Rating.choices, coerce=int,
            required=False, empty_value=None, widget=forms.RadioSelect,
        )
    return Fieldset(
        *[Field.radios(name, legend_size=Size.SMALL, inline=False) for name in RATING_QUESTIONS],
        legend="What difference the budget has made", legend_size=Size.MEDIUM,
    )


class _OutcomesForm(forms.Form):
    """One fieldset per outcome of the agreed plan; `outcome_values()` gives {plan outcome id: {...}}."""

    outcome_fields: tuple[str, ...] = ()

    def outcome_values(self) -> dict:
        return {
            outcome.pk: {name: self.cleaned_data.get(_outcome_key(outcome, name)) or "" for name in self.outcome_fields}
            for outcome in self.outcomes
        }

    def ratings(self) -> dict:
        return {name: self.cleaned_data.get(name) for name in RATING_QUESTIONS}


class PersonPartForm(_OutcomesForm):
    outcome_fields = ("person_achieved", "person_working", "person_not_working")

    def __init__(self, *args, outcomes=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.outcomes = list(outcomes)
        parts = []
        for number, outcome in enumerate(self.outcomes, start=1):
            achieved, working, not_working = (_outcome_key(outcome, n) for n in self.outcome_fields)
            self.fields[achieved] = forms.ChoiceField(
                label="How far has this been achieved?", choices=Achieved.choices, required=False, widget=forms.RadioSelect,
            )
            self.fields[working] = _text("What is working?")
            self.fields[not_working] = _text("What is not working?")
            parts.append(Fieldset(
                Field.radios(achieved, legend_size=Size.SMALL), Field.textarea(working), Field.textarea(not_working),
                legend=f"Outcome {number}: {outcome.description}", legend_size=Size.MEDIUM,
            ))
        self.helper = _helper(*parts, _rating_fields(self), button="Save my part")

    def clean(self):
        # Saving nothing would tell the worker the person's part is "filled in" when it isn't.
        data = super().clean()
        if not any(value not in (None, "") for value in data.values()):
            raise forms.ValidationError("Answer at least one question before you save your part of the review")
        return data


class ReviewCompleteForm(_OutcomesForm):
    outcome_fields = ("achieved", "worker_notes")

    held_how = forms.ChoiceField(
        label="How was the review held?", choices=HeldHow.choices, widget=forms.RadioSelect,
        error_messages={"required": "Select how the review was held"},
    )
    notes = _text("Notes from the review", required=True, rows=6,
                  help_text="What is working and what is not, in the person's words and yours.")
    next_step = forms.ChoiceField(
        label="What happens next?", choices=NextStep.choices, widget=forms.RadioSelect,
        help_text="A review cannot reduce the budget. If needs have changed, choose to reassess. "
                  "If you choose to end support, the notes are the reason.",
        error_messages={"required": "Select what happens next"},
    )
    earlier_months = forms.TypedChoiceField(
        label="When should the next review be?", coerce=int, empty_value=None, required=False,
        choices=[("", "At the usual time"), ("3", "In 3 months"), ("6", "In 6 months"), ("9", "In 9 months")],
        help_text="Only if the plan carries on.",
    )
    earlier_reason = forms.ChoiceField(
        label="Why sooner?", choices=[("", "Not sooner")] + list(EarlierReason.choices), required=False,
    )
    earlier_details = _text("Anything to add about why sooner", rows=2)

    def __init__(self, *args, outcomes=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["notes"].error_messages["required"] = "Enter notes from the review"
        self.outcomes = list(outcomes)
        parts = []
        for number, outcome in enumerate(self.outcomes, start=1):
            achieved, notes = (_outcome_key(outcome, n) for n in self.outcome_fields)
            self.fields[achieved] = forms.ChoiceField(
                label="How far has this been achieved?", choices=Achieved.choices, widget=forms.RadioSelect,
                error_messages={"required": f"Say how far outcome {number} was achieved"},
            )
            self.fields[notes] = _text("What is working and not working, in your words")
            parts.append(Fieldset(
                Field.radios(achieved, legend_size=Size.SMALL), Field.textarea(notes),
                legend=f"Outcome {number}: {outcome.description}", legend_size=Size.MEDIUM,
            ))
        ratings = _rating_fields(self)
        self.helper = _helper(
            *parts, ratings, Field.radios("held_how", legend_size=Size.MEDIUM), Field.textarea("notes", label_size=Size.MEDIUM),
            Field.radios("next_step", legend_size=Size.MEDIUM), Field.select("earlier_months"),
            Field.select("earlier_reason"), Field.textarea("earlier_details"), button="Complete the review",
        )

    def clean(self):
        data = super().clean()
        if data.get("earlier_months") and not data.get("earlier_reason"):
            self.add_error("earlier_reason", "Say why the next review should be sooner")
        return data

    def service_arguments(self) -> dict:
        data = self.cleaned_data
        return {
            "outcomes": self.outcome_values(), "ratings": self.ratings(), "held_how": data["held_how"],
            "notes": data["notes"], "next_step": data["next_step"], "earlier_months": data.get("earlier_months"),
            "earlier_reason": data.get("earlier_reason") or "", "earlier_details": data.get("earlier_details") or "",
        }


def _whole_number(label, low, high, unit, help_text=""):
    between = f"Enter a number of {unit} from {low} to {high}"
    return forms.IntegerField(
        label=label, min_value=low, max_value=high, help_text=help_text,
        # GOV.UK asks for a text input with a numeric keyboard, not type=number.
        widget=forms.TextInput(attrs={"inputmode": "numeric", "spellcheck": "false"}),
        error_messages={"required": between, "invalid": f"Enter a whole number of {unit}, like {high // 2 or 1}",
                        "min_value": between, "max_value": between},
    )


class ReviewSettingsForm(forms.Form):
    """A council's review timings; the ranges follow the statutory guidance and the database's checks (ReviewSettings)."""

    first_review_weeks = _whole_number(
        "First review, weeks after the plan starts", 1, 8, "weeks",
        "The statutory guidance expects a first review within 6 to 8 weeks of the plan starting.",
    )
    annual_review_months = _whole_number(
        "Later reviews, months apart", 1, 12, "months", "The statutory guidance expects a review at least every 12 months.",
    )
    reminder_lead_days = _whole_number(
        "Remind the person and the worker, days before a review is due", 1, 90, "days",
    )
    most_urgent_review_days = _whole_number(
        "A safeguarding concern: review within how many days", 1, MOST_UNPLANNED_REVIEW_DAYS, "days",
    )
    urgent_review_days = _whole_number(
        "Admitted to or coming home from hospital, or a carer who can no longer care: within how many days",
        1, MOST_UNPLANNED_REVIEW_DAYS, "days",
    )
    soon_review_days = _whole_number(
        "Any other change (circumstances, money running out or building up): within how many days",
        1, MOST_UNPLANNED_REVIEW_DAYS, "days",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper(
            Fieldset(
                *[Field.text(name, field_width=3) for name in ("first_review_weeks", "annual_review_months")],
                legend="When reviews are due", legend_size=Size.MEDIUM,
            ),
            Fieldset(Field.text("reminder_lead_days", field_width=3), legend="Reminders", legend_size=Size.MEDIUM),
            Fieldset(
                *[Field.text(name, field_width=3) for name in ("most_urgent_review_days", "urgent_review_days",
                                                                "soon_review_days")],
                legend="Reviews asked for sooner, by how urgent", legend_size=Size.MEDIUM,
            ),
            button="Save the review settings",
        )

    def clean(self):
        data = super().clean()
        most, urgent, soon = (data.get(n) for n in ("most_urgent_review_days", "urgent_review_days", "soon_review_days"))
        # The more urgent never waits longer (the database checks it too).
        if most is not None and urgent is not None and most > urgent:
            self.add_error("most_urgent_review_days",
                           "A safeguarding review must be due no later than a hospital or carer review")
        if urgent is not None and soon is not None and urgent > soon:
            self.add_error("urgent_review_days", "A hospital or carer review must be due no later than one for any other change")
        return data
