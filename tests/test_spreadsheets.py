"""Spreadsheet cells are written so that none opens as a formula, and read back exactly."""

import pytest

from pbudget.spreadsheets import cell_read, cell_safe, rows_read, rows_safe


@pytest.mark.parametrize("text", ["=1+1", "+44 1234", "-2+3+cmd|' /C calc'!A0", "@SUM(A1)", "\t=1", "\r=1", "'quoted"])
def test_a_cell_a_spreadsheet_would_run_is_written_with_an_apostrophe_and_read_back_exactly(text):
    written = cell_safe(text)
    assert written == "'" + text
    assert cell_read(written) == text


@pytest.mark.parametrize("value", ["Washing", "-80.00", "+5", "12", 3, None, "a=b"])
def test_ordinary_text_and_numbers_are_left_alone(value):
    assert cell_safe(value) == value
    assert cell_read(cell_safe(value)) == value


def test_whole_rows_round_trip():
    rows = [["key", "label"], ["a", "=HYPERLINK(\"http://x\")"], ["b", "-1"]]
    assert rows_safe(rows)[1][1] == "'=HYPERLINK(\"http://x\")"
    assert rows_read(rows_safe(rows)) == rows
