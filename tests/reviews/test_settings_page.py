"""The council administrators' review settings page: GOV.UK form, validation, audited, theirs alone."""

import datetime

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse

from pbudget.models import AuditEntry
from reviews.models import ReviewKind, ReviewSettings, Trigger
from reviews.services import review_request
from tests.reviews.factories import at

URL = "/reviews/settings/"
VALID = {
    "first_review_weeks": "6", "annual_review_months": "9", "reminder_lead_days": "21",
    "most_urgent_review_days": "1", "urgent_review_days": "3", "soon_review_days": "10",
}


def test_the_url_is_where_the_admin_home_page_links():
    assert reverse("reviews:settings") == URL


def test_anonymous_is_sent_to_sign_in(client, p):
    response = client.get(URL)
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


@pytest.mark.parametrize("who", ["alice", "rita", "wendy", "mandy"])
def test_no_one_but_a_council_administrator_has_the_page(client, p, who):
    client.force_login(getattr(p, who))
    assert client.get(URL).status_code == 404
    assert client.post(URL, VALID).status_code == 404
    assert not ReviewSettings.objects.exists()


def test_the_administrator_sees_the_defaults_and_is_linked_from_home(client, p):
    client.force_login(p.adam)
    assert URL in client.get("/").content.decode()
    page = client.get(URL).content.decode()
    assert "<h1 class=\"govuk-heading-l\">Review settings</h1>" in page
    for name, default in [("first_review_weeks", 8), ("annual_review_months", 12), ("reminder_lead_days", 14),
                          ("most_urgent_review_days", 2), ("urgent_review_days", 7), ("soon_review_days", 14)]:
        assert f'name="{name}" value="{default}"' in page
    assert 'inputmode="numeric"' in page


def test_the_numbers_are_gov_uk_text_inputs(client, p):
    """GOV.UK's number pattern: a styled text input with a numeric keyboard, never type=number."""
    client.force_login(p.adam)
    page = client.get(URL).content.decode()
    assert 'type="number"' not in page
    for name in VALID:
        tag = page[page.index(f'name="{name}"') - 200:page.index(f'name="{name}"') + 200]
        assert 'type="text"' in tag and 'class="govuk-input govuk-input--width-3' in tag, tag


def test_saving_changes_the_councils_settings_and_is_audited(client, p):
    client.force_login(p.adam)
    response = client.post(URL, VALID)
    assert response.status_code == 302 and response["Location"] == URL
    saved = ReviewSettings.objects.get(council=p.northshire)
    assert {name: getattr(saved, name) for name in VALID} == {name: int(v) for name, v in VALID.items()}
    entry = AuditEntry.objects.get(user=p.adam)
    assert entry.council_id == p.northshire.pk and entry.person_id is None
    assert entry.what.startswith("Review settings changed: first review weeks 8 to 6; annual review months 12 to 9")
    assert "The review settings are saved" in client.get(URL).content.decode()


def test_saving_the_same_values_again_writes_no_audit_row(client, p):
    client.force_login(p.adam)
    client.post(URL, VALID)
    client.post(URL, VALID)
    assert AuditEntry.objects.filter(user=p.adam).count() == 1


def test_another_councils_administrator_changes_only_their_own(client, p):
    from pbudget.models import Role
    from tests.factories import UserFactory

    client.force_login(UserFactory(council=p.southvale, role=Role.COUNCIL_ADMIN))
    client.post(URL, VALID)
    assert ReviewSettings.objects.get().council == p.southvale
    assert ReviewSettings.for_council(p.northshire.pk).first_review_weeks == 8


@pytest.mark.parametrize(("field", "value", "message"), [
    ("first_review_weeks", "9", "Enter a number of weeks from 1 to 8"),
    ("annual_review_months", "13", "Enter a number of months from 1 to 12"),
    ("reminder_lead_days", "", "Enter a number of days from 1 to 90"),
    ("reminder_lead_days", "two", "Enter a whole number of days"),
    ("soon_review_days", "29", "Enter a number of days from 1 to 28"),
    ("most_urgent_review_days", "5", "A safeguarding review must be due no later than a hospital or carer review"),
    ("soon_review_days", "2", "A hospital or carer review must be due no later than one for any other change"),
])
def test_bad_values_are_explained_and_change_nothing(client, p, field, value, message):
    client.force_login(p.adam)
    response = client.post(URL, {**VALID, field: value})
    assert response.status_code == 200
    page = response.content.decode()
    assert "govuk-error-summary" in page and message in page
    assert not ReviewSettings.objects.exists() and not AuditEntry.objects.exists()


def test_a_field_not_on_the_form_is_ignored(client, p):
    client.force_login(p.adam)
    client.post(URL, {**VALID, "council": p.southvale.pk, "id": 99})
    assert ReviewSettings.objects.get().council == p.northshire


def test_the_database_keeps_the_more_urgent_never_later(p):
    with pytest.raises(IntegrityError), transaction.atomic():
        ReviewSettings.objects.create(council=p.northshire, most_urgent_review_days=7, urgent_review_days=2)


def test_the_councils_unplanned_days_decide_when_a_requested_review_is_due(client, p, review):
    client.force_login(p.adam)
    client.post(URL, VALID)  # safeguarding within 1 day, hospital within 3, anything else within 10
    with at(2027, 1, 4, 10, 0):
        asked = review_request(budget=review.budget, actor=p.rita, trigger=Trigger.HOSPITAL_ADMISSION, details="Fell.")
    assert (asked.kind, asked.due_date) == (ReviewKind.UNPLANNED, datetime.date(2027, 1, 7))


def test_a_new_first_review_follows_the_saved_weeks(client, p, budget):
    from reviews.services import review_schedule_first

    client.force_login(p.adam)
    client.post(URL, VALID)
    review = review_schedule_first(budget=budget, plan_start=datetime.date(2027, 1, 4))
    assert review.due_date == datetime.date(2027, 2, 15)  # 6 weeks
