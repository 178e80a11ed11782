"""The administrator's questionnaire pages, clicked through in a real browser, pass axe-core."""

import pytest
from django.urls import reverse

from assessment.models import AnswerOption, Questionnaire
from tests.browser.helpers import follow, sign_in, submit, visit

pytestmark = pytest.mark.browser


def test_adam_drafts_changes_and_publishes(page, live_server, p, questionnaire, axe, tmp_path):
    sign_in(page, live_server, p.adam)
    axe(page)
    follow(page, "The assessment questionnaire: versions, drafts and spreadsheets")
    axe(page)
    submit(page, "Make a new draft from the live version")
    axe(page)
    draft = Questionnaire.objects.get(published_at__isnull=True)
    option = AnswerOption.objects.get(question__questionnaire=draft, question__key="toilet", key="own")
    visit(page, live_server, axe, reverse("questionnaires:option_edit", args=[draft.pk, option.pk]))
    page.get_by_label("Points").fill("lots")
    submit(page, "Save in the draft")
    assert "Enter the points as a whole number" in page.content()
    axe(page)
    page.get_by_label("Points").fill("0")
    page.get_by_label("Managing toilet needs").uncheck()
    submit(page, "Save in the draft")
    submit(page, "Publish version 2")  # toilet needs are still covered by the other answers
    assert "Version 2 is published" in page.content()
    axe(page)

    bad = tmp_path / "bad.csv"
    bad.write_text("section_key,question\nx,y\n")
    visit(page, live_server, axe, reverse("questionnaires:import"))
    page.get_by_label("Upload a spreadsheet").set_input_files(str(bad))
    submit(page, "Import as the draft")
    assert "Row 1: the columns" in page.content()
    axe(page)
