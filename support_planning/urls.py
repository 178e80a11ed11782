from django.urls import path

from support_planning import views

app_name = "support_planning"
urlpatterns = [
    path("", views.plan, name="plan"),
    path("start/", views.start, name="start"),
    path("what-matters/", views.about, name="about"),
    path("outcomes/add/", views.outcome_add, name="outcome_add"),
    path("outcomes/<int:outcome_id>/", views.outcome_edit, name="outcome_edit"),
    path("outcomes/<int:outcome_id>/remove/", views.outcome_remove, name="outcome_remove"),
    path("support/add/", views.line_add, name="line_add"),
    path("support/<int:line_id>/", views.line_edit, name="line_edit"),
    path("support/<int:line_id>/remove/", views.line_remove, name="line_remove"),
    path("money/", views.money, name="money"),
    path("if-things-go-wrong/", views.contingency, name="contingency"),
    path("check/", views.check, name="check"),
]
