"""The questionnaire as plain data: publishing's checks and the spreadsheet rows, without a database."""

from assessment.spec import COLUMNS, from_rows, problems, to_rows
from pbudget.care_act import CareActOutcome

OUTCOMES = dict(CareActOutcome.choices)


def option(key, order, outcomes=(), unable=False, points=0):
    return {"key": key, "order": order, "label": key.title(), "points": points, "unable": unable, "outcomes": list(outcomes)}


def question(key, order, options, shown_when=None, section="s"):
    return {"section": section, "key": key, "order": order, "text": key.title(), "hint": "", "why": "",
            "options": options, "shown_when": shown_when}


def complete():
    """Ten questions, one per outcome, the last asked only after 'yes' to the first."""
    values = list(OUTCOMES)
    questions = [question(v, n, [option("own", 1, [v]), option("yes", 2, [v], unable=True, points=3)]) for n, v in enumerate(values, start=1)]
    questions[-1]["shown_when"] = ("nutrition", ["yes"])
    return [{"key": "s", "title": "Section"}], questions


def test_a_complete_questionnaire_has_no_problems():
    assert problems(*complete(), OUTCOMES) == []


def test_a_question_without_answers():
    sections, questions = complete()
    questions[0]["options"] = []
    found = problems(sections, questions, OUTCOMES)
    assert "Question “Nutrition” has no answers to choose from. Add at least two answers." in found
    assert any("Managing and maintaining nutrition" in p for p in found)  # and so the outcome is uncovered


def test_duplicate_ordering_of_questions_and_of_answers():
    sections, questions = complete()
    questions[1]["order"] = 1
    questions[2]["options"][1]["order"] = 1
    found = problems(sections, questions, OUTCOMES)
    assert "Questions “Nutrition” and “Hygiene” are both number 1 in the order. Give each question its own number." in found
    assert "Two answers to “Toilet” have the same number in the order. Give each answer its own number." in found


def test_every_outcome_covered():
    sections, questions = complete()
    for o in questions[3]["options"]:
        o["outcomes"] = []
    assert problems(sections, questions, OUTCOMES) == [
        "No answer bears on the outcome “Being appropriately clothed”. Every one of the ten outcomes needs a question."
    ]


def test_conditions_point_back_to_answers_that_exist():
    sections, questions = complete()
    questions[-1]["shown_when"] = ("nutrition", ["maybe"])
    questions[0]["shown_when"] = ("hygiene", ["yes"])
    questions[1]["shown_when"] = ("nowhere", ["yes"])
    found = problems(sections, questions, OUTCOMES)
    assert "Question “Caring” is asked after the answer “maybe” to “Nutrition”, which doesn't exist." in found
    assert ("Question “Nutrition” is asked after an answer to “Hygiene”, which comes after it. "
            "A question can only depend on an earlier one.") in found
    assert "Question “Hygiene” is asked after an answer to “nowhere”, which is not in the questionnaire." in found


def test_rows_round_trip():
    sections, questions = complete()
    rows = to_rows(sections, questions)
    assert rows[0] == COLUMNS and len(rows) == 21
    assert rows[-1][7] == "nutrition=yes"
    again_sections, again_questions, errors = from_rows(rows, OUTCOMES)
    assert errors == [] and (again_sections, again_questions) == (sections, questions)


def test_spreadsheet_numbers_arrive_as_floats_and_blank_lines_are_skipped():
    rows = to_rows(*complete())
    rows = [rows[0], [], *[[float(c) if isinstance(c, int) else c for c in row] for row in rows[1:]]]
    _, questions, errors = from_rows(rows, OUTCOMES)
    assert errors == [] and questions[0]["options"][1]["points"] == 3


def test_bad_rows_are_named_by_row_and_column():
    rows = to_rows(*complete())
    rows[2][11] = "lots"           # points
    rows[3][12] = "nutrition sleep"  # outcomes
    rows[4][13] = "maybe"          # unable
    rows[5][8] = "Not A Key"       # answer_key
    rows[6][2] = ""                # question_key
    rows.append(list(rows[1]))     # the same answer twice
    _, _, errors = from_rows(rows, OUTCOMES)
    assert errors == [
        "Row 3: points must be a whole number of 0 or more, like 3 (it says “lots”).",
        "Row 4: outcomes “sleep” is not one of: " + ", ".join(OUTCOMES) + ".",
        "Row 5: unable must be yes or no (it says “maybe”).",
        "Row 6: answer_key “Not A Key” must be lower-case letters, numbers and hyphens, up to 50 characters.",
        "Row 7: question_key is empty.",
        "Row 22: answer_key “own” is used twice in question “nutrition”.",
    ]


def test_a_file_without_the_columns_or_rows():
    assert from_rows([], OUTCOMES)[2] == ["The file is empty. Use the exported spreadsheet as a starting point."]
    assert from_rows([["name", "answer"]], OUTCOMES)[2] == [
        "Row 1: the columns section_key, section_title, question_key, question, answer_key are missing."
    ]
    assert from_rows([COLUMNS], OUTCOMES)[2] == ["The file has no questions in it."]
