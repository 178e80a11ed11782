from django.urls import path

from ras import views_public

app_name = "ras_public"
urlpatterns = [
    path("", views_public.allocation_rules, name="allocation_rules"),
    path("<slug:council_slug>/", views_public.allocation_rules_council, name="allocation_rules_council"),
]
