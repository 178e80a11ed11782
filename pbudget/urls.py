from django.contrib import admin
from django.urls import include, path

from pbudget import home, privacy, views

urlpatterns = [
    path("", home.home, name="home"),
    path("accounts/login/", views.SignInView.as_view(), name="login"),
    path("accounts/logout/", views.SignOutView.as_view(), name="logout"),
    path("accounts/", include("pbudget.accounts.urls")),
    path("accessibility/", views.accessibility, name="accessibility"),
    path("healthz", views.healthz, name="healthz"),
    path("people/<int:person_id>/", views.person_detail, name="person_detail"),
    path("people/<int:person_id>/who-has-looked/", privacy.record_access, name="record_access"),
    path("people/<int:person_id>/subject-access/", privacy.subject_access, name="subject_access"),
    path("people/<int:person_id>/subject-access/<int:export_id>/", privacy.subject_access_draft, name="subject_access_draft"),
    path(
        "people/<int:person_id>/subject-access/<int:export_id>/json/", privacy.subject_access_json, name="subject_access_json"
    ),
    path("people/<int:person_id>/open-budget/", views.budget_open_view, name="budget_open"),
    path("people/<int:person_id>/reallocate/", views.person_reallocate_view, name="person_reallocate"),
    path("budgets/<int:budget_id>/close/", views.budget_close_view, name="budget_close"),
    path("budgets/<int:budget_id>/assessment/", include("assessment.urls")),
    path("questionnaires/", include("assessment.urls_questionnaires")),
    path("assessments/", include("assessment.urls_staff")),
    path("budgets/<int:budget_id>/indicative-budget/", include("ras.urls")),
    path("allocation-rules/", include("ras.urls_public")),
    path("allocation-tables/", include("ras.urls_tables")),
    path("budgets/<int:budget_id>/support-plan/", include("support_planning.urls")),
    path("caseload/", include("pbudget.caseload.urls")),
    path("planning/invitations/", include("support_planning.planner_urls")),
    path("sign-off/", include("signoff.urls")),
    path("reviews/", include("reviews.urls")),
    path("django-admin/", admin.site.urls),
]

handler404 = "pbudget.errors.not_found"
handler500 = "pbudget.errors.server_error"
handler403 = "pbudget.errors.forbidden"
handler400 = "pbudget.errors.bad_request"
