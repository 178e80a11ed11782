"""
Deployment checks (`manage.py check --deploy`): settings that quietly fall back to the embedded
default would lose reminders in production, so a real deployment must set them.
"""

from django.conf import settings
from django.core.checks import Error, register

QUIET_EMAIL_BACKENDS = {
    "django.core.mail.backends.console.EmailBackend",
    "django.core.mail.backends.locmem.EmailBackend",
    "django.core.mail.backends.dummy.EmailBackend",
    "django.core.mail.backends.filebased.EmailBackend",
}


@register(deploy=True)
def production_services(app_configs, **kwargs):
    errors = []
    if settings.DATABASES["default"]["ENGINE"].endswith("sqlite3"):
        errors.append(Error("The database is SQLite.", hint="Set DATABASE_URL to a PostgreSQL database.", id="pbudget.E001"))
    if settings.CELERY_TASK_ALWAYS_EAGER:
        errors.append(Error(
            "Celery tasks run inside web requests and no beat can run, so review reminders are never swept.",
            hint="Set REDIS_URL, and run a Celery worker and one beat.", id="pbudget.E002",
        ))
    if settings.EMAIL_BACKEND in QUIET_EMAIL_BACKENDS:
        errors.append(Error(
            f"Email goes to {settings.EMAIL_BACKEND.rsplit('.', 2)[-2]}, not to people: reminders would be marked sent and lost.",
            hint="Set EMAIL_BACKEND (e.g. django.core.mail.backends.smtp.EmailBackend) and the EMAIL_* settings.",
            id="pbudget.E003",
        ))
    if not settings.PROXY_COUNT_SET:
        errors.append(Error(
            "PROXY_COUNT is not set: sign-in throttling can't tell users apart behind a proxy.",
            hint="Set PROXY_COUNT to the number of proxies in front of the app that set X-Forwarded-For (0 if none).",
            id="pbudget.E005",
        ))
    if settings.DEMO_MODE:
        errors.append(Error(
            "DEMO_MODE is on: seed_demo could create accounts with published passwords, and the two-factor page shows demo codes.",
            hint="Unset DEMO_MODE.", id="pbudget.E006",
        ))
    if "127.0.0.1" in settings.SITE_URL or "localhost" in settings.SITE_URL:
        errors.append(Error("Links in emails point at this machine.", hint="Set SITE_URL to the service's address.", id="pbudget.E004"))
    return errors
