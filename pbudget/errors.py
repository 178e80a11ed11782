"""Friendly error pages that reveal nothing internal."""

from django.http import HttpResponseServerError
from django.shortcuts import render
from django.template import loader


def not_found(request, exception=None):
    return render(request, "errors/404.html", status=404)


def forbidden(request, exception=None):
    return render(request, "errors/403.html", status=403)


def bad_request(request, exception=None):
    return render(request, "errors/400.html", status=400)


def server_error(request):
    # No request context: the database may be why we are here, and the context processors read it.
    return HttpResponseServerError(loader.get_template("errors/500.html").render())


def csrf_failure(request, reason=""):
    """A form sent from a page opened before signing in again (or from elsewhere): nothing saved."""
    return render(request, "errors/csrf.html", status=403)
