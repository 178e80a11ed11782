from django.urls import path

from pbudget.caseload import figure_views, views

app_name = "caseload"
urlpatterns = [
    path("", views.caseload, name="caseload"),
    path("workload/", views.workload, name="workload"),
    path("figures/", figure_views.figures, name="figures"),
    path("figures.csv", figure_views.figures_csv, name="figures_csv"),
]
