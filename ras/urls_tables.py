from django.urls import path  # noqa: F401

app_name = "ras_tables"
urlpatterns = []
