from django.urls import path

from signoff import views

app_name = "signoff"
urlpatterns = [
    path("", views.queue, name="queue"),
    path("delegation/", views.delegation, name="delegation"),
    path("<int:budget_id>/", views.decide, name="decide"),
    path("<int:budget_id>/summary-sheet/", views.summary_sheet, name="summary_sheet"),
    path("<int:budget_id>/summary-sheet/prepare-again/", views.summary_sheet_again, name="summary_sheet_again"),
]
