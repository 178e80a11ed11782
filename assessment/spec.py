"""
A questionnaire as plain data, the checks publishing makes on it, and its spreadsheet rows.
Pure: no Django, so the rules can be read and tested on their own.

    sections:  [{"key", "title"}], in order
    questions: [{"section" (key), "key", "order", "text", "hint", "why",
                 "options": [{"key", "order", "label", "points", "unable", "outcomes": [values]}],
                 "shown_when": None or (question key, [option keys])}]

A spreadsheet has one row per answer; the question's cells are read from its first row.
Row numbers are the spreadsheet's own (the header is row 1), so a message points at the cell.
"""

import re

COLUMNS = [
    "section_key", "section_title", "question_key", "question_order", "question", "hint", "why_we_ask",
    "shown_when", "answer_key", "answer_order", "answer", "points", "outcomes", "unable",
]
REQUIRED = ["section_key", "section_title", "question_key", "question", "answer_key", "answer"]
KEY = re.compile(r"^[a-z0-9][a-z0-9_-]{0,49}$")
MAX_ROWS = 2000
YES, NO = {"yes", "y", "true", "1"}, {"no", "n", "false", "0", ""}


def problems(sections, questions, outcomes: dict[str, str]) -> list[str]:
    """What stops this questionnaire being published, in plain English (empty when it can be)."""
    found = []
    if not questions:
        return ["The questionnaire has no questions."]
    by_key = {q["key"]: q for q in questions}
    used = {q["section"] for q in questions}
    for section in sections:
        if section["key"] not in used:
            found.append(f"The section “{section['title']}” has no questions. Add a question to it or delete it.")
    for order in sorted({q["order"] for q in questions}):
        same = [q for q in questions if q["order"] == order]
        if len(same) > 1:
            names = " and ".join(f"“{q['text']}”" for q in same)
            found.append(f"Questions {names} are both number {order} in the order. Give each question its own number.")
    for q in questions:
        if not q["options"]:
            found.append(f"Question “{q['text']}” has no answers to choose from. Add at least two answers.")
        orders = [o["order"] for o in q["options"]]
        if len(orders) != len(set(orders)):
            found.append(f"Two answers to “{q['text']}” have the same number in the order. Give each answer its own number.")
        found.extend(_condition_problems(q, by_key))
    covered = {value for q in questions for o in q["options"] for value in o["outcomes"]}
    for value, label in outcomes.items():
        if value not in covered:
            found.append(f"No answer bears on the outcome “{label}”. Every one of the ten outcomes needs a question.")
    return found


def _condition_problems(question, by_key) -> list[str]:
    if not question["shown_when"]:
        return []
    earlier_key, option_keys = question["shown_when"]
    earlier = by_key.get(earlier_key)
    if earlier is None:
        return [f"Question “{question['text']}” is asked after an answer to “{earlier_key}”, which is not in the questionnaire."]
    found = []
    if earlier["order"] >= question["order"]:
        found.append(
            f"Question “{question['text']}” is asked after an answer to “{earlier['text']}”, which comes after it. "
            "A question can only depend on an earlier one."
        )
    known = {o["key"] for o in earlier["options"]}
    for key in option_keys:
        if key not in known:
            found.append(f"Question “{question['text']}” is asked after the answer “{key}” to “{earlier['text']}”, which doesn't exist.")
    return found


def to_rows(sections, questions) -> list[list]:
    """The spreadsheet: the header, then one row per answer, in order."""
    titles = {s["key"]: s["title"] for s in sections}
    rows = [list(COLUMNS)]
    for q in questions:
        shown = f"{q['shown_when'][0]}={'|'.join(q['shown_when'][1])}" if q["shown_when"] else ""
        for o in q["options"]:
            rows.append([
                q["section"], titles[q["section"]], q["key"], q["order"], q["text"], q["hint"], q["why"], shown,
                o["key"], o["order"], o["label"], o["points"], " ".join(o["outcomes"]), "yes" if o["unable"] else "no",
            ])
    return rows


