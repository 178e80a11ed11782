from django.conf import settings
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.shortcuts import redirect
from django.utils.http import url_has_allowed_host_and_scheme

from pbudget.lifecycle import MoveNotAllowed

# The short public list: everything else needs a signed-in user.
PUBLIC_PREFIXES = ("/accounts/login/", "/static/", "/healthz", "/accessibility/")


class LoginRequiredMiddleware:
    """Every URL refuses anonymous users except the short public list."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not request.user.is_authenticated and not request.path.startswith(PUBLIC_PREFIXES):
            return redirect_to_login(request.get_full_path(), settings.LOGIN_URL)
        return self.get_response(request)

    def process_exception(self, request, exception):
        # A refused move changed nothing (its transaction rolled back): say why, and go back.
        if isinstance(exception, MoveNotAllowed):
            messages.error(request, str(exception))
            back = request.META.get("HTTP_REFERER", "")
            if not url_has_allowed_host_and_scheme(back, {request.get_host()}, request.is_secure()):
                back = "/"
            return redirect(back)
        return None


class PersonalDataNoStoreMiddleware:
    """Pages for signed-in users show personal data: never let a browser or proxy keep them."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.user.is_authenticated:
            response["Cache-Control"] = "no-store"
        return response
