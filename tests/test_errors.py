"""Bad input and wrong turns get a clear page and change nothing: never a 500, never a loop."""

import pytest
from django.urls import reverse

from pbudget.lifecycle import Status
from pbudget.money import parse_pounds
from support_planning.models import PlanStatus
from tests.factories import BudgetFactory
from tests.support_planning.factories import indicative, plan


def test_a_page_that_cannot_be_shown_now_explains_itself_instead_of_redirecting(client, p):
    budget = BudgetFactory(person=p.alice_person, status=Status.PLANNING)
    client.force_login(p.alice)  # the close page is for staff
    url = reverse("budget_close", args=[budget.pk])
    response = client.get(url, HTTP_REFERER="http://testserver" + url)
    assert response.status_code == 409
    assert "This can't be done now" in response.content.decode()
    assert "You are not allowed to do this" in response.content.decode()


def test_a_stale_plan_edit_page_sends_you_to_the_plan_with_one_message(client, p):
    budget = BudgetFactory(person=p.alice_person, status=Status.SIGN_OFF)
    indicative(budget=budget, weekly_pence=20000, actor=p.wendy)
    plan(budget=budget, actor=p.alice, status=PlanStatus.SUBMITTED)
    client.force_login(p.alice)
    url = reverse("support_planning:about", args=[budget.pk])
    response = client.get(url, HTTP_REFERER="http://testserver" + url, follow=True)
    assert response.redirect_chain == [(reverse("support_planning:plan", args=[budget.pk]), 302)]
    assert response.content.decode().count("not being written") == 1


def test_a_refused_form_goes_back_once_with_one_message(client, p):
    budget = BudgetFactory(person=p.alice_person, status=Status.SIGN_OFF)
    indicative(budget=budget, weekly_pence=20000, actor=p.wendy)
    made = plan(budget=budget, actor=p.alice, status=PlanStatus.SUBMITTED)
    client.force_login(p.alice)
    url = reverse("support_planning:about", args=[budget.pk])
    response = client.post(
        url, {"lock_version": made.lock_version, "what_matters": "x", "led_by": "person"},
        HTTP_REFERER="http://testserver" + url, follow=True,
    )
    assert response.redirect_chain == [(reverse("support_planning:plan", args=[budget.pk]), 302)]
    assert response.content.decode().count("not being written") == 1


def test_a_button_address_opened_directly_gets_a_friendly_page(client, p):
    client.force_login(p.wendy)
    response = client.get(reverse("budget_open", args=[p.alice_person.pk]))
    assert response.status_code == 405
    assert "can't be opened directly" in response.content.decode()
    assert response["Allow"] == "POST"


def test_signing_out_says_so(client, p):
    client.force_login(p.alice)
    response = client.post(reverse("logout"), follow=True)
    assert "You have signed out." in response.content.decode()
    assert "_auth_user_id" not in client.session


@pytest.mark.parametrize(("typed", "pence"), [("12.50", 1250), ("£1,234.5", 123450), ("0", 0), (".5", 50), ("7", 700)])
def test_amounts_people_type(typed, pence):
    assert parse_pounds(typed) == pence


@pytest.mark.parametrize(("typed", "message"), [
    ("1e3", "like 12.50"), ("NaN", "like 12.50"), ("Infinity", "like 12.50"), ("twelve", "like 12.50"),
    ("", "like 12.50"), ("-5", "£0 or more"), ("1.234", "nearest penny"), ("1000000.01", "£1,000,000 or less"),
])
def test_amounts_refused_with_a_message(typed, message):
    with pytest.raises(ValueError, match=message):
        parse_pounds(typed)


def test_very_long_text_is_refused_and_nothing_changes(client, p):
    budget = BudgetFactory(person=p.alice_person, status=Status.PLANNING)
    client.force_login(p.wendy)
    response = client.post(reverse("budget_close", args=[budget.pk]), {"reason": "x" * 200_000})
    assert response.status_code == 200
    assert "at most 3000 characters" in response.content.decode()
    budget.refresh_from_db()
    assert budget.status == Status.PLANNING


def test_pages_carry_a_content_security_policy_with_a_nonce_for_the_one_inline_script(client, p):
    import re

    client.force_login(p.alice)
    response = client.get("/")
    policy = response["Content-Security-Policy"]
    assert "default-src 'self'" in policy and "frame-ancestors 'none'" in policy
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy
    nonce = re.search(r"'nonce-([^']+)'", policy).group(1)
    scripts = re.findall(r"<script([^>]*)>", response.content.decode())
    inline = [attrs for attrs in scripts if "src=" not in attrs]
    assert inline and all(f'nonce="{nonce}"' in attrs for attrs in inline)


def test_a_form_with_a_stale_csrf_token_gets_a_friendly_page(p):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(p.wendy)
    budget = BudgetFactory(person=p.alice_person, status=Status.PLANNING)
    response = client.post(reverse("budget_close", args=[budget.pk]), {"reason": "x", "csrfmiddlewaretoken": "stale"})
    assert response.status_code == 403
    assert "Your form could not be sent" in response.content.decode()
    budget.refresh_from_db()
    assert budget.status == Status.PLANNING
