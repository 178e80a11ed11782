from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Button, Field, Layout
from django import forms
from django.utils import timezone

from pbudget.fields import LONG_TEXT, DateField, PoundsField


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


class TableForm(forms.Form):
    """A draft table's rules. The lists are typed as lines, the same columns as the spreadsheet."""

    name = forms.CharField(label="Name", max_length=200)
    effective_from = DateField(
        label="Date it takes effect", enter="Enter the date it takes effect", help_text="For example, 1 4 2027",
        earliest=timezone.localdate,  # publishing refuses a date in the past: say so while it can be changed
    )
    method = forms.ChoiceField(label="How points become money", widget=forms.RadioSelect, choices=[
        ("points", "Points × a price per point"), ("bands", "Bands of points, each with a weekly amount"),
    ])
    price_per_point = PoundsField(label="Price per point a week, in pounds", required=False, help_text="For the points method.")
    floor = PoundsField(label="Smallest weekly budget (floor), in pounds")
    ceiling = PoundsField(label="Ceiling a week, in pounds", help_text="Above this a worker costs the case: a complex case.")
    weights = forms.CharField(
        label="Section weights", required=False, widget=forms.Textarea(attrs={"rows": 3}), max_length=LONG_TEXT,
        help_text="One a line: section key, weight. For example: looking-after-yourself, 1.5. Sections not named count once.",
    )
    bands = forms.CharField(
        label="Bands", required=False, widget=forms.Textarea(attrs={"rows": 4}), max_length=LONG_TEXT,
        help_text="For the bands method, one a line: from points, up to (not including) points or empty for no end, pounds a week. For example: 0, 10, 100.00",
    )
    adjustments = forms.CharField(
        label="Adjustments", required=False, widget=forms.Textarea(attrs={"rows": 4}), max_length=LONG_TEXT,
        help_text="One a line: question key, option key, pounds a week (negative to take off, for informal support), what it is for.",
    )
    lock_version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)

    LISTS = {"weights": ("weight", [1, 5]), "bands": ("band", [3, 4, 5]), "adjustments": ("adjustment", [1, 2, 5, 6])}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(
            "lock_version", Field.text("name"), Field("effective_from"), Field.radios("method"),
            Field.text("price_per_point", field_width=10), Field.text("floor", field_width=10), Field.text("ceiling", field_width=10),
            Field.textarea("weights"), Field.textarea("bands"), Field.textarea("adjustments"), Button("submit", "Save the draft"),
        )

    @classmethod
    def initial_for(cls, table) -> dict:
        return {
            "name": table.name, "effective_from": table.effective_from, "method": table.method,
            "price_per_point": table.price_per_point_pence, "floor": table.floor_weekly_pence, "ceiling": table.ceiling_weekly_pence,
            "weights": "\n".join(f"{k}, {v}" for k, v in table.section_weights.items()),
            "bands": "\n".join(f"{b['from_points']}, {'' if b.get('to_points') is None else b['to_points']}, {b['weekly_pence'] / 100:.2f}" for b in table.bands),
            "adjustments": "\n".join(f"{a['question_key']}, {a['option_key']}, {a['weekly_pence'] / 100:.2f}, {a['label']}" for a in table.adjustments),
            "lock_version": table.lock_version,
        }

    def clean(self):
        from ras.spreadsheet import HEADER, TableProblems, rows_to_fields

        data = super().clean()
        if self.errors:
            return data
        if data["method"] == "points" and not data.get("price_per_point"):
            self.add_error("price_per_point", "Enter the price per point, more than £0")
            return data
        rows, where = [HEADER], {}
        pence = {"price_per_point": data.get("price_per_point"), "floor": data["floor"], "ceiling": data["ceiling"]}
        rows += [["setting", "name", "", "", "", data["name"], ""], ["setting", "method", "", "", "", data["method"], ""],
                 ["setting", "effective_from", "", "", "", data["effective_from"].isoformat(), ""]]
        rows += [["setting", key, "", "", "", f"{value / 100:.2f}", ""] for key, value in pence.items() if value is not None]
        for field, (kind, columns) in self.LISTS.items():
            lines = [line for line in data.get(field, "").splitlines() if line.strip()]
            if field == "bands" and data["method"] != "bands":
                lines = []
            for n, line in enumerate(lines, start=1):
                cells = [c.strip() for c in line.split(",", len(columns) - 1)]
                row = [kind, "", "", "", "", "", ""]
                for column, cell in zip(columns, cells):
                    row[column] = cell
                rows.append(row)
                where[len(rows)] = (field, n)
        try:
            self.table_fields = rows_to_fields(rows)
        except TableProblems as problems:
            for problem in problems.problems:
                self._add_table_problem(problem, where)
        return data

    def _add_table_problem(self, problem, where):
        if problem.startswith("Row "):
            number, _, text = problem[4:].partition(": ")
            if number.isdigit() and int(number) in where:
                field, line = where[int(number)]
                self.add_error(field, f"Line {line}: {text}")
                return
        self.add_error(None, problem.removeprefix("Row 1: "))


class UploadForm(forms.Form):
    client_group = forms.ChoiceField(label="Which client group is the table for?", required=False)
    file = forms.FileField(label="Spreadsheet (.csv or .xlsx)", error_messages={"required": "Choose a .csv or .xlsx file"})

    def __init__(self, *args, groups, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["client_group"].choices = groups
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(Field.select("client_group"), Field("file"), Button("submit", "Upload as a new draft"))


class NewDraftForm(forms.Form):
    client_group = forms.ChoiceField(label="Which client group is the new draft for?", required=False)

    def __init__(self, *args, groups, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["client_group"].choices = groups
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(Field.select("client_group"), Button("submit", "Start a new draft"))
