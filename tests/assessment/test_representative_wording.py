"""
When Rita acts for her mother, every page of the journey, the home page and the indicative
budget page speak of Alice by name: "you" and "your" are for the reader, never for Alice.
"""

import re

from django.urls import reverse

from assessment.defaults import SECTIONS
from assessment.services import eligibility_decide
from ras.defaults import default_allocation_table
from ras.services import allocation_share
from tests.assessment.factories import answered, submitted

# Phrases that would speak to Rita as if she were the person being assessed.
ABOUT_THE_PERSON_AS_YOU = [
    "Your answers", "your answers", "Your assessment", "your assessment", "your home", "looking after yourself",
    "you are eligible", "You are eligible", "Your indicative budget", "your indicative budget", "your support",
    "Your personal budget", "your social worker", "Your social worker", "you are not eligible", "your needs",
    "Check your answers", "Your answer<", "help you already get",
]


def said_to_rita_as_alice(page):
    """The phrases found, leaving out the council's own words (section titles like "Your home" are data)."""
    page = re.sub("|".join(re.escape(title) for _, title in SECTIONS), "", page, flags=re.IGNORECASE)
    text = re.sub(r"<[^>]+>", "<", page)
    return [phrase for phrase in ABOUT_THE_PERSON_AS_YOU if phrase in text or phrase in page]


def url(name, budget, **kwargs):
    return reverse(f"assessment:{name}", kwargs={"budget_id": budget.pk, **kwargs})


def test_every_journey_page_names_alice_for_rita(client, p, budget):
    client.force_login(p.rita)
    pages = {"home": reverse("home"), "start": url("start", budget)}
    client.post(url("start", budget))
    pages["question"] = url("question", budget, key="food-and-drink")
    pages["note"] = url("note", budget, section_key="your-home")
    assessment = answered(budget=budget, actor=p.rita)
    pages["check"] = url("check", budget)
    for name, address in pages.items():
        page = client.get(address).content.decode()
        assert "Alice" in page, name
        assert said_to_rita_as_alice(page) == [], name
    check = client.get(url("check", budget)).content.decode()
    assert "Check Alice&#x27;s answers" in check or "Check Alice's answers" in check
    assert "Send Alice's answers" in check
    client.post(url("check", budget), {"confirm": "on"})
    for name in ("submitted", "answers", "start"):
        page = client.get(url(name, budget)).content.decode()
        assert "Alice" in page and said_to_rita_as_alice(page) == [], name
    home = client.get(reverse("home")).content.decode()
    assert "we have Alice's answers" in home and "whether Alice is eligible" in home
    assert said_to_rita_as_alice(home) == []
    assessment.refresh_from_db()
    assert assessment.submitted_by == p.rita


def test_alice_herself_is_still_spoken_to_as_you(client, p, budget):
    client.force_login(p.alice)
    assert "Start your assessment" in client.get(reverse("home")).content.decode()
    assert "looking after yourself" in client.get(url("start", budget)).content.decode()
    client.post(url("start", budget))
    assert "help you already get" in client.get(url("note", budget, section_key="your-home")).content.decode()
    answered(budget=budget, actor=p.alice)
    page = client.get(url("check", budget)).content.decode()
    assert "Check your answers before sending them" in page and "Send your answers" in page


def test_the_indicative_budget_and_home_page_name_alice_for_rita(client, p, budget):
    default_allocation_table(council=p.northshire)
    assessment = submitted(budget=budget, actor=p.alice, pick=2)
    client.force_login(p.rita)
    indicative = reverse("ras:indicative", kwargs={"budget_id": budget.pk})
    page = client.get(indicative).content.decode()
    assert "Alice's indicative budget is not ready yet" in page and said_to_rita_as_alice(page) == []
    eligibility_decide(
        assessment=assessment, actor=p.wendy, impairment=True, unable_two_or_more=True, significant_impact=True,
        reasons="Needs help every day.",
    )
    home = client.get(reverse("home")).content.decode()
    assert "Alice is eligible for support" in home and said_to_rita_as_alice(home) == []
    budget.refresh_from_db()
    allocation_share(budget=budget, actor=p.wendy)
    page = client.get(indicative).content.decode()
    assert "Alice's indicative budget" in page and "planning Alice's support" in page
    assert said_to_rita_as_alice(page) == []
    home = client.get(reverse("home")).content.decode()
    assert "Alice's indicative budget is" in home and "Work on Alice's support plan" in home
    assert said_to_rita_as_alice(home) == []
    client.force_login(p.alice)
    page = client.get(indicative).content.decode()
    assert "Your indicative budget" in page and "Your answer<" in page


def test_a_not_eligible_decision_on_the_home_page_names_alice_for_rita(client, p, budget):
    assessment = submitted(budget=budget, actor=p.alice, pick=0)
    eligibility_decide(
        assessment=assessment, actor=p.wendy, impairment=False, unable_two_or_more=False, significant_impact=False,
        reasons="Manages every part of daily life.",
    )
    client.force_login(p.rita)
    home = client.get(reverse("home")).content.decode()
    assert "decided that Alice is not eligible" in home and said_to_rita_as_alice(home) == []
