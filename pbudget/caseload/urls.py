from django.urls import path

from pbudget.caseload import views

app_name = "caseload"
urlpatterns = [
    path("", views.caseload, name="caseload"),
    path("workload/", views.workload, name="workload"),
    path("figures/", views.figures, name="figures"),
    path("figures.csv", views.figures_csv, name="figures_csv"),
]
