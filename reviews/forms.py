from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Button, Field, Layout, Size
from django import forms

from pbudget.fields import LONG_TEXT

from reviews.models import NextStep, OutcomesMet


class ReviewCompleteForm(forms.Form):
    outcomes_met = forms.ChoiceField(
        label="Were the outcomes in the plan met?", choices=OutcomesMet.choices, widget=forms.RadioSelect,
        error_messages={"required": "Select whether the outcomes in the plan were met"},
    )
    notes = forms.CharField(
        label="Notes from the review", max_length=LONG_TEXT, widget=forms.Textarea(attrs={"rows": 6}),
        help_text="What is working and what is not, in the person's words and yours.",
        error_messages={"required": "Enter notes from the review"},
    )
    next_step = forms.ChoiceField(
        label="What happens next?", choices=NextStep.choices, widget=forms.RadioSelect,
        help_text="A review cannot reduce the budget. If needs have changed, choose to reassess.",
        error_messages={"required": "Select what happens next"},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True  # the template's <form> carries the token
        self.helper.layout = Layout(
            Field.radios("outcomes_met", legend_size=Size.MEDIUM),
            Field.textarea("notes", label_size=Size.MEDIUM),
            Field.radios("next_step", legend_size=Size.MEDIUM),
            Button("submit", "Complete the review"),
        )
