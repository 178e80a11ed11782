from django.urls import path

from support_planning import views, views_help, views_versions

app_name = "support_planning"
urlpatterns = [
    path("", views.plan, name="plan"),
    path("start/", views.start, name="start"),
    path("what-matters/", views.about, name="about"),
    path("outcomes/add/", views.outcome_add, name="outcome_add"),
    path("outcomes/<int:outcome_id>/", views.outcome_edit, name="outcome_edit"),
    path("outcomes/<int:outcome_id>/remove/", views.outcome_remove, name="outcome_remove"),
    path("support/add/", views.line_add, name="line_add"),
    path("support/<int:line_id>/", views.line_edit, name="line_edit"),
    path("support/<int:line_id>/remove/", views.line_remove, name="line_remove"),
    path("money/", views.money, name="money"),
    path("if-things-go-wrong/", views.contingency, name="contingency"),
    path("risks/", views.risks, name="risks"),
    path("over-budget/", views.over_budget, name="over_budget"),
    path("check/", views.check, name="check"),
    path("versions/", views_versions.versions, name="versions"),
    path("versions/<int:number>/", views_versions.version, name="version"),
    path("printable/", views_versions.document, name="document"),
    path("printable/prepare/", views_versions.document_request, name="document_request"),
    path("planners/invite/", views_help.invite, name="invite"),
    path("planners/<int:invitation_id>/withdraw/", views_help.invitation_withdraw, name="invitation_withdraw"),
    path("planners/<int:invitation_id>/send-again/", views_help.invitation_resend, name="invitation_resend"),
    path("help/", views_help.ask_for_help, name="ask_for_help"),
    path("help/<int:request_id>/answered/", views_help.help_answered, name="help_answered"),
]
