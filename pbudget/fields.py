import datetime

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


DATE_PARTS = ("day", "month", "year")


class DateWidget(forms.MultiWidget):
    """
    The GOV.UK date input: day, month and year text inputs (numeric keyboard), each with its own
    label, and only the parts in error highlighted (`error_parts`, set by `DateField.clean`).
    """

    template_name = "gds/widgets/date.html"
    error_parts = frozenset()  # replaced, never changed in place: widgets are shallow-copied per form

    def __init__(self, attrs=None):
        widths = {"day": 2, "month": 2, "year": 4}
        super().__init__([
            forms.TextInput(attrs={
                "class": f"govuk-input govuk-date-input__input govuk-input--width-{widths[part]}",
                "label": part.capitalize(), "inputmode": "numeric",
            })
            for part in DATE_PARTS
        ], attrs)

    def decompress(self, value):
        return [value.day, value.month, value.year] if value else [None, None, None]

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        for n, subwidget in enumerate(context["widget"]["subwidgets"]):
            # crispy-forms-gds marks the part the error is reported on; this marks the others.
            if n in self.error_parts and "govuk-input--error" not in subwidget["attrs"]["class"]:
                subwidget["attrs"]["class"] += " govuk-input--error"
        return context


class DateField(forms.MultiValueField):
    """
    A date typed as day, month and year (the GOV.UK date input), with the Design System's error
    messages: "Enter <what>", "<Label> must include a month", "<Label> must be a real date",
    "Year must include 4 numbers", and, with `earliest`, "<Label> must be today or in the future".
    The parts in error are highlighted; the error summary links to the first of them.
    """

    widget = DateWidget

    def __init__(self, *, label, enter, earliest=None, **kwargs):
        self.enter, self.earliest = enter, earliest
        parts = [forms.CharField(required=False) for _ in DATE_PARTS]
        super().__init__(fields=parts, label=label, require_all_fields=False, **kwargs)

    def _refuse(self, message, parts):
        parts = sorted(parts)
        self.widget.error_parts = frozenset(parts)
        # crispy-forms-gds links the error summary to a part that has errors on its own widget.
        self.fields[parts[0]].widget.errors = [message]
        raise forms.ValidationError(message)

    def clean(self, value):
        # Assigned, never changed in place: a form's copy of a widget shares its attributes' values.
        self.widget.error_parts = frozenset()
        for part in self.fields:
            part.widget.errors = []
        typed = ["" if v is None else str(v).strip() for v in (value or [])][:3]
        typed += [""] * (3 - len(typed))
        label = str(self.label)
        missing = [n for n, v in enumerate(typed) if not v]
        if len(missing) == 3:
            if self.required:
                self._refuse(self.enter, range(3))
            return None
        if missing:
            self._refuse(f"{label} must include a {' and '.join(DATE_PARTS[n] for n in missing)}", missing)
        day, month, year = typed
        not_numbers = [n for n, v in enumerate((day, month, year)) if not (v.isascii() and v.isdigit() and len(v) <= 4)]
        if not_numbers:
            self._refuse(f"{label} must be a real date", not_numbers)
        if len(year) != 4:
            self._refuse("Year must include 4 numbers", [2])
        if not 1 <= int(month) <= 12:
            self._refuse(f"{label} must be a real date", [1])
        try:
            value = datetime.date(int(year), int(month), int(day))
        except ValueError:
            self._refuse(f"{label} must be a real date", [0])
        if self.earliest is not None and value < self.earliest():
            self._refuse(f"{label} must be today or in the future", range(3))
        return value

    def compress(self, data_list):  # clean() does the work; Django's MultiValueField asks for it
        return data_list
