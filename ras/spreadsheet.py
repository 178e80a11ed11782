"""
Allocation tables as spreadsheets (councils build RAS tables in spreadsheets): one row per rule,
the same columns in CSV and XLSX. No Django here: rows in, table fields and row-numbered
problems out, so a bad table is refused with the row and the problem named.

    row_type    key             option   from_points  to_points  value       label
    setting     name                                             Older people 2027
    setting     method                                           points      (or bands)
    setting     price_per_point                                  8.50
    setting     floor                                            50.00
    setting     ceiling                                          1200.00
    setting     effective_from                                   2027-04-01
    weight      personal-care                                    1.5
    band                                 0            10         100.00
    band                                 10                      250.00      (no to_points: no end)
    adjustment  informal-care   daily                            -80.00      Family help every day
"""

import csv
import datetime
import io
from decimal import Decimal, InvalidOperation

from pbudget.money import format_pence, parse_pounds
from pbudget.spreadsheets import cell_read, cell_safe
from ras.calculation import BANDS, POINTS, Adjustment, Band, Table, band_problems, table_problems

HEADER = ["row_type", "key", "option", "from_points", "to_points", "value", "label"]
# The setting rows, and the AllocationTable field each one fills.
SETTINGS = {
    "name": "name", "method": "method", "price_per_point": "price_per_point_pence", "floor": "floor_weekly_pence",
    "ceiling": "ceiling_weekly_pence", "effective_from": "effective_from",
}
MAX_ROWS = 2_000


class TableProblems(ValueError):
    """A table that can't be used, with every problem found (each naming its row)."""

    def __init__(self, problems):
        super().__init__("; ".join(problems))
        self.problems = problems


def _pounds(text, *, signed=False) -> int:
    text = (text or "").strip()
    negative = signed and text.startswith("-")
    pence = parse_pounds(text[1:] if negative else text)
    return -pence if negative else pence


def _whole(text, what) -> int | None:
    text = (text or "").strip()
    if not text:
        return None
    if not text.isdigit():
        raise ValueError(f"{what} must be a whole number of points, like 10")
    return int(text)


def rows_to_fields(rows) -> dict:
    """
    Table fields (as AllocationTable holds them) from spreadsheet rows, the header first.
    Raises TableProblems listing every problem as "Row N: ...", N counting the header as row 1.
    """
    rows = [[("" if cell is None else str(cell)).strip() for cell in row] for row in rows]
    if not rows or [c.lower() for c in rows[0][: len(HEADER)]] != HEADER:
        raise TableProblems([f"Row 1: the first row must be the column names: {', '.join(HEADER)}."])
    if len(rows) > MAX_ROWS:
        raise TableProblems([f"The table has {len(rows)} rows: at most {MAX_ROWS} can be read."])
    fields = {"section_weights": {}, "bands": [], "adjustments": []}
    problems, band_rows = [], []
    for number, row in enumerate(rows[1:], start=2):
        row = (row + [""] * len(HEADER))[: len(HEADER)]
        if not any(row):
            continue
        kind, key, option, from_points, to_points, value, label = row
        try:
            if kind == "setting":
                _setting(fields, key, value)
            elif kind == "weight":
                if not key:
                    raise ValueError("give the section key in the key column")
                try:
                    weight = Decimal(value)
                except InvalidOperation:
                    raise ValueError("the weight must be a number, like 1.5") from None
                if not weight.is_finite() or weight < 0 or weight > 100:
                    raise ValueError("the weight must be a number from 0 to 100")
                if key in fields["section_weights"]:
                    raise ValueError(f"section {key} already has a weight")
                fields["section_weights"][key] = str(weight)
            elif kind == "band":
                start = _whole(from_points, "from_points")
                if start is None:
                    raise ValueError("give the points the band starts at in from_points")
                fields["bands"].append({"from_points": start, "to_points": _whole(to_points, "to_points"), "weekly_pence": _pounds(value)})
                band_rows.append(number)
            elif kind == "adjustment":
                if not key or not option:
                    raise ValueError("give the question key and the option key of the answer it applies to")
                fields["adjustments"].append({"question_key": key, "option_key": option, "weekly_pence": _pounds(value, signed=True), "label": cell_read(label) or f"{key} / {option}"})
            else:
                raise ValueError(f"the row type “{kind}” is not one of setting, weight, band, adjustment")
        except ValueError as exc:
            problems.append(f"Row {number}: {str(exc)[:1].lower()}{str(exc)[1:]}.".replace("..", "."))
    for band_number, text in band_problems(_bands(fields)) if fields.get("method") == BANDS else []:
        row = band_rows[band_number - 1] if 0 < band_number <= len(band_rows) else None
        problems.append(f"Row {row}: {text}" if row else text)
    missing = [
        name for name, field in SETTINGS.items()
        if field not in fields and not (name == "price_per_point" and fields.get("method") == BANDS)
    ]
    problems += [f"The setting {name} is missing: add a row “setting, {name}”." for name in missing]
    if not problems:
        problems += [p for p in table_problems(fields_to_rules(fields)) if not p.startswith("Band")]
    if problems:
        raise TableProblems(problems)
    return fields


