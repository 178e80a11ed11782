"""Council administrators version the questionnaire: drafts, edits, publishing, spreadsheets."""

import csv
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from assessment import questionnaire_services as services
from assessment.models import AnswerOption, Assessment, Question, Questionnaire
from assessment.selectors import questionnaire_live, questionnaire_spec
from assessment.services import assessment_start
from assessment.spec import to_rows
from pbudget.lifecycle import MoveNotAllowed
from pbudget.models import Role
from tests.factories import UserFactory


def url(name, *args):
    return reverse(f"questionnaires:{name}", args=args)


def test_a_draft_is_a_copy_of_the_live_version_and_there_is_only_one(p, questionnaire):
    draft = services.questionnaire_draft_start(council=p.northshire, actor=p.adam)
    assert (draft.version, draft.is_draft, draft.created_by) == (2, True, p.adam)
    assert questionnaire_spec(questionnaire=draft) == questionnaire_spec(questionnaire=questionnaire)
    assert services.questionnaire_draft_start(council=p.northshire, actor=p.adam) == draft
    assert questionnaire_live(council=p.northshire) == questionnaire


@pytest.mark.parametrize("who", ["wendy", "mandy", "alice"])
def test_only_administrators_make_drafts(p, questionnaire, who):
    with pytest.raises(MoveNotAllowed):
        services.questionnaire_draft_start(council=p.northshire, actor=getattr(p, who))
    assert Questionnaire.objects.count() == 1


def test_a_published_version_never_changes(p, questionnaire):
    question = questionnaire.questions.first()
    with pytest.raises(MoveNotAllowed, match="published"):
        services.questionnaire_question_update(
            question=question, actor=p.adam, text="Changed", hint="", why_we_ask="", order=1, section=question.section,
        )
    option = question.options.first()
    with pytest.raises(MoveNotAllowed, match="published"):
        services.questionnaire_option_update(option=option, actor=p.adam, label="Changed", order=1, points=99, unable=True, outcomes=[])
    with pytest.raises(MoveNotAllowed, match="published"):
        services.questionnaire_publish(questionnaire=questionnaire, actor=p.adam)
    question.refresh_from_db()
    option.refresh_from_db()
    assert question.text == "How do you manage food and drink?" and option.points == 0


def test_publishing_refuses_with_every_problem_and_changes_nothing(p, questionnaire):
    draft = services.questionnaire_draft_start(council=p.northshire, actor=p.adam)
    toilet = draft.questions.get(key="toilet")
    AnswerOption.objects.filter(question=toilet).delete()
    draft.questions.filter(key="dressing").update(order=1)
    moving = draft.questions.get(key="moving-around")
    AnswerOption.objects.filter(question=moving, key="all-help").update(outcomes=["home_safety"])
    with pytest.raises(services.QuestionnaireInvalid) as refused:
        services.questionnaire_publish(questionnaire=draft, actor=p.adam)
    assert refused.value.problems == [
        "Questions “How do you manage food and drink?” and “How do you manage getting dressed?” are both number 1 "
        "in the order. Give each question its own number.",
        "Question “How do you manage going to the toilet?” has no answers to choose from. Add at least two answers.",
        "No answer bears on the outcome “Managing toilet needs”. Every one of the ten outcomes needs a question.",
    ]
    draft.refresh_from_db()
    assert draft.is_draft and questionnaire_live(council=p.northshire) == questionnaire


def test_a_published_draft_is_what_new_assessments_answer_and_old_ones_keep_theirs(p, budget, questionnaire):
    old = assessment_start(budget=budget, actor=p.alice)
    draft = services.questionnaire_draft_start(council=p.northshire, actor=p.adam)
    question = draft.questions.get(key="food-and-drink")
    services.questionnaire_question_update(
        question=question, actor=p.adam, text="How do you manage meals?", hint="Think about a typical week.",
        why_we_ask="", order=question.order, section=question.section,
    )
    services.questionnaire_publish(questionnaire=draft, actor=p.adam)
    draft.refresh_from_db()
    assert draft.published_by == p.adam and questionnaire_live(council=p.northshire) == draft
    assert Assessment.objects.get(pk=old.pk).questionnaire == questionnaire
    assert questionnaire.questions.get(key="food-and-drink").text == "How do you manage food and drink?"
    # The next draft starts from the new live version.
    assert services.questionnaire_draft_start(council=p.northshire, actor=p.adam).questions.get(key="food-and-drink").text == "How do you manage meals?"


