"""
Reading and writing questionnaire spreadsheets (CSV or XLSX), as lists of rows. What the rows
mean is `assessment.spec`'s business; this module only deals with the file formats, and writes
every cell through `pbudget.spreadsheets` so no cell opens as a formula.
"""

import csv
import io
import zipfile

from openpyxl import Workbook, load_workbook

from pbudget.spreadsheets import rows_read, rows_safe

MAX_BYTES = 2 * 1024 * 1024


class UnreadableFile(ValueError):
    """The upload is not a CSV or XLSX file we can read; the message says so in plain English."""


def rows_from_upload(upload) -> list[list]:
    """The rows of an uploaded .csv or .xlsx file (the first worksheet)."""
    if upload.size > MAX_BYTES:
        raise UnreadableFile("The file must be smaller than 2 MB.")
    data = upload.read()
    name = (upload.name or "").lower()
    if name.endswith(".xlsx"):
        try:
            book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        except (zipfile.BadZipFile, KeyError, OSError, ValueError) as error:
            raise UnreadableFile("The file is not an XLSX spreadsheet that can be read. Save it again as .xlsx or .csv.") from error
        return rows_read(book.worksheets[0].iter_rows(values_only=True))
    if name.endswith(".csv"):
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as error:
            raise UnreadableFile("The CSV file must be saved as UTF-8 text.") from error
        if "\x00" in text:
            raise UnreadableFile("The CSV file has characters that can't be read. Save it again as CSV (UTF-8).")
        return rows_read(csv.reader(io.StringIO(text)))
    raise UnreadableFile("The file must be a CSV (.csv) or Excel (.xlsx) spreadsheet.")


def csv_bytes(rows) -> bytes:
    out = io.StringIO()
    csv.writer(out).writerows(rows_safe(rows))
    return ("\ufeff" + out.getvalue()).encode("utf-8")  # the BOM makes Excel read UTF-8


def xlsx_bytes(rows, *, title) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = title[:31]
    for row in rows_safe(rows):
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
