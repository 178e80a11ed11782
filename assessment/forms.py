from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Field, Layout, Size
from django import forms
from django.utils import timezone
from django.utils.html import conditional_escape

from assessment.models import WellbeingArea
from pbudget.care_act import CareActOutcome
from pbudget.dates import LONDON
from pbudget.fields import LONG_TEXT

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

    def __init__(self, *args, on_behalf_of=None, representative=False, **kwargs):
        super().__init__(*args, **kwargs)
        # The GDS pack renders labels unescaped; names are typed-in data.
        if representative:
            self.fields["confirm"].label = conditional_escape(
                f"I confirm these answers are true of {on_behalf_of}, to the best of my knowledge"
            )
        elif on_behalf_of:
            self.fields["confirm"].label = conditional_escape(
                f"I confirm these are {on_behalf_of}'s answers, as they gave them, to the best of my knowledge"
            )
        self.helper = form_helper(Field.checkbox("confirm"))


class StartForm(forms.Form):
    """Staff only: how the worker and the person are doing it together."""

    channel = forms.ChoiceField(
        label="How are you filling it in together?", widget=forms.RadioSelect,
        choices=[("assisted", "Face to face"), ("phone", "By phone")],
        error_messages={"required": "Select face to face or by phone"},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = form_helper(Field.radios("channel", legend_size=Size.MEDIUM))


class NoteForm(forms.Form):
    text = forms.CharField(max_length=LONG_TEXT, required=False, widget=forms.Textarea(attrs={"rows": 6}))

    def __init__(self, *args, label, on_behalf_of=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["text"].label = conditional_escape(label)
        gets = f"help {on_behalf_of} already gets" if on_behalf_of else "help you already get"
        self.fields["text"].help_text = conditional_escape(f"Optional. For example, things that change from day to day, or {gets}.")
        self.helper = form_helper(Field.textarea("text", label_size=Size.LARGE, label_tag="h1"))


class ReopenForm(forms.Form):
    reason = forms.CharField(
        label="Why are the answers being reopened?", max_length=LONG_TEXT, widget=forms.Textarea(attrs={"rows": 4}),
        help_text="This is recorded on the timeline. For example: Alice phoned to say an answer was wrong.",
        error_messages={"required": "Enter why the answers are being reopened"},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = form_helper(Field.textarea("reason", label_size=Size.SMALL))


def _yes_no(label, error):
    return forms.TypedChoiceField(
        label=label, choices=YES_NO, widget=forms.RadioSelect, coerce=lambda value: value == "yes",
        error_messages={"required": error},
    )


class EligibilityForm(forms.Form):
    """
    The worker's view of each outcome (drafted from the answers), and the three conditions of
    the Eligibility Regulations 2015; the second follows from the outcomes ticked.
    """

    outcomes_unable = forms.MultipleChoiceField(
        choices=CareActOutcome.choices, required=False, widget=forms.CheckboxSelectMultiple,
    )
    impairment = _yes_no(
        "Do the needs arise from a physical or mental impairment or illness?",
        "Select yes if the needs arise from a physical or mental impairment or illness",
    )
    significant_impact = _yes_no(
        "As a result, is there, or is there likely to be, a significant impact on their wellbeing?",
        "Select yes if there is, or is likely to be, a significant impact on wellbeing",
    )
    wellbeing_areas = forms.MultipleChoiceField(
        label="Which areas of wellbeing are affected?", choices=WellbeingArea.choices, required=False,
        widget=forms.CheckboxSelectMultiple, help_text="Select all that apply.",
    )
    reasons = forms.CharField(
        label="Reasons for the decision",
        help_text="If the person is not eligible, these reasons are shown to them, so write them in plain English.",
        max_length=LONG_TEXT, widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": "Enter the reasons for the decision"},
    )

    def __init__(self, *args, name, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["outcomes_unable"]
        field.label = conditional_escape(f"Which outcomes can't {name} achieve?")
        field.help_text = conditional_escape(
            "The answers suggest the ones ticked. Change them if you know better: “can't achieve” includes only with "
            "help or prompting, with significant pain, distress or anxiety, at risk, or taking much longer than normal."
        )
        self.helper = form_helper(
            Field.checkboxes("outcomes_unable", legend_size=Size.MEDIUM, small=True),
            Field.radios("impairment", legend_size=Size.SMALL, inline=True),
            Field.radios("significant_impact", legend_size=Size.SMALL, inline=True),
            Field.checkboxes("wellbeing_areas", legend_size=Size.SMALL, small=True),
            Field.textarea("reasons", label_size=Size.SMALL),
        )

    def clean(self):
        data = super().clean()
        if data.get("significant_impact") and not data.get("wellbeing_areas"):
            self.add_error("wellbeing_areas", "Select the areas of wellbeing affected")
        return data



class PaperForm(forms.Form):
    """A returned paper form: every question on one page, with each part's "anything else"."""

    received_on = forms.DateField(
        label="Date the form was received", input_formats=["%d/%m/%Y", "%Y-%m-%d"], help_text="For example, 17/11/2026",
        widget=forms.TextInput(attrs={"inputmode": "numeric"}),
        error_messages={"required": "Enter the date the form was received, like 17/11/2026",
                        "invalid": "Enter the date the form was received as day/month/year, like 17/11/2026"},
    )

    def __init__(self, *args, questions, sections, **kwargs):
        super().__init__(*args, **kwargs)
        self.questions, self.sections = questions, sections
        layout = [Field.text("received_on", field_width=10, label_size=Size.SMALL)]
        for q in questions:
            name = f"q{q.pk}"
            self.fields[name] = forms.TypedChoiceField(
                label=conditional_escape(f"{q.order}. {q.text}"), required=False, widget=forms.RadioSelect, coerce=int,
                choices=[(o.pk, o.label) for o in q.options.all()],
                error_messages={"invalid_choice": "Select one of the answers shown"},
            )
            if q.shown_when.all():
                self.fields[name].help_text = "Only if the form says so: this question is asked only after certain earlier answers."
            layout.append(Field.radios(name, legend_size=Size.SMALL, small=True))
        for s in sections:
            self.fields[f"s{s.pk}"] = forms.CharField(
                label=conditional_escape(f"Anything else about {s.title.lower()}"), required=False, max_length=LONG_TEXT,
                widget=forms.Textarea(attrs={"rows": 3}),
            )
            layout.append(Field.textarea(f"s{s.pk}", label_size=Size.SMALL))
        self.helper = form_helper(*layout)

    def clean(self):
        """Every question the answers ask must be answered, and none that they don't."""
        from assessment.selectors import questions_asked

        data = super().clean()
        options = {o.pk: o for q in self.questions for o in q.options.all()}
        chosen = {q.pk: options[data[f"q{q.pk}"]] for q in self.questions if data.get(f"q{q.pk}") in options}
        asked = {q.pk for q in questions_asked(questions=self.questions, chosen=chosen)}
        for q in self.questions:
            if q.pk in asked and q.pk not in chosen and f"q{q.pk}" not in self.errors:
                self.add_error(f"q{q.pk}", f"Select the answer to question {q.order}, as written on the form")
            elif q.pk not in asked and q.pk in chosen:
                self.add_error(f"q{q.pk}", f"Leave question {q.order} blank: the earlier answers mean it isn't asked")
        return data

    def clean_received_on(self):
        received = self.cleaned_data["received_on"]
        if received > timezone.localdate(timezone=LONDON):
            raise forms.ValidationError("The date the form was received can't be in the future")
        return received

    def answers(self):
        return {q.pk: self.cleaned_data[f"q{q.pk}"] for q in self.questions if self.cleaned_data.get(f"q{q.pk}")}

    def notes(self):
        return {s.pk: self.cleaned_data.get(f"s{s.pk}", "") for s in self.sections}
