from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Button, Field, Layout
from django import forms

from pbudget.fields import LONG_TEXT, PoundsField


class OverrideForm(forms.Form):
    """A worker's own weekly figure, only with a reason (required for a complex case)."""

    weekly_pence = PoundsField(
        label="Weekly amount you have worked out, in pounds", required=False,
        help_text="Leave this empty to use the figure the table gives.",
    )
    reason = forms.CharField(
        label="Why is this figure different?", required=False, max_length=LONG_TEXT, widget=forms.Textarea(attrs={"rows": 3}),
        help_text="The person sees this reason beside the figure the table gave.",
    )

    def __init__(self, *args, required=False, button="Share", **kwargs):
        super().__init__(*args, **kwargs)
        self.required = required
        if required:
            self.fields["weekly_pence"].help_text = "The table gives no figure for a complex case: cost the support needed."
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(Field.text("weekly_pence", field_width=10), Field.textarea("reason"), Button("submit", button))

    def clean(self):
        data = super().clean()
        amount, reason = data.get("weekly_pence"), (data.get("reason") or "").strip()
        if amount is None and self.required:
            self.add_error("weekly_pence", "Enter the weekly amount you have worked out for this complex case")
        if amount is not None and amount == 0:
            self.add_error("weekly_pence", "Enter a weekly amount of more than £0")
        if amount is not None and not reason:
            self.add_error("reason", "Enter why the figure is different from the one the table gives")
        if amount is None and reason and not self.required:
            self.add_error("weekly_pence", "Enter the weekly amount, or leave the reason empty to use the table's figure")
        return data
