from django.urls import path

from assessment import views_staff

app_name = "assessments"
urlpatterns = [path("", views_staff.assessments, name="list")]