def _setting(fields, key, value):
    if key not in SETTINGS:
        raise ValueError(f"the setting “{key}” is not one of {', '.join(SETTINGS)}")
    if SETTINGS[key] in fields:
        raise ValueError(f"the setting {key} is given twice")
    if key == "name":
        if not value or len(value) > 200:
            raise ValueError("give the table a name of up to 200 characters")
        fields["name"] = cell_read(value)
    elif key == "method":
        if value not in (POINTS, BANDS):
            raise ValueError(f"the method must be {POINTS} or {BANDS}")
        fields["method"] = value
    elif key == "effective_from":
        try:
            fields["effective_from"] = datetime.date.fromisoformat(value[:10])
        except ValueError:
            raise ValueError("the date must be written like 2027-04-01") from None
    else:
        fields[SETTINGS[key]] = _pounds(value)


def _bands(fields):
    return tuple(Band(b["from_points"], b["to_points"], b["weekly_pence"]) for b in fields["bands"])


def fields_to_rules(fields) -> Table:
    return Table(
        method=fields.get("method", POINTS), price_per_point_pence=fields.get("price_per_point_pence") or None,
        bands=_bands(fields), section_weights={k: Decimal(v) for k, v in fields["section_weights"].items()},
        adjustments=tuple(Adjustment(a["question_key"], a["option_key"], a["weekly_pence"], a["label"]) for a in fields["adjustments"]),
        floor_weekly_pence=fields.get("floor_weekly_pence", 0), ceiling_weekly_pence=fields.get("ceiling_weekly_pence"),
    )


def _plain(pence) -> str:
    return format_pence(pence).replace("£", "").replace(",", "")


def table_rows(table) -> list[list[str]]:
    """An AllocationTable (or anything with its fields) as spreadsheet rows, the header first."""
    rows = [HEADER, ["setting", "name", "", "", "", cell_safe(table.name), ""], ["setting", "method", "", "", "", table.method, ""]]
    if table.price_per_point_pence:
        rows.append(["setting", "price_per_point", "", "", "", _plain(table.price_per_point_pence), ""])
    rows += [
        ["setting", "floor", "", "", "", _plain(table.floor_weekly_pence), ""],
        ["setting", "ceiling", "", "", "", _plain(table.ceiling_weekly_pence), ""],
        ["setting", "effective_from", "", "", "", table.effective_from.isoformat(), ""],
    ]
    rows += [["weight", key, "", "", "", str(weight), ""] for key, weight in table.section_weights.items()]
    rows += [
        ["band", "", "", str(b["from_points"]), "" if b.get("to_points") is None else str(b["to_points"]), _plain(b["weekly_pence"]), ""]
        for b in table.bands
    ]
    rows += [
        ["adjustment", a["question_key"], a["option_key"], "", "", _plain(a["weekly_pence"]), cell_safe(a.get("label", ""))]
        for a in table.adjustments
    ]
    return rows


def read_upload(name: str, data: bytes) -> list[list]:
    """Rows from an uploaded .csv or .xlsx file. Raises TableProblems for anything unreadable."""
    if name.lower().endswith(".xlsx"):
        from openpyxl import load_workbook

        try:
            sheet = load_workbook(io.BytesIO(data), read_only=True, data_only=True).worksheets[0]
            return [list(row) for row in sheet.iter_rows(max_row=MAX_ROWS + 1, max_col=len(HEADER), values_only=True)]
        except Exception:
            raise TableProblems(["The file could not be read as an Excel workbook (.xlsx)."]) from None
    if name.lower().endswith(".csv"):
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise TableProblems(["The file is not UTF-8 text: save it from your spreadsheet as “CSV UTF-8”."]) from None
        if "\x00" in text:
            raise TableProblems(["The file is not a CSV file."])
        return list(csv.reader(io.StringIO(text)))
    raise TableProblems(["Choose a .csv or .xlsx file."])


def write_csv(rows) -> bytes:
    out = io.StringIO()
    csv.writer(out).writerows(rows)
    return out.getvalue().encode("utf-8")


def write_xlsx(rows) -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = "Allocation table"
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
