"""A manager filters the caseload, opens a person's timeline and downloads the figures, with axe-core on every page."""

import csv
import datetime
import io

import pytest

from pbudget.lifecycle import Status
from pbudget.models import BudgetEvent, PersonalBudget, Role
from tests.browser.helpers import follow, sign_in, submit, visit
from tests.factories import PersonFactory, UserFactory

pytestmark = pytest.mark.browser


def _with_history(person, status, days_ago):
    budget = PersonalBudget.objects.create(council_id=person.council_id, person=person, status=status)
    from django.utils import timezone

    opened = timezone.now() - datetime.timedelta(days=days_ago)
    PersonalBudget.objects.filter(pk=budget.pk).update(opened_at=opened, status_changed_at=opened + datetime.timedelta(days=5))
    BudgetEvent.objects.create(budget=budget, move="open", from_status="", to_status=Status.ASSESSMENT, at=opened)
    BudgetEvent.objects.create(budget=budget, move="submit_assessment", from_status=Status.ASSESSMENT, to_status=status,
                               at=opened + datetime.timedelta(days=5))
    return budget


def test_manager_filters_the_caseload_opens_a_timeline_and_downloads_the_figures(page, live_server, p, axe):
    UserFactory(council=p.northshire, role=Role.SOCIAL_WORKER, team=p.north, full_name="Will Walker")
    _with_history(p.alice_person, Status.ELIGIBILITY, 40)
    _with_history(p.bob_person, Status.ELIGIBILITY, 20)
    _with_history(PersonFactory(team=p.north, first_name="Cara", last_name="Cole", client_group="mental_health"), Status.ELIGIBILITY, 10)
    sign_in(page, live_server, p.mandy)
    axe(page)
    follow(page, "Caseload by stage: filter, sort and open each person")
    axe(page)
    page.get_by_label("Client group").select_option("mental_health")
    submit(page, "Apply filters")
    people = page.locator("#people")
    assert "Cara Cole" in people.inner_text() and "Alice Adams" not in people.inner_text()
    axe(page)
    page.get_by_label("Client group").select_option("")
    page.get_by_label("Allocated worker").select_option(label="Wendy Worker")
    submit(page, "Apply filters")
    with page.expect_navigation():  # sort by name
        page.locator("#people").get_by_role("link", name="Person", exact=True).click()
    assert page.locator("#people th[aria-sort=ascending]").inner_text() == "Person"
    rows = page.locator("#people tbody tr").all_inner_texts()
    assert rows[0].startswith("Alice Adams") and rows[1].startswith("Bob Brown") and len(rows) == 2
    axe(page)
    with page.expect_navigation():
        page.get_by_role("link", name="Alice Adams", exact=True).click()
    assert "Budget opened, at assessment" in page.locator("#timeline ~ table").first.inner_text()
    axe(page)
    visit(page, live_server, axe, "/caseload/workload/")
    assert "Will Walker" in page.content()
    visit(page, live_server, axe, "/caseload/figures/")
    assert "Days at assessment" in page.content()
    with page.expect_download() as download:
        page.get_by_role("link", name="Download these numbers (CSV)").click()
    rows = list(csv.reader(io.StringIO(open(download.value.path(), encoding="utf-8").read())))
    assessment = [r[3:] for r in rows if r[1] == "Assessment" and r[2] == "whole period"]
    assert assessment == [["budgets", "3"], ["median days", "5.0"], ["90th percentile days", "5.0"]]


def test_administrator_pages_pass_axe_and_name_nobody(page, live_server, p, axe):
    _with_history(p.alice_person, Status.ELIGIBILITY, 40)
    sign_in(page, live_server, p.adam)
    follow(page, "Caseload by stage")
    axe(page)
    assert "Alice" not in page.content() and "fewer than 5" in page.content()
    visit(page, live_server, axe, "/caseload/figures/")
    assert "Alice" not in page.content()
