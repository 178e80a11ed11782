from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme, urlencode

from pbudget.accounts import two_factor
from pbudget.lifecycle import MoveNotAllowed

# The short public list: everything else needs a signed-in user.
PUBLIC_PREFIXES = (
    "/accounts/login/", "/accounts/password-reset/", "/static/", "/healthz", "/accessibility/", "/allocation-rules/",
    "/planning/invitations/",  # a planner's one-time invitation link
)
# What a signed-in user who hasn't passed the second factor yet may open.
BEFORE_SECOND_FACTOR = (*PUBLIC_PREFIXES, "/accounts/two-factor/", "/accounts/logout/")


class LoginRequiredMiddleware:
    """Every URL refuses anonymous users except the short public list."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not request.user.is_authenticated and not request.path.startswith(PUBLIC_PREFIXES):
            return redirect_to_login(request.get_full_path(), settings.LOGIN_URL)
        return self.get_response(request)

    def process_exception(self, request, exception):
        """
        A refused move changed nothing (its transaction rolled back): say why. After a form is
        sent, go back to the page it came from; a page that can't be shown now (a GET) explains
        itself in place, so going back can never loop.
        """
        if not isinstance(exception, MoveNotAllowed):
            return None
        if exception.go_to:
            messages.error(request, str(exception))
            return redirect(exception.go_to)
        if request.method == "GET":
            return render(request, "errors/not_now.html", {"message": str(exception)}, status=409)
        messages.error(request, str(exception))
        back = request.META.get("HTTP_REFERER", "")
        if not url_has_allowed_host_and_scheme(back, {request.get_host()}, request.is_secure()):
            back = "/"
        return redirect(back)


class SecondFactorMiddleware:
    """
    Staff (and people who turned it on) pass the second factor before any page but sign-in, the
    two-factor step and sign-out: a password alone opens no one's record. No query: the session says.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if (
            request.user.is_authenticated
            and not request.path.startswith(BEFORE_SECOND_FACTOR)
            and two_factor.session_needs_second_factor(request)
        ):
            return redirect(f"{reverse('two_factor_verify')}?{urlencode({'next': request.get_full_path()})}")
        return self.get_response(request)


class FriendlyMethodNotAllowedMiddleware:
    """Django answers a wrong method (a GET of a sign-out or a button's address) with an empty 405."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.status_code == 405 and not response.content:
            friendly = render(request, "errors/405.html", status=405)
            friendly["Allow"] = response.get("Allow", "")
            return friendly
        return response


class PersonalDataNoStoreMiddleware:
    """Pages for signed-in users show personal data: never let a browser or proxy keep them."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.user.is_authenticated:
            response["Cache-Control"] = "no-store"
        return response


STAFF_IDLE = 30 * 60
PERSON_IDLE = 4 * 60 * 60
SESSION_ABSOLUTE = 12 * 60 * 60
REFRESH_EVERY = 60  # seconds: the idle clock is re-armed at most once a minute (a session write)


def _now():
    return int(timezone.now().timestamp())


def _arm(session, user, now):
    session["seen_at"] = now
    session.set_expiry(STAFF_IDLE if user.role in two_factor.STAFF_ROLES else PERSON_IDLE)


def session_clock_start(sender, request, user, **kwargs):
    """On sign-in (connected to `user_logged_in`): start the absolute and idle clocks."""
    now = _now()
    request.session["signed_in_at"] = now
    _arm(request.session, user, now)


class SessionLimitsMiddleware:
    """
    Idle and absolute session limits: council staff are signed out after 30 minutes idle, people
    after 4 hours; everyone after 12 hours, however active. The idle limit is the session's own
    expiry, re-armed as people use the site; the absolute one is checked here.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if user.is_authenticated:
            now = _now()
            if now - request.session.get("signed_in_at", now) > SESSION_ABSOLUTE:
                logout(request)
                messages.info(request, "You have been signed out because you were signed in for 12 hours. Sign in again.")
                return redirect_to_login(request.get_full_path(), settings.LOGIN_URL)
            if now - request.session.get("seen_at", 0) > REFRESH_EVERY:
                _arm(request.session, user, now)
        return self.get_response(request)
