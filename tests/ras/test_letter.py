"""The indicative budget letter: asked for on the page, rendered by the worker, downloaded as a PDF."""

import subprocess

import pytest
from django.urls import reverse

from pbudget.lifecycle import MoveNotAllowed
from ras.letters import allocation_letter_request
from ras.models import AllocationLetter
from ras.services import allocation_share


def url(budget):
    return reverse("ras:letter", kwargs={"budget_id": budget.pk})


def pdf_text(data):
    return " ".join(subprocess.run(["pdftotext", "-", "-"], input=data, capture_output=True, check=True).stdout.decode().split())


def test_the_person_asks_for_the_letter_and_downloads_it(client, p, budget, django_capture_on_commit_callbacks):
    allocation_share(budget=budget, actor=p.wendy)
    client.force_login(p.alice)
    page = client.get(url(budget)).content.decode()
    assert "Prepare the letter" in page
    with django_capture_on_commit_callbacks(execute=False):
        client.post(url(budget))  # the render is queued after commit: until it runs, the page says so
    assert "The letter is being prepared" in client.get(url(budget)).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url(budget))
    assert response.url == url(budget)
    letter = AllocationLetter.objects.get()
    assert letter.state == AllocationLetter.State.READY  # tasks run inline in tests
    response = client.get(url(budget))
    assert response["Content-Type"] == "application/pdf" and response.content.startswith(b"%PDF")
    text = pdf_text(response.content)
    assert "£399.50 a week" in text and "starting point" in text and "challenge" in text


def test_asking_again_for_a_ready_letter_makes_no_new_one(p, budget):
    allocation_share(budget=budget, actor=p.wendy)
    first = allocation_letter_request(budget=budget, actor=p.wendy)
    again = allocation_letter_request(budget=budget, actor=p.rita)
    assert first.pk == again.pk and AllocationLetter.objects.count() == 1


def test_no_letter_before_the_indicative_budget_is_shared(client, p, budget):
    with pytest.raises(MoveNotAllowed):
        allocation_letter_request(budget=budget, actor=p.wendy)
    client.force_login(p.alice)
    assert client.get(url(budget)).status_code == 404


@pytest.mark.parametrize("outsider", ["bob", "walter", "xavier", "adam"])
def test_outsiders_get_404(client, p, budget, outsider):
    allocation_share(budget=budget, actor=p.wendy)
    client.force_login(getattr(p, outsider))
    assert client.get(url(budget)).status_code == 404
    assert client.post(url(budget)).status_code == 404
    assert not AllocationLetter.objects.exists()
