from django.urls import path

from signoff import rule_views, views

app_name = "signoff"
urlpatterns = [
    path("", views.queue, name="queue"),
    path("rules/", rule_views.rules, name="rules"),
    path("rules/<int:rule_set_id>/", rule_views.rule_set, name="rule_set"),
    path("rules/<int:rule_set_id>/publish/", rule_views.rule_set_publish, name="rule_set_publish"),
    path("rules/<int:rule_set_id>/discard/", rule_views.rule_set_discard, name="rule_set_discard"),
    path("senior-managers/", rule_views.senior_managers, name="senior_managers"),
    path("<int:budget_id>/", views.decide, name="decide"),
    path("<int:budget_id>/summary-sheet/", views.summary_sheet, name="summary_sheet"),
    path("<int:budget_id>/summary-sheet/prepare-again/", views.summary_sheet_again, name="summary_sheet_again"),
]
