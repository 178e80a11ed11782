"""Tables as CSV and XLSX: a round trip keeps every rule; a bad sheet is refused row by row."""

import datetime
import io

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from ras.models import AllocationTable
from ras.spreadsheet import HEADER, TableProblems, read_upload, rows_to_fields, write_csv, write_xlsx
from tests.ras.factories import table as make_table

GOOD = [
    HEADER,
    ["setting", "name", "", "", "", "Learning disability 2027", ""],
    ["setting", "method", "", "", "", "bands", ""],
    ["setting", "floor", "", "", "", "50.00", ""],
    ["setting", "ceiling", "", "", "", "1500", ""],
    ["setting", "effective_from", "", "", "", "2027-04-01", ""],
    ["weight", "looking-after-yourself", "", "", "", "1.5", ""],
    ["band", "", "", "0", "10", "100.00", ""],
    ["band", "", "", "10", "", "250.00", ""],
    ["adjustment", "informal-care", "daily", "", "", "-80.00", "Family help every day"],
]


def test_good_rows_become_table_fields():
    fields = rows_to_fields(GOOD)
    assert fields == {
        "name": "Learning disability 2027", "method": "bands", "floor_weekly_pence": 5_000, "ceiling_weekly_pence": 150_000,
        "effective_from": datetime.date(2027, 4, 1), "section_weights": {"looking-after-yourself": "1.5"},
        "bands": [{"from_points": 0, "to_points": 10, "weekly_pence": 10_000}, {"from_points": 10, "to_points": None, "weekly_pence": 25_000}],
        "adjustments": [{"question_key": "informal-care", "option_key": "daily", "weekly_pence": -8_000, "label": "Family help every day"}],
    }


@pytest.mark.parametrize(
    ("change", "problem"),
    [
        ({8: ["band", "", "", "12", "", "250.00", ""]}, "Row 9: Gap: band 1 ends at 10 points but band 2 starts at 12."),
        ({8: ["band", "", "", "5", "", "250.00", ""]}, "Row 9: Overlap: band 2 starts at 5 points, inside band 1"),
        ({8: ["band", "", "", "10", "", "50.00", ""]}, "Row 9: The amount goes down from band 1 to band 2"),
        ({7: ["band", "", "", "ten", "10", "100", ""]}, "Row 8: from_points must be a whole number"),
        ({6: ["weight", "care", "", "", "", "lots", ""]}, "Row 7: the weight must be a number"),
        ({6: ["weight", "care", "", "", "", "1.2345", ""]}, "at most 3 decimal places"),
        ({9: ["adjustment", "informal-care", "", "", "", "-80", ""]}, "Row 10: give the question key and the option key"),
        ({9: ["bonus", "", "", "", "", "", ""]}, "Row 10: the row type “bonus” is not one of"),
        ({3: ["setting", "floor", "", "", "", "£lots", ""]}, "Row 4: enter an amount in pounds and pence"),
        ({5: ["setting", "effective_from", "", "", "", "1 April", ""]}, "Row 6: the date must be written like 2027-04-01"),
        ({4: ["setting", "ceiling", "", "", "", "10", ""]}, "The floor must not be above the ceiling."),
        ({2: ["setting", "method", "", "", "", "magic", ""]}, "Row 3: the method must be points or bands"),
        ({1: ["", "", "", "", "", "", ""]}, "The setting name is missing"),
        ({0: ["type", "key"]}, "Row 1: the first row must be the column names"),
    ],
)
def test_bad_rows_are_named(change, problem):
    rows = [change.get(n, row) for n, row in enumerate(GOOD)]
    with pytest.raises(TableProblems) as refused:
        rows_to_fields(rows)
    assert any(problem in p for p in refused.value.problems), refused.value.problems


def test_csv_and_xlsx_round_trip(p):
    table = make_table(
        p.northshire, method="bands", bands=[{"from_points": 0, "to_points": 10, "weekly_pence": 10_000}, {"from_points": 10, "to_points": None, "weekly_pence": 25_050}],
        section_weights={"care": "1.25"}, adjustments=[{"question_key": "q", "option_key": "o", "weekly_pence": -500, "label": "=HYPERLINK(1)"},
                     {"question_key": "q", "option_key": "p", "weekly_pence": 700, "label": "-1+cmd|' /C calc'!A0"}],
        price_per_point_pence=None, name="@Older people",
    )
    from ras.spreadsheet import table_rows

    rows = table_rows(table)
    assert rows[-2][-1] == "'=HYPERLINK(1)"  # a label is never exported as a formula
    assert rows[-1][-1] == "'-1+cmd|' /C calc'!A0" and rows[1][5] == "'@Older people"
    assert rows[-2][5] == "-5.00"  # a negative amount is a number, not a formula
    for name, data in (("t.csv", write_csv(rows)), ("t.xlsx", write_xlsx(rows))):
        fields = rows_to_fields(read_upload(name, data))
        assert fields["bands"] == table.bands and fields["section_weights"] == table.section_weights
        assert fields["adjustments"] == [
            {"question_key": "q", "option_key": "o", "weekly_pence": -500, "label": "=HYPERLINK(1)"},
            {"question_key": "q", "option_key": "p", "weekly_pence": 700, "label": "-1+cmd|' /C calc'!A0"},
        ]
        assert fields["name"] == "@Older people"


def test_unreadable_files_are_refused():
    for name, data in (("t.xlsx", b"not a zip"), ("t.csv", b"\xff\xfe\x00bad"), ("t.pdf", b"%PDF")):
        with pytest.raises(TableProblems):
            read_upload(name, data)


@time_machine.travel(datetime.datetime(2026, 11, 23, 12, tzinfo=datetime.UTC), tick=False)
def test_admin_uploads_a_sheet_as_a_draft_and_exports_it(client, p):
    client.force_login(p.adam)
    upload = SimpleUploadedFile("table.xlsx", write_xlsx(GOOD))
    response = client.post(reverse("ras_tables:import"), {"client_group": "learning_disability", "file": upload})
    draft = AllocationTable.objects.get()
    assert response.url == reverse("ras_tables:detail", args=[draft.pk])
    assert (draft.client_group, draft.method, draft.published_at, draft.version) == ("learning_disability", "bands", None, 1)
    response = client.get(reverse("ras_tables:export_xlsx", args=[draft.pk]))
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert [c.value for c in next(sheet.iter_rows())] == HEADER
    csv_text = client.get(reverse("ras_tables:export_csv", args=[draft.pk])).content.decode()
    assert "band,,,10,,250.00," in csv_text


def test_a_bad_upload_stores_nothing_and_names_the_rows(client, p):
    client.force_login(p.adam)
    rows = [*GOOD[:8], ["band", "", "", "12", "", "250.00", ""], ["weight", "", "", "", "", "2", ""]]
    response = client.post(reverse("ras_tables:import"), {"client_group": "", "file": SimpleUploadedFile("t.csv", write_csv(rows))})
    page = response.content.decode()
    assert response.status_code == 400 and "The table was not saved" in page
    assert "Row 10: give the section key" in page and "Row 9: Gap" in page
    assert not AllocationTable.objects.exists()
    response = client.post(reverse("ras_tables:import"), {"client_group": ""})
    assert "Choose a .csv or .xlsx file" in response.content.decode()
