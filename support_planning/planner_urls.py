"""The one public page of support planning: the one-time link in a planner's invitation."""

from django.urls import path

from support_planning import views_help

app_name = "planners"
urlpatterns = [path("<str:token>/", views_help.accept, name="accept")]
