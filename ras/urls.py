from django.urls import path

from ras import views

app_name = "ras"
urlpatterns = [
    path("", views.indicative, name="indicative"),
    path("change/", views.override, name="override"),
    path("letter/", views.letter, name="letter"),
]
