"""Subject access: a draft of everything held about a person, prepared in the background, for staff."""

import json

from django.urls import reverse

from pbudget.models import AuditEntry, SubjectAccessExport
from pbudget.person_data import person_models
from tests.test_no_leaks import alice_everywhere  # noqa: F401  (a fixture)

# Every model that holds data about a person. A new model with a path to Person fails this test
# until it is added here: then subject access exports it and retention anonymises it.
PERSON_DATA = {
    "assessment.Answer", "assessment.Assessment", "assessment.EligibilityDecision", "assessment.Reopening",
    "assessment.SectionNote", "assessment.Document", "ras.AllocationLetter", "reviews.ReviewOutcome",
    "pbudget.AuditEntry", "pbudget.BudgetEvent", "pbudget.Person", "pbudget.PersonalBudget", "pbudget.Representative",
    "ras.Allocation", "ras.AllocationAnswer", "ras.CaseloadPoints", "reviews.Review", "reviews.ReviewReminder", "signoff.PanelApproval",
    "signoff.SignoffDecision", "signoff.SignoffRequest", "signoff.SummarySheet", "support_planning.PlanComment",
    "support_planning.PlanOutcome", "support_planning.PlanOutcomeLink", "support_planning.SupportLine", "support_planning.SupportPlan",
    "support_planning.PlanHelpRequest", "support_planning.PlanChange", "support_planning.PlannerInvitation",
    "support_planning.PlanDocument",
}


def test_preparing_twice_changes_nothing(p, alice_everywhere):  # noqa: F811
    from pbudget.subject_access import subject_access_prepare

    export = SubjectAccessExport.objects.create(person=p.alice_person, requested_by=p.wendy)
    subject_access_prepare(export_id=export.pk)
    first = SubjectAccessExport.objects.values().get(pk=export.pk)
    subject_access_prepare(export_id=export.pk)  # a retried task
    assert SubjectAccessExport.objects.values().get(pk=export.pk) == first


def test_every_model_with_a_path_to_a_person_is_known():
    found = {model._meta.label for model in person_models()}
    assert found == PERSON_DATA, f"new: {sorted(found - PERSON_DATA)}; gone: {sorted(PERSON_DATA - found)}"


def test_a_worker_gets_a_draft_of_everything_as_html_and_json(
    client, p, alice_everywhere, django_capture_on_commit_callbacks  # noqa: F811
):
    budget, made = alice_everywhere
    client.force_login(p.wendy)
    with django_capture_on_commit_callbacks(execute=True) as queued:
        response = client.post(reverse("subject_access", args=[p.alice_person.pk]), follow=True)
    assert "The export is being prepared" in response.content.decode()
    assert len(queued) == 1  # prepared by a task, after commit (inline here; a worker in production)
    export = SubjectAccessExport.objects.get(person=p.alice_person)
    assert export.state == "draft"
    assert "Draft ready for review" in client.get(reverse("subject_access", args=[p.alice_person.pk])).content.decode()
    data = json.loads(client.get(reverse("subject_access_json", args=[p.alice_person.pk, export.pk])).content)
    assert data["pbudget.Person"][0]["first_name"] == "Alice"
    assert data["support_planning.SupportPlan"][0]["what_matters"] == made.what_matters
    assert data["pbudget.User (their sign-in)"][0]["email"] == "alice@example.org"
    assert data["signoff.SummarySheet"] and data["reviews.Review"] and data["pbudget.AuditEntry"]
    assert set(data) >= {label for label in PERSON_DATA}
    page = client.get(reverse("subject_access_draft", args=[p.alice_person.pk, export.pk])).content.decode()
    assert "Draft: review and redact before release" in page and made.what_matters in page
    assert AuditEntry.objects.filter(person=p.alice_person, what="Subject access export requested", user=p.wendy).exists()


def test_nothing_about_anyone_else_is_in_it(client, p, alice_everywhere, django_capture_on_commit_callbacks):  # noqa: F811
    client.force_login(p.wendy)
    client.get(f"/people/{p.bob_person.pk}/")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("subject_access", args=[p.alice_person.pk]))
    export = SubjectAccessExport.objects.get()
    assert "Brown" not in json.dumps(export.data) and "Brown" not in export.html


def test_only_staff_who_work_with_the_person_can_ask_or_read(
    client, p, alice_everywhere, django_capture_on_commit_callbacks  # noqa: F811
):
    client.force_login(p.wendy)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("subject_access", args=[p.alice_person.pk]))
    export = SubjectAccessExport.objects.get()
    urls = [
        reverse("subject_access", args=[p.alice_person.pk]),
        reverse("subject_access_draft", args=[p.alice_person.pk, export.pk]),
        reverse("subject_access_json", args=[p.alice_person.pk, export.pk]),
    ]
    for outsider in (p.bob, p.walter, p.xavier, p.adam):
        client.force_login(outsider)
        for url in urls:
            assert client.get(url).status_code == 404
        assert client.post(urls[0]).status_code == 404
    client.force_login(p.alice)  # she asks the council: the draft must be reviewed first
    assert client.get(urls[1]).status_code == 409
    assert SubjectAccessExport.objects.count() == 1
