from django.urls import path

from support_planning import views

app_name = "support_planning"
urlpatterns = []
