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
    path("<int:questionnaire_id>/sections/new/", views.section_add, name="section_add"),
    path("<int:questionnaire_id>/sections/<int:section_id>/delete/", views.section_delete, name="section_delete"),
    path("<int:questionnaire_id>/questions/new/", views.question_add, name="question_add"),
    path("<int:questionnaire_id>/questions/<int:question_id>/delete/", views.question_delete, name="question_delete"),
    path("<int:questionnaire_id>/questions/<int:question_id>/condition/", views.question_condition, name="question_condition"),
    path("<int:questionnaire_id>/questions/<int:question_id>/answers/new/", views.option_add, name="option_add"),
    path("<int:questionnaire_id>/answers/<int:option_id>/delete/", views.option_delete, name="option_delete"),
]
