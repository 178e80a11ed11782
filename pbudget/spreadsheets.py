"""
Spreadsheet cells safe to open: a text cell that a spreadsheet program would run as a formula
(starting =, +, -, @, a tab or a carriage return) is written with a leading apostrophe, and the
apostrophe is taken off again when the file comes back. Shared by every stage that exports or
imports spreadsheets (questionnaires, allocation tables). Pure: no Django.

A cell already starting with an apostrophe gets a second one, so reading back is exact. Plain
numbers written as text ("-80.00") are left alone: a number is not a formula, and councils edit
negative adjustments in these files.
"""

import re

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
QUOTE = "'"
NUMBER = re.compile(r"^[+-]?\d+(\.\d+)?$")


def cell_safe(value):
    """The value as it is written to a CSV or XLSX cell."""
    if isinstance(value, str) and value.startswith((*FORMULA_STARTS, QUOTE)) and not NUMBER.match(value):
        return QUOTE + value
    return value


def cell_read(value):
    """The value of a cell as read back from a file this project (or a careful person) wrote."""
    if isinstance(value, str) and value.startswith(QUOTE):
        return value[1:]
    return value


def rows_safe(rows) -> list[list]:
    return [[cell_safe(cell) for cell in row] for row in rows]


def rows_read(rows) -> list[list]:
    return [[cell_read(cell) for cell in row] for row in rows]
