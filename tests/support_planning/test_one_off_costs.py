"""
One-off costs count the same way everywhere: a weekly total, one-off costs, and a first-year total
(52 weeks + one-off); a direct payment pays its one-off costs once, with the first payment.
"""

from decimal import Decimal

import pytest
from django.template.loader import render_to_string
from django.urls import reverse

from pbudget.lifecycle import Status
from signoff import services as signoff_services
from signoff.defaults import default_delegation_rules
from signoff.models import SummarySheet
from signoff.sheets import summary_context
from support_planning import services
from support_planning.calculation import LineCost, direct_payment_one_off_pence, direct_payment_weekly_pence
from support_planning.models import SupportLine
from support_planning.selectors import plan_money, plan_printable
from tests.factories import BudgetFactory
from tests.support_planning.factories import indicative, plan
from tests.support_planning.test_plan import url

# £100 a week of support (£25 x 4) and a £300 grab rail, once: £5,200 + £300 = £5,500 in the first year.
FIRST_PAYMENT = "£400.00 every 4 weeks, and £300.00 for one-off costs with the first payment (so the first payment is £700.00)"


def test_the_one_off_costs_paid_directly_are_chosen_like_the_weekly_ones():
    lines = [
        (LineCost(2500, Decimal("4")), ""),                                      # weekly, and in a mix not chosen
        (LineCost(30000, Decimal("1"), one_off=True), "direct_payment"),         # paid directly, once
        (LineCost(9900, Decimal("1"), one_off=True), "council_managed"),         # the council buys it
        (LineCost(5000, Decimal("1"), one_off=True, paid_by="other_funding"), "direct_payment"),  # not the budget's
    ]
    assert direct_payment_one_off_pence(lines, "mixed") == 30000
    assert direct_payment_weekly_pence(lines, "mixed") == 0
    assert direct_payment_one_off_pence(lines, "direct_payment") == 30000  # the council-managed line says so itself
    assert direct_payment_one_off_pence([(LineCost(30000, Decimal("1"), one_off=True), "")], "direct_payment") == 30000


@pytest.fixture
def with_one_off(p):
    default_delegation_rules(council=p.northshire)
    budget = BudgetFactory(person=p.alice_person, status=Status.PLANNING)
    indicative(budget=budget, weekly_pence=20000, actor=p.wendy)
    made = plan(budget=budget, actor=p.alice)  # £25 x 4 a week, a direct payment every 4 weeks
    SupportLine.objects.create(
        plan=made, outcome=made.outcomes.get(), description="Grab rail", unit_cost_pence=30000, units_per_week=Decimal(1), one_off=True,
    )
    return budget, made


def test_the_plan_page_the_printable_plan_and_plan_money_agree(client, p, with_one_off):
    budget, made = with_one_off
    client.force_login(p.alice)
    page = client.get(url("plan", budget)).content.decode()
    assert "£100.00" in page and "£300.00" in page and "£5,500.00" in page
    assert FIRST_PAYMENT in page

    money = plan_money(plan=made)
    assert (money.weekly_pence, money.one_off_pence, money.first_year_pence) == (10000, 30000, 550000)
    assert money.direct_payment["amount_pence"] == 40000 and money.direct_payment["first_year_pence"] == 550000
    pdf = render_to_string("support_planning/plan_pdf.html", plan_printable(plan=made))
    assert FIRST_PAYMENT in pdf and "£5,500.00 in the first year" in pdf


def test_sign_off_and_the_summary_sheet_count_the_one_off_costs(client, p, with_one_off):
    budget, made = with_one_off
    services.plan_submit(plan=made, actor=p.alice, lock_version=made.lock_version)
    made.refresh_from_db()
    sheet = SummarySheet.objects.get(plan=made)
    html = render_to_string("signoff/summary_sheet_pdf.html", summary_context(sheet))
    assert "One-off costs" in html and "£300.00" in html
    assert "First year (52 weeks and one-off costs)" in html and "£5,500.00" in html  # not £5,200.00
    assert "£100.00 a week<br>and £300.00 one-off" in html
    assert FIRST_PAYMENT in html
    # £5,500 against 52 x £200 = £10,400: £4,900 a year less.
    assert "£4,900.00 a year less" in html

    client.force_login(p.wendy)
    decide = client.get(reverse("signoff:decide", args=[budget.pk])).content.decode()
    assert "£300.00</span> in one-off costs" in decide and "£5,500.00</span> in the first year" in decide
    assert FIRST_PAYMENT in decide
    decision = signoff_services.signoff_approve(budget=budget, actor=p.wendy, plan_lock_version=made.lock_version)
    assert (decision.agreed_weekly_pence, decision.agreed_yearly_pence) == (10000, 550000)
    sheet.refresh_from_db()
    html = render_to_string("signoff/summary_sheet_pdf.html", summary_context(sheet))
    assert "Agreed budget a week" in html and "£5,500.00" in html and FIRST_PAYMENT in html

    # The signed-off plan page shows the direct payment from the agreed budget, one-off costs included.
    client.force_login(p.alice)
    assert FIRST_PAYMENT in client.get(url("plan", budget)).content.decode()
