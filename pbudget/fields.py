from django import forms

from pbudget.money import parse_pounds

# Free text people type: long enough for a full answer, short enough to read and to print on the
# one-page summary sheet. Outcomes are a sentence or two.
LONG_TEXT = 3000
OUTCOME_TEXT = 500


class PoundsField(forms.CharField):
    """A money input in pounds (GOV.UK pattern: text input, inputmode decimal) cleaned to pence."""

    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", 20)
        super().__init__(**kwargs)
        self.widget.attrs.update({"inputmode": "decimal", "spellcheck": "false"})

    def prepare_value(self, value):
        if isinstance(value, int):
            pounds, pennies = divmod(value, 100)
            return f"{pounds}.{pennies:02d}" if pennies else str(pounds)
        return value

    def clean(self, value):
        value = super().clean(value)
        if value in self.empty_values:
            return None
        try:
            return parse_pounds(value)
        except ValueError as exc:
            raise forms.ValidationError(str(exc)) from None
