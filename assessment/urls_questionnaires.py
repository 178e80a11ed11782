from django.urls import path

from assessment import views_questionnaires as views

app_name = "questionnaires"
urlpatterns = [
    path("", views.versions, name="versions"),
    path("new-draft/", views.draft_start, name="draft_start"),
    path("import/", views.import_spreadsheet, name="import"),
    path("<int:questionnaire_id>/", views.detail, name="detail"),
    path("<int:questionnaire_id>/publish/", views.publish, name="publish"),
    path("<int:questionnaire_id>/questionnaire.csv", views.export_csv, name="export_csv"),
    path("<int:questionnaire_id>/questionnaire.xlsx", views.export_xlsx, name="export_xlsx"),
    path("<int:questionnaire_id>/questions/<int:question_id>/", views.question_edit, name="question_edit"),
    path("<int:questionnaire_id>/answers/<int:option_id>/", views.option_edit, name="option_edit"),
]
