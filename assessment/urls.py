from django.urls import path

from assessment import views

app_name = "assessment"
urlpatterns = [
    path("", views.start, name="start"),
    path("questions/<slug:key>/", views.question, name="question"),
    path("check-your-answers/", views.check, name="check"),
    path("sent/", views.submitted, name="submitted"),
    path("answers/", views.answers, name="answers"),
    path("eligibility/", views.eligibility, name="eligibility"),
]