def test_adam_edits_an_answer_and_publishes_in_the_pages(client, p, questionnaire):
    client.force_login(p.adam)
    assert "The assessment questionnaire" in client.get(reverse("home")).content.decode()
    page = client.get(url("versions")).content.decode()
    assert "Version 1" in page and "Live" in page
    response = client.post(url("draft_start"))
    draft = Questionnaire.objects.get(published_at__isnull=True)
    assert response.url == url("detail", draft.pk)
    option = AnswerOption.objects.get(question__questionnaire=draft, question__key="washing", key="all-help")
    response = client.post(url("option_edit", draft.pk, option.pk), {
        "label": "Someone washes me", "order": 4, "points": 14, "outcomes": ["hygiene", "clothing"], "unable": "yes",
    })
    assert response.url == url("detail", draft.pk)
    option.refresh_from_db()
    assert (option.label, option.points, option.outcomes) == ("Someone washes me", 14, ["hygiene", "clothing"])
    response = client.post(url("option_edit", draft.pk, option.pk), {"label": "", "order": "x", "points": -1})
    page = response.content.decode()
    assert "There is a problem" in page and "Enter the answer" in page and "Enter a whole number, like 3" in page
    response = client.post(url("publish", draft.pk))
    assert response.url == url("detail", draft.pk)
    assert questionnaire_live(council=p.northshire) == draft
    page = client.get(url("detail", draft.pk)).content.decode()
    assert "Published on" in page and ">Change<" not in page
    # The edit pages of a published version refuse, and say why.
    response = client.get(url("option_edit", draft.pk, option.pk))
    assert response.status_code == 302


def test_publishing_in_the_page_shows_the_problems_in_an_error_summary(client, p, questionnaire):
    draft = services.questionnaire_draft_start(council=p.northshire, actor=p.adam)
    AnswerOption.objects.filter(question__questionnaire=draft, question__key="child").update(outcomes=[])
    caring = draft.questions.get(key="caring-for-child")
    AnswerOption.objects.filter(question=caring).update(outcomes=[])
    client.force_login(p.adam)
    response = client.post(url("publish", draft.pk))
    page = response.content.decode()
    assert response.status_code == 200 and "govuk-error-summary" in page and "<title>Error: " in page
    assert "No answer bears on the outcome “Carrying out any caring responsibilities for a child”" in page
    assert Questionnaire.objects.get(pk=draft.pk).is_draft


def _upload(name, data):
    return SimpleUploadedFile(name, data)


def test_export_and_import_round_trip_as_csv_and_xlsx(client, p, questionnaire):
    client.force_login(p.adam)
    csv_data = client.get(url("export_csv", questionnaire.pk))
    assert csv_data["Content-Disposition"] == 'attachment; filename="questionnaire-version-1.csv"'
    xlsx_data = client.get(url("export_xlsx", questionnaire.pk))
    rows = [list(r) for r in load_workbook(io.BytesIO(xlsx_data.content)).active.iter_rows(values_only=True)]
    expected = to_rows(*questionnaire_spec(questionnaire=questionnaire))
    assert [[c if c is not None else "" for c in row] for row in rows] == expected

    for name, data in (("mine.csv", csv_data.content), ("mine.xlsx", xlsx_data.content)):
        response = client.post(url("import"), {"spreadsheet": _upload(name, data)})
        draft = Questionnaire.objects.get(published_at__isnull=True)
        assert response.url == url("detail", draft.pk)
        assert questionnaire_spec(questionnaire=draft) == questionnaire_spec(questionnaire=questionnaire)
    assert Questionnaire.objects.count() == 2  # the second import replaced the draft's content


def test_text_a_spreadsheet_would_run_as_a_formula_is_exported_safely_and_imports_back(client, p, questionnaire):
    draft = services.questionnaire_draft_start(council=p.northshire, actor=p.adam)
    hostile = {"food-and-drink": "=HYPERLINK(\"http://evil.example\",\"Click\")", "washing": "+SUM(A1)", "toilet": "-2+3+cmd|' /C calc'!A0",
               "dressing": "@SUM(1)", "moving-around": "-Minus first", "getting-out": "'Already quoted"}
    for key, text in hostile.items():
        draft.questions.filter(key=key).update(hint=text)
    AnswerOption.objects.filter(question__questionnaire=draft, question__key="child", key="no").update(label="=1+1")
    client.force_login(p.adam)
    csv_text = client.get(url("export_csv", draft.pk)).content.decode("utf-8-sig")
    xlsx = load_workbook(io.BytesIO(client.get(url("export_xlsx", draft.pk)).content)).active
    cells = [cell for row in xlsx.iter_rows() for cell in row]
    assert not any(cell.data_type == "f" for cell in cells)  # no cell is a formula
    values = {cell.value for cell in cells}
    csv_values = {cell for row in csv.reader(io.StringIO(csv_text)) for cell in row}
    for text in (*hostile.values(), "=1+1"):
        assert "'" + text in values and "'" + text in csv_values, text
        assert text not in values and text not in csv_values, text
    expected = questionnaire_spec(questionnaire=draft)
    for name, export in (("back.csv", "export_csv"), ("back.xlsx", "export_xlsx")):
        data = client.get(url(export, draft.pk)).content
        assert client.post(url("import"), {"spreadsheet": _upload(name, data)}).status_code == 302
        assert questionnaire_spec(questionnaire=draft) == expected, name


