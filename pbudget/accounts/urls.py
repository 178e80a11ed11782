from django.urls import path
from django.views.generic import TemplateView

from pbudget.accounts import views

urlpatterns = [
    path("two-factor/", views.two_factor_verify, name="two_factor_verify"),
    path("two-factor/set-up/", views.two_factor_setup, name="two_factor_setup"),
    path("security/", views.account_security, name="account_security"),
    path("security/backup-codes/", views.backup_codes_renew_view, name="backup_codes_renew"),
    path("security/turn-off/", views.two_factor_turn_off_view, name="two_factor_turn_off"),
    path("security/password/", views.PasswordChangeView.as_view(), name="password_change"),
    path("password-reset/", views.PasswordResetView.as_view(), name="password_reset"),
    path(
        "password-reset/sent/",
        TemplateView.as_view(template_name="accounts/password_reset_sent.html"), name="password_reset_done",
    ),
    path("password-reset/<uidb64>/<token>/", views.PasswordResetConfirmView.as_view(), name="password_reset_confirm"),
    path(
        "password-reset/done/",
        TemplateView.as_view(template_name="accounts/password_reset_complete.html"), name="password_reset_complete",
    ),
]