def from_rows(rows, outcomes: dict[str, str]):
    """
    Read spreadsheet rows (the header first) into (sections, questions, errors). Errors name the
    row and column; when there are any, the sections and questions are not to be used.
    """
    rows = list(rows)
    if not rows:
        return [], [], ["The file is empty. Use the exported spreadsheet as a starting point."]
    header = [str(cell or "").strip().lower() for cell in rows[0]]
    missing = [name for name in REQUIRED if name not in header]
    if missing:
        return [], [], [f"Row 1: the column{'s' if len(missing) > 1 else ''} {', '.join(missing)} {'are' if len(missing) > 1 else 'is'} missing."]
    if len(rows) > MAX_ROWS + 1:
        return [], [], [f"The file has more than {MAX_ROWS} answers. Split the questionnaire or check the file."]
    sections, questions, errors = {}, {}, []
    for number, row in enumerate(rows[1:], start=2):
        cells = {name: _text(row[i]) if i < len(row) else "" for i, name in enumerate(header)}
        if not any(cells.values()):
            continue  # a blank line
        errors.extend(f"Row {number}: {e}" for e in _read_row(cells, sections, questions, outcomes))
    if not errors and not questions:
        errors.append("The file has no questions in it.")
    return [{"key": k, "title": t} for k, t in sections.items()], list(questions.values()), errors


def _text(cell) -> str:
    if isinstance(cell, float) and cell.is_integer():
        cell = int(cell)  # spreadsheets store whole numbers as floats
    return str(cell).strip() if cell is not None else ""


def _number(value, what, errors, default):
    if value == "":
        return default
    if not value.isdigit():
        errors.append(f"{what} must be a whole number of 0 or more, like 3 (it says “{value}”).")
        return default
    return int(value)


def _read_row(cells, sections, questions, outcomes) -> list[str]:
    errors = []
    for name in REQUIRED:
        if not cells.get(name):
            errors.append(f"{name} is empty.")
    for name in ("section_key", "question_key", "answer_key"):
        if cells.get(name) and not KEY.match(cells[name]):
            errors.append(f"{name} “{cells[name]}” must be lower-case letters, numbers and hyphens, up to 50 characters.")
    if errors:
        return errors
    section_key, question_key = cells["section_key"], cells["question_key"]
    if sections.setdefault(section_key, cells["section_title"]) != cells["section_title"]:
        errors.append(f"section “{section_key}” has a different title on an earlier row.")
    question = questions.get(question_key)
    if question is None:
        question = questions[question_key] = {
            "section": section_key, "key": question_key, "text": cells["question"],
            "order": _number(cells.get("question_order", ""), "question_order", errors, len(questions) + 1),
            "hint": cells.get("hint", ""), "why": cells.get("why_we_ask", ""),
            "shown_when": _shown_when(cells.get("shown_when", ""), errors), "options": [],
        }
    elif question["section"] != section_key:
        errors.append(f"question “{question_key}” is in a different section on an earlier row.")
    if any(o["key"] == cells["answer_key"] for o in question["options"]):
        errors.append(f"answer_key “{cells['answer_key']}” is used twice in question “{question_key}”.")
    listed = cells.get("outcomes", "").replace(",", " ").split()
    unknown = [value for value in listed if value not in outcomes]
    if unknown:
        errors.append(f"outcomes “{' '.join(unknown)}” {'is' if len(unknown) == 1 else 'are'} not one of: {', '.join(outcomes)}.")
    unable = cells.get("unable", "").lower()
    if unable not in YES | NO:
        errors.append(f"unable must be yes or no (it says “{cells['unable']}”).")
    question["options"].append({
        "key": cells["answer_key"], "label": cells["answer"], "unable": unable in YES,
        "order": _number(cells.get("answer_order", ""), "answer_order", errors, len(question["options"]) + 1),
        "points": _number(cells.get("points", ""), "points", errors, 0),
        "outcomes": [value for value in listed if value in outcomes],
    })
    return errors


def _shown_when(value, errors):
    """'child=yes' or 'child=yes|sometimes': asked only after one of these answers to question 'child'."""
    if not value:
        return None
    key, _, options = value.partition("=")
    option_keys = [o.strip() for o in options.split("|") if o.strip()]
    if not key.strip() or not option_keys:
        errors.append(f"shown_when “{value}” must be a question key, =, and answer keys separated by |, like child=yes.")
        return None
    return key.strip(), option_keys
