from django.urls import path

from reviews import views

app_name = "reviews"
urlpatterns = [
    path("", views.due, name="due"),
    path("<int:budget_id>/", views.review, name="review"),
    path("<int:budget_id>/start/", views.start, name="start"),
]
