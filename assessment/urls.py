from django.urls import path

from assessment import views, views_eligibility, views_paper

app_name = "assessment"
urlpatterns = [
    path("", views.start, name="start"),
    path("questions/<slug:key>/", views.question, name="question"),
    path("anything-else/<slug:section_key>/", views.note, name="note"),
    path("check-your-answers/", views.check, name="check"),
    path("reopen/", views.reopen, name="reopen"),
    path("paper/", views_paper.paper, name="paper"),
    path("sent/", views.submitted, name="submitted"),
    path("answers/", views.answers, name="answers"),
    path("eligibility/", views_eligibility.eligibility, name="eligibility"),
    path("decision/", views_eligibility.decision, name="decision"),
    path("decision.pdf", views_eligibility.decision_pdf, name="decision_pdf"),
    path("decision/prepare-again/", views_eligibility.decision_pdf_again, name="decision_pdf_again"),
    path("paper-form.pdf", views_eligibility.questionnaire_pdf, name="questionnaire_pdf"),
]
