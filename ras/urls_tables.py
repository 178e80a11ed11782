from django.urls import path

from ras import views_figures, views_tables

app_name = "ras_tables"
urlpatterns = [
    path("", views_tables.tables, name="tables"),
    path("import/", views_tables.table_import, name="import"),
    path("calibration/", views_figures.calibration, name="calibration"),
    path("calibration/draft/", views_figures.calibration_draft, name="calibration_draft"),
    path("overrides/", views_figures.overrides, name="overrides"),
    path("<int:table_id>/", views_tables.table_detail, name="detail"),
    path("<int:table_id>/edit/", views_tables.table_edit, name="edit"),
    path("<int:table_id>/what-if/", views_tables.whatif, name="whatif"),
    path("<int:table_id>/publish/", views_tables.table_publish, name="publish"),
    path("<int:table_id>/export.csv", views_tables.table_export, {"fmt": "csv"}, name="export_csv"),
    path("<int:table_id>/export.xlsx", views_tables.table_export, {"fmt": "xlsx"}, name="export_xlsx"),
]
