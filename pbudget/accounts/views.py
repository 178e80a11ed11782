"""
Account pages: the two-factor step after the password, setting up an authenticator app, backup
codes, turning it on or off (people only), and password change and reset (Django's views).
"""

import segno
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_otp.plugins.otp_totp.models import TOTPDevice

from pbudget.accounts import forms, two_factor

# django-otp doubles the wait after each wrong code (1 s, 2 s, 4 s ...).
TOO_MANY = "You have entered a wrong code too many times. Wait a minute, then try again."
WRONG = "Enter the 6-digit code your app shows now, or one of your backup codes"


def _next(request):
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        return target
    return reverse("home")


@require_http_methods(["GET", "POST"])
def two_factor_verify(request):
    """The second step of signing in: a code from the app, or a backup code."""
    user = request.user
    if not two_factor.session_needs_second_factor(request):
        return redirect(_next(request))
    if not two_factor.has_second_factor(user):
        return redirect(f"{reverse('two_factor_setup')}?next={_next(request)}")
    form = forms.CodeForm(request.POST or None, hint="The 6-digit code your authenticator app shows for this service.")
    if request.method == "POST" and form.is_valid():
        if two_factor.second_factor_throttled(user=user):
            form.reject(TOO_MANY)
        else:
            device = two_factor.second_factor_verify(user=user, code=form.cleaned_data["code"])
            if device is not None:
                two_factor.session_mark_verified(request, device)
                return redirect(_next(request))
            form.reject(WRONG)
    return render(
        request, "accounts/two_factor_verify.html",
        {"form": form, "next": _next(request), "demo_code": _demo_code(user)},
    )


def _demo_code(user):
    """The demo's staff share a published secret (seed_demo); show its code, only in DEMO_MODE."""
    if not settings.DEMO_MODE:
        return None
    device = TOTPDevice.objects.filter(user=user, confirmed=True, name=two_factor.DEMO_DEVICE).first()
    if device is None:
        return None
    return two_factor.current_code(device)


@require_http_methods(["GET", "POST"])
def two_factor_setup(request):
    """Set up an authenticator app: a QR code (SVG) and the secret, then a code to confirm it."""
    user = request.user
    if two_factor.session_needs_second_factor(request) and two_factor.has_second_factor(user):
        # A password alone must never replace the app the account already has.
        return redirect(f"{reverse('two_factor_verify')}?next={_next(request)}")
    device = two_factor.totp_device_pending(user=user)
    form = forms.CodeForm(request.POST or None, button="Set up two-factor sign-in", hint="The 6-digit code your app shows now.")
    if request.method == "POST" and form.is_valid():
        codes = two_factor.totp_device_confirm(user=user, code=form.cleaned_data["code"], actor=user)
        if codes is not None:
            device.refresh_from_db()
            two_factor.session_mark_verified(request, device)
            return render(request, "accounts/backup_codes.html", {"codes": codes, "next": _next(request), "new": True})
        form.reject(WRONG.split(",")[0])
    qr = segno.make(device.config_url, error="m").svg_inline(scale=5, title="QR code for your authenticator app")
    return render(
        request, "accounts/two_factor_setup.html",
        {"form": form, "qr": mark_safe(qr), "secret": two_factor.secret_for_people(device), "next": _next(request)},
    )


@require_GET
def account_security(request):
    """Two-factor sign-in and password, for the signed-in user."""
    user = request.user
    return render(request, "accounts/security.html", {
        "has_app": two_factor.has_second_factor(user),
        "required": two_factor.is_required_by_role(user),
        "backup_left": two_factor.backup_codes_left(user=user),
    })


@require_POST
def backup_codes_renew_view(request):
    if not two_factor.has_second_factor(request.user):
        return redirect("account_security")
    codes = two_factor.backup_codes_renew(user=request.user, actor=request.user)
    return render(request, "accounts/backup_codes.html", {"codes": codes, "next": reverse("account_security")})


@require_POST
def two_factor_turn_off_view(request):
    if two_factor.is_required_by_role(request.user):
        messages.error(request, "Council staff must use two-factor sign-in.")
        return redirect("account_security")
    two_factor.second_factor_turn_off(user=request.user, actor=request.user)
    request.session[two_factor.REQUIRED_KEY] = False
    messages.success(request, "Two-factor sign-in is off.")
    return redirect("account_security")


class PasswordChangeView(auth_views.PasswordChangeView):
    form_class = forms.PasswordChangeForm
    template_name = "accounts/password_change.html"
    success_url = reverse_lazy("account_security")

    def form_valid(self, form):
        response = super().form_valid(form)
        messages.success(self.request, "Your password has been changed.")
        return response


class PasswordResetView(auth_views.PasswordResetView):
    """Sends a link by email (the configured backend); says the same whether or not the account exists."""

    form_class = forms.PasswordResetForm
    template_name = "accounts/password_reset.html"
    email_template_name = "accounts/password_reset_email.txt"
    subject_template_name = "accounts/password_reset_subject.txt"
    success_url = reverse_lazy("password_reset_done")
    @property
    def extra_email_context(self):
        # Links are built from SITE_URL, never from the Host header a request brought.
        return {"site_url": settings.SITE_URL}


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    """A new password. It never signs anyone in: the password and second factor are still asked for."""

    form_class = forms.SetPasswordForm
    template_name = "accounts/password_reset_confirm.html"
    success_url = reverse_lazy("password_reset_complete")
    post_reset_login = False
