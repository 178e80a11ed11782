from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Button, Field, Layout, Size
from django import forms

from pbudget.fields import LONG_TEXT
from django.contrib.auth.forms import AuthenticationForm


class SignInForm(AuthenticationForm):
    error_messages = {
        # Never says whether the account exists.
        "invalid_login": "Enter a correct email address and password.",
        "inactive": "Enter a correct email address and password.",
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["username"].label = "Email address"
        self.fields["username"].widget = forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"})
        self.fields["username"].error_messages["required"] = "Enter your email address"
        self.fields["password"].error_messages["required"] = "Enter your password"
        self.helper = FormHelper()
        self.helper.layout = Layout(
            Field.text("username", field_width=20), Field.text("password", field_width=20), Button("submit", "Sign in")
        )


class CloseBudgetForm(forms.Form):
    reason = forms.CharField(
        label="Why is this budget being closed?", max_length=LONG_TEXT, widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Enter why the budget is being closed"},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.layout = Layout(Field.textarea("reason"), Button("submit", "Close the budget", css_class="govuk-button--warning"))


class ReallocateForm(forms.Form):
    worker = forms.ModelChoiceField(
        label="Who should be the allocated worker?", queryset=None, widget=forms.RadioSelect, empty_label=None,
        error_messages={"required": "Select a social worker", "invalid_choice": "Select a social worker in the team"},
    )

    def __init__(self, *args, workers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["worker"].queryset = workers
        self.fields["worker"].label_from_instance = lambda user: user.full_name
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(Field.radios("worker", legend_size=Size.SMALL), Button("submit", "Reallocate"))
