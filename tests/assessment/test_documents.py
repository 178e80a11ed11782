"""
The assessment PDFs (the not-eligible written decision, the paper questionnaire) when rendering
fails: the task retries, every attempt is counted with the last error, and staff see it and can
ask again; the person is told plainly, without the error.
"""

import pytest
from django.urls import reverse

from assessment.models import Document
from assessment.services import eligibility_decide
from pbudget.models import AuditEntry
from tests.assessment.factories import submitted


@pytest.fixture(autouse=True)
def _retries_run_inline():
    """
    Tasks run inline here; with errors propagated, Celery raises a retry into the caller instead
    of running it. Turned off, an inline task retries at once, as the worker would after 30 s.
    """
    from pbudget.celery import app

    previous, app.conf.task_eager_propagates = app.conf.task_eager_propagates, False
    yield
    app.conf.task_eager_propagates = previous


class Broken:
    """Stands in for weasyprint.HTML: fails `failures` times, then renders for real."""

    def __init__(self, monkeypatch, failures):
        import weasyprint

        self.left, real = failures, weasyprint.HTML

        def html(*args, **kwargs):
            if self.left:
                self.left -= 1
                raise OSError("the font cache is unreadable")
            return real(*args, **kwargs)

        monkeypatch.setattr(weasyprint, "HTML", html)


def _not_eligible(p, budget, capture):
    assessment = submitted(budget=budget, actor=p.alice, pick=0)
    with capture(execute=True):  # the task, inline (eager) here: retries run at once
        return eligibility_decide(
            assessment=assessment, actor=p.wendy, impairment=False, unable_two_or_more=False,
            significant_impact=False, reasons="Manages every part of daily life.",
        )


def test_a_decision_pdf_that_fails_once_is_retried_and_ready(p, budget, monkeypatch, django_capture_on_commit_callbacks):
    Broken(monkeypatch, failures=1)
    _not_eligible(p, budget, django_capture_on_commit_callbacks)
    document = Document.objects.get()
    assert (document.state, document.attempts, document.last_error) == (Document.State.READY, 2, "")
    assert bytes(document.pdf).startswith(b"%PDF")


def test_a_decision_pdf_that_keeps_failing_is_shown_to_staff_who_ask_again(client, p, budget, monkeypatch, django_capture_on_commit_callbacks):
    broken = Broken(monkeypatch, failures=99)
    _not_eligible(p, budget, django_capture_on_commit_callbacks)
    document = Document.objects.get()
    assert document.state == Document.State.FAILED
    assert document.attempts == 3  # the first try and two retries
    assert document.last_error == "OSError: the font cache is unreadable"
    decision_url = reverse("assessment:decision", args=[budget.pk])

    client.force_login(p.alice)
    page = client.get(decision_url).content.decode()
    assert "could not be prepared yet" in page and "font cache" not in page and "Prepare the written decision again" not in page
    assert client.post(reverse("assessment:decision_pdf_again", args=[budget.pk])).status_code == 404

    client.force_login(p.wendy)
    page = client.get(decision_url).content.decode()
    assert "The PDF of the written decision could not be prepared" in page
    assert "Tried 3 times. The last error was: OSError: the font cache is unreadable" in page
    broken.left = 0
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("assessment:decision_pdf_again", args=[budget.pk]))
    assert response.url == decision_url
    document.refresh_from_db()
    assert (document.state, document.attempts) == (Document.State.READY, 1)
    assert AuditEntry.objects.filter(what="Asked for the written eligibility decision to be prepared again", user=p.wendy).exists()
    assert "Download the written decision (PDF)" in client.get(decision_url).content.decode()
    # Ready: nothing to prepare again, said plainly and nothing changed.
    response = client.post(reverse("assessment:decision_pdf_again", args=[budget.pk]), HTTP_REFERER=decision_url)
    document.refresh_from_db()
    assert response.status_code == 302 and document.state == Document.State.READY and document.attempts == 1


@pytest.mark.parametrize("who", ["walter", "xavier", "bob", "rita", "adam"])
def test_only_the_persons_staff_ask_for_the_decision_again(client, p, budget, monkeypatch, django_capture_on_commit_callbacks, who):
    Broken(monkeypatch, failures=99)
    _not_eligible(p, budget, django_capture_on_commit_callbacks)
    client.force_login(getattr(p, who))
    assert client.post(reverse("assessment:decision_pdf_again", args=[budget.pk])).status_code == 404
    assert client.get(reverse("assessment:decision_pdf_again", args=[budget.pk])).status_code == 405
    assert Document.objects.get().attempts == 3


def test_a_paper_form_that_fails_shows_staff_the_error_and_asking_again_renders_it(client, p, budget, questionnaire, monkeypatch, django_capture_on_commit_callbacks):
    broken = Broken(monkeypatch, failures=99)
    client.force_login(p.wendy)
    pdf_url = reverse("assessment:questionnaire_pdf", args=[budget.pk])
    with django_capture_on_commit_callbacks(execute=True):
        client.get(pdf_url)
    document = Document.objects.get()
    assert (document.state, document.attempts) == (Document.State.FAILED, 3)
    broken.left = 0
    with django_capture_on_commit_callbacks(execute=True):
        response = client.get(pdf_url, follow=True)
    page = response.content.decode()
    assert "The paper form could not be prepared (tried 3 times; the last error was: OSError: the font cache is unreadable)" in page
    document.refresh_from_db()
    assert (document.state, document.attempts) == (Document.State.READY, 4)
    assert client.get(pdf_url).content.startswith(b"%PDF")
