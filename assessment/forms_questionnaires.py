"""Forms for council administrators' questionnaire pages (fields and layout only)."""

from crispy_forms_gds.layout import Field, Size
from django import forms

from assessment.forms import form_helper
from assessment.spec import KEY
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


def _key(what):
    return forms.RegexField(
        label="Key", regex=KEY, max_length=50,
        help_text=f"A short name for the {what} that stays the same in every version, used by the allocation "
                  "table and in spreadsheets: lower-case letters, numbers and hyphens, like getting-out",
        error_messages={"required": f"Enter a key for the {what}, like getting-out",
                        "invalid": "The key must be lower-case letters, numbers and hyphens, like getting-out"},
    )


class SectionAddForm(forms.Form):
    title = forms.CharField(label="Section title", max_length=200, error_messages={"required": "Enter the section title"})
    key = _key("section")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = form_helper(Field.text("title", label_size=Size.SMALL), Field.text("key", field_width=20, label_size=Size.SMALL))


class _Adding:
    """An edit form turned into an add form: a key under the first field, and an optional place."""

    what = ""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["order"].required = False
        self.fields["order"].help_text = f"Leave empty to put the {self.what} last"
        self.helper.layout.fields.insert(1, Field.text("key", field_width=20, label_size=Size.SMALL))


class QuestionAddForm(_Adding, QuestionEditForm):
    what = "question"
    key = _key("question")


class OptionAddForm(_Adding, OptionEditForm):
    what = "answer"
    key = _key("answer")


class ConditionForm(forms.Form):
    """The answers (to one earlier question) after which a question is asked; none means always."""

    options = forms.TypedMultipleChoiceField(
        label="Ask this question only after one of these answers", coerce=int, required=False,
        help_text="Tick answers to one earlier question. Leave every box empty to ask this question of everyone.",
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, earlier, **kwargs):
        super().__init__(*args, **kwargs)
        self._earlier = earlier
        self.fields["options"].choices = [
            (option.pk, f"{question.order}. {question.text}: “{option.label}”")
            for question in earlier for option in question.options.all()
        ]
        self.helper = form_helper(Field.checkboxes("options", legend_size=Size.SMALL, small=True))

    def clean_options(self):
        chosen = self.cleaned_data["options"]
        by_option = {option.pk: option.question_id for question in self._earlier for option in question.options.all()}
        if len({by_option[pk] for pk in chosen}) > 1:
            raise forms.ValidationError("Tick answers to one earlier question only")
        return chosen