def test_an_invalid_file_is_refused_with_row_numbers_and_changes_nothing(client, p, questionnaire):
    client.force_login(p.adam)
    rows = to_rows(*questionnaire_spec(questionnaire=questionnaire))
    rows[3][11] = "many"
    rows[5][7] = "child=perhaps"
    book = Workbook()
    for row in rows:
        book.active.append(row)
    out = io.BytesIO()
    book.save(out)
    page = client.post(url("import"), {"spreadsheet": _upload("bad.xlsx", out.getvalue())}).content.decode()
    assert "There is a problem" in page
    assert "Row 4: points must be a whole number of 0 or more, like 3 (it says “many”)." in page
    assert not Questionnaire.objects.filter(published_at__isnull=True).exists()
    for name, data, message in (
        ("notes.txt", b"hello", "The file must be a CSV (.csv) or Excel (.xlsx) spreadsheet."),
        ("broken.xlsx", b"not a zip", "The file is not an XLSX spreadsheet that can be read."),
        ("latin.csv", "caf\xe9".encode("latin-1"), "The CSV file must be saved as UTF-8 text."),
    ):
        page = client.post(url("import"), {"spreadsheet": _upload(name, data)}).content.decode()
        assert message in page, name
    assert Questionnaire.objects.count() == 1


def test_an_answer_that_does_not_exist_in_a_condition_is_refused(client, p, questionnaire):
    client.force_login(p.adam)
    rows = to_rows(*questionnaire_spec(questionnaire=questionnaire))
    for row in rows:
        if row[2] == "caring-for-child":
            row[7] = "child=perhaps"
    csv_text = "\n".join(",".join(f'"{c}"' for c in row) for row in rows).encode()
    page = client.post(url("import"), {"spreadsheet": _upload("bad.csv", csv_text)}).content.decode()
    assert "is asked after an answer that doesn&#x27;t exist (child=perhaps)" in page
    assert Questionnaire.objects.count() == 1


@pytest.mark.parametrize("who", ["wendy", "mandy", "alice", "rita", "other_admin"])
def test_only_this_councils_administrators_reach_the_pages(client, p, questionnaire, who):
    other_admin = UserFactory(council=p.southvale, role=Role.COUNCIL_ADMIN, email="ava@southvale.example")
    client.force_login(other_admin if who == "other_admin" else getattr(p, who))
    question = questionnaire.questions.first()
    council_pages = () if who == "other_admin" else (("versions", ()), ("import", ()))  # Ava has her own
    for name, args in (
        *council_pages, ("detail", (questionnaire.pk,)), ("export_csv", (questionnaire.pk,)),
        ("export_xlsx", (questionnaire.pk,)), ("question_edit", (questionnaire.pk, question.pk)),
        ("option_edit", (questionnaire.pk, question.options.first().pk)),
    ):
        assert client.get(url(name, *args)).status_code == 404, name
    if who != "other_admin":
        assert client.post(url("draft_start")).status_code == 404
    assert client.post(url("publish", questionnaire.pk)).status_code == 404
    assert Questionnaire.objects.count() == 1


def test_the_pages_run_a_fixed_number_of_queries(client, p, questionnaire, django_assert_max_num_queries):
    client.force_login(p.adam)
    client.get(url("versions"))
    with django_assert_max_num_queries(8):
        assert client.get(url("versions")).status_code == 200
    with django_assert_max_num_queries(12):
        assert client.get(url("detail", questionnaire.pk)).status_code == 200
    for _ in range(3):
        draft = services.questionnaire_draft_start(council=p.northshire, actor=p.adam)
        services.questionnaire_publish(questionnaire=draft, actor=p.adam)
    with django_assert_max_num_queries(8):
        assert client.get(url("versions")).status_code == 200
    assert Question.objects.count() == 44
