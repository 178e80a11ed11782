"""Forms for council administrators' questionnaire pages (fields and layout only)."""

from crispy_forms_gds.layout import Field, Size
from django import forms

from assessment.forms import form_helper
from pbudget.care_act import CareActOutcome
from pbudget.fields import LONG_TEXT


def _order():
    return forms.IntegerField(
        label="Number in the order", min_value=1, max_value=999, widget=forms.TextInput(attrs={"inputmode": "numeric"}),
        error_messages={"required": "Enter a number in the order, like 3", "invalid": "Enter a whole number, like 3",
                        "min_value": "Enter a number of 1 or more", "max_value": "Enter a number of 999 or less"},
    )


class QuestionEditForm(forms.Form):
    text = forms.CharField(label="Question", max_length=300, error_messages={"required": "Enter the question"})
    hint = forms.CharField(label="Hint", max_length=300, required=False)
    why_we_ask = forms.CharField(label="Why we ask", max_length=LONG_TEXT, required=False, widget=forms.Textarea(attrs={"rows": 3}))
    order = _order()
    section = forms.TypedChoiceField(label="Section", coerce=int, error_messages={"required": "Choose a section"})

    def __init__(self, *args, sections, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["section"].choices = [(s.pk, s.title) for s in sections]
        self.helper = form_helper(
            Field.text("text", label_size=Size.SMALL), Field.text("hint", label_size=Size.SMALL),
            Field.textarea("why_we_ask", label_size=Size.SMALL), Field.text("order", field_width=4, label_size=Size.SMALL),
            Field.select("section"),
        )


class OptionEditForm(forms.Form):
    label = forms.CharField(label="Answer", max_length=200, error_messages={"required": "Enter the answer"})
    order = _order()
    points = forms.IntegerField(
        label="Points", min_value=0, max_value=1000, widget=forms.TextInput(attrs={"inputmode": "numeric"}),
        error_messages={"required": "Enter the points, like 0", "invalid": "Enter the points as a whole number, like 4",
                        "min_value": "Points can't be below 0", "max_value": "Enter 1000 points or fewer"},
    )
    outcomes = forms.MultipleChoiceField(
        label="Care Act outcomes this answer bears on", choices=CareActOutcome.choices, required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    unable = forms.TypedChoiceField(
        label="Does this answer mean the person cannot achieve those outcomes?",
        choices=[("yes", "Yes"), ("no", "No")], widget=forms.RadioSelect, coerce=lambda v: v == "yes",
        error_messages={"required": "Select yes if this answer means the person cannot achieve the outcomes"},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = form_helper(
            Field.text("label", label_size=Size.SMALL), Field.text("order", field_width=4, label_size=Size.SMALL),
            Field.text("points", field_width=4, label_size=Size.SMALL),
            Field.checkboxes("outcomes", legend_size=Size.SMALL, small=True),
            Field.radios("unable", legend_size=Size.SMALL, inline=True),
        )


class ImportForm(forms.Form):
    spreadsheet = forms.FileField(
        label="Upload a spreadsheet", help_text="A .csv or .xlsx file with the columns of the exported spreadsheet",
        error_messages={"required": "Choose a spreadsheet to upload", "empty": "The chosen file is empty"},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = form_helper(Field("spreadsheet"))
