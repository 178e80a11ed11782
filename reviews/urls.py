from django.urls import path

from reviews import views

app_name = "reviews"
urlpatterns = [
    path("", views.due, name="due"),
    path("settings/", views.review_settings, name="settings"),
    path("<int:budget_id>/", views.review, name="review"),
    path("<int:budget_id>/start/", views.start, name="start"),
    path("<int:budget_id>/your-part/", views.person_part, name="person_part"),
    path("<int:budget_id>/ask/", views.ask, name="ask"),
    path("<int:budget_id>/reallocate/", views.reallocate, name="reallocate"),
]
