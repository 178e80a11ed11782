from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Field, Layout, Size
from django import forms

from pbudget.fields import LONG_TEXT
from django.utils.html import conditional_escape

YES_NO = [("yes", "Yes"), ("no", "No")]


def form_helper(*fields) -> FormHelper:
    helper = FormHelper()
    helper.form_tag = False
    helper.disable_csrf = True  # the template's <form> carries the token
    helper.layout = Layout(*fields)
    return helper


class QuestionForm(forms.Form):
    """One question, one page: the question is the page's h1, as a radios legend."""

    answer = forms.TypedChoiceField(widget=forms.RadioSelect, coerce=int)

    def __init__(self, *args, question, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["answer"]
        # The GDS pack renders labels and hints unescaped; questions are council-entered data.
        field.label = conditional_escape(question.text)
        field.help_text = conditional_escape(question.hint)
        field.choices = [(option.pk, option.label) for option in question.options.all()]
        field.error_messages["required"] = "Select the answer that best fits a typical week"
        field.error_messages["invalid_choice"] = "Select one of the answers shown"
        self.helper = form_helper(Field.radios("answer", legend_size=Size.LARGE, legend_tag="h1"))


class DeclarationForm(forms.Form):
    confirm = forms.BooleanField(
        label="I confirm my answers are true to the best of my knowledge",
        error_messages={"required": "Confirm that the answers are true to the best of your knowledge"},
    )

    def __init__(self, *args, on_behalf_of=None, **kwargs):
        super().__init__(*args, **kwargs)
        if on_behalf_of:
            # The GDS pack renders labels unescaped; names are typed-in data.
            self.fields["confirm"].label = conditional_escape(
                f"I confirm these are {on_behalf_of}'s answers, as they gave them, to the best of my knowledge"
            )
        self.helper = form_helper(Field.checkbox("confirm"))


def _yes_no(label, error):
    return forms.TypedChoiceField(
        label=label, choices=YES_NO, widget=forms.RadioSelect, coerce=lambda value: value == "yes",
        error_messages={"required": error},
    )


class EligibilityForm(forms.Form):
    """The three conditions of the Eligibility Regulations 2015; eligible only if all three hold."""

    impairment = _yes_no(
        "Do the needs arise from a physical or mental impairment or illness?",
        "Select yes if the needs arise from a physical or mental impairment or illness",
    )
    unable_two_or_more = _yes_no(
        "Because of those needs, is the person unable to achieve two or more of the ten outcomes?",
        "Select yes if the person is unable to achieve two or more of the outcomes",
    )
    significant_impact = _yes_no(
        "As a result, is there, or is there likely to be, a significant impact on their wellbeing?",
        "Select yes if there is, or is likely to be, a significant impact on wellbeing",
    )
    reasons = forms.CharField(
        label="Reasons for the decision",
        help_text="If the person is not eligible, these reasons are shown to them, so write them in plain English.",
        max_length=LONG_TEXT, widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": "Enter the reasons for the decision"},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = form_helper(
            Field.radios("impairment", legend_size=Size.SMALL, inline=True),
            Field.radios("unable_two_or_more", legend_size=Size.SMALL, inline=True),
            Field.radios("significant_impact", legend_size=Size.SMALL, inline=True),
            Field.textarea("reasons", label_size=Size.SMALL),
        )
