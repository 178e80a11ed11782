"""The one-page summary sheet: its figures, one A4 page, one per plan version, retries, who may download it."""

import subprocess

import pytest
from celery.exceptions import Ignore
from django.urls import reverse

from pbudget.models import AuditEntry
from signoff import services, sheets
from signoff.models import SummarySheet
from signoff.tasks import render_summary_sheet
from support_planning.models import MoneyManagement, PlanOutcome, SupportLine, SupportPlan


def pdf_text(pdf: bytes) -> str:
    return " ".join(subprocess.run(["pdftotext", "-", "-"], input=pdf, capture_output=True, check=True).stdout.decode().split())


def pages(pdf: bytes, tmp_path) -> list[str]:
    """Render each page to PNG (pdftoppm) and give back their sizes in points, as pdfinfo reads them."""
    path = tmp_path / "sheet.pdf"
    path.write_bytes(pdf)
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, check=True, text=True).stdout
    subprocess.run(["pdftoppm", "-r", "40", "-png", str(path), str(tmp_path / "page")], check=True)
    assert sorted(p.name for p in tmp_path.glob("page*.png")) == ["page-1.png"]
    return [line for line in info.splitlines() if line.startswith(("Pages:", "Page size:"))]


def typical(submitted):
    """A typical plan: four outcomes, eight lines, a direct payment every 4 weeks, a long contingency."""
    SupportPlan.objects.filter(pk=submitted.pk).update(
        what_matters="Staying in my own home, seeing my friends at the community centre, and keeping my garden going. " * 3,
        contingency="If my personal assistant is ill, my daughter Rita will come in the morning; if she can't, I call the agency on 01234 567890. " * 2,
        money_management=MoneyManagement.DIRECT_PAYMENT, payment_frequency="four_weekly",
    )
    for n in range(3):
        outcome = PlanOutcome.objects.create(plan=submitted, order=n + 2, description=f"Outcome number {n + 2}: I keep doing the things that matter to me every week")
        for m in range(2):
            SupportLine.objects.create(plan=submitted, outcome=outcome, description=f"Support {n}-{m}", provider="A community group", unit_cost_pence=1000, units_per_week=1)


def test_the_sheet_after_approval_says_who_what_how_much_and_under_which_rule(p, at_signoff, tmp_path, django_capture_on_commit_callbacks):
    budget, submitted = at_signoff
    typical(submitted)  # £100 + 6 x £10 = £160 a week
    with django_capture_on_commit_callbacks(execute=True):
        services.signoff_approve(budget=budget, actor=p.wendy, plan_lock_version=submitted.lock_version)
    sheet = SummarySheet.objects.get(budget=budget)
    pdf = bytes(sheet.pdf)
    text = pdf_text(pdf)
    for expected in (
        "Alice Adams", "North adults team", "Agreed budget a week", "£160.00", "First year (52 weeks)", "£8,320.00",
        "Indicative budget a year", "£10,400.00", "Difference from the indicative budget: £2,080.00 a year less",
        "1. Get out to the allotment", "Personal assistant 1 (Helping Hands)", "£100.00 a week",
        "Outcome number 4", "Plan total £160.00 a week", "Direct payment of £640.00 every 4 weeks",
        "my daughter Rita will come in the morning", "Signed off by Wendy Worker, social worker",
        "Under Rule 1: social worker sign-off (version 1)", "Page 1 of 1",
    ):
        assert expected in text, expected
    review = budget.reviews.get()
    assert "Review due by" in text and review.due_date.strftime("%-d %B %Y") in text
    assert pages(pdf, tmp_path) == ["Pages:           1", "Page size:       595.276 x 841.89 pts (A4)"]


def test_the_sheet_at_submission_is_for_the_approver_and_approval_replaces_it(p, at_signoff, django_capture_on_commit_callbacks):
    budget, submitted = at_signoff
    sheet = SummarySheet.objects.get(budget=budget)
    sheets.summary_sheet_render(sheet_id=sheet.pk)
    before = pdf_text(bytes(SummarySheet.objects.get(pk=sheet.pk).pdf))
    assert "Waiting for sign-off" in before and "Plan cost a week" in before and "£100.00" in before
    assert "To be signed off by: social worker Under Rule 1: social worker sign-off (version 1)" in before

    sheets.summary_sheet_request(budget=budget, plan=submitted)  # asked again for the same version
    with django_capture_on_commit_callbacks(execute=True):
        services.signoff_approve(budget=budget, actor=p.wendy, plan_lock_version=submitted.lock_version)
    assert SummarySheet.objects.count() == 1
    after = SummarySheet.objects.get()
    assert after.pk == sheet.pk and after.decision is not None and after.attempts == 1
    assert "Signed off by Wendy Worker" in pdf_text(bytes(after.pdf)) and "Waiting for sign-off" not in pdf_text(bytes(after.pdf))


def test_a_failed_render_is_retried_and_every_attempt_is_counted_and_shown(client, p, at_signoff, monkeypatch):
    budget, _ = at_signoff
    sheet = SummarySheet.objects.get(budget=budget)
    calls = []

    def flaky(sheet):
        calls.append(1)
        if len(calls) < 3:
            raise OSError("font cache locked")
        return real(sheet)

    real = sheets.summary_context
    monkeypatch.setattr(sheets, "summary_context", flaky)
    countdowns = []

    def retry_now(exc, countdown):
        """What the worker would do `countdown` seconds later, done at once."""
        countdowns.append(countdown)
        render_summary_sheet.apply(args=(sheet.pk,), retries=len(countdowns))
        return Ignore()

    monkeypatch.setattr(render_summary_sheet, "retry", retry_now)
    render_summary_sheet.apply(args=(sheet.pk,))
    sheet.refresh_from_db()
    assert (sheet.state, sheet.attempts, sheet.last_error, countdowns) == (SummarySheet.State.READY, 3, "", [30, 60])


def test_when_every_retry_fails_staff_see_the_attempts_and_the_error(client, p, at_signoff, monkeypatch):
    budget, _ = at_signoff
    sheet = SummarySheet.objects.get(budget=budget)
    monkeypatch.setattr(sheets, "summary_context", lambda sheet: 1 / 0)
    for _ in range(2):
        with pytest.raises(ZeroDivisionError):
            sheets.summary_sheet_render(sheet_id=sheet.pk)
    client.force_login(p.wendy)
    page = client.get(reverse("signoff:summary_sheet", args=[budget.pk])).content.decode()
    assert "could not be prepared" in page and "Tried 2 times" in page and "ZeroDivisionError: division by zero" in page
    client.force_login(p.alice)
    page = client.get(reverse("signoff:summary_sheet", args=[budget.pk])).content.decode()
    assert "could not be prepared" in page and "ZeroDivisionError" not in page


def test_downloading_the_sheet_is_logged(client, p, at_signoff):
    budget, _ = at_signoff
    sheets.summary_sheet_render(sheet_id=SummarySheet.objects.get().pk)
    client.force_login(p.rita)
    assert client.get(reverse("signoff:summary_sheet", args=[budget.pk]))["Content-Type"] == "application/pdf"
    entry = AuditEntry.objects.filter(person=p.alice_person, user=p.rita).get()
    assert entry.what.startswith("Downloaded the summary sheet (plan version")
