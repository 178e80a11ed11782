"""
One settings module, driven by the environment.

With nothing set, the app runs on SQLite with Celery tasks run inline (the embedded default,
for trying it out). Set DATABASE_URL and REDIS_URL for a real deployment: PostgreSQL, Redis,
and a separate Celery worker and beat. Every variable is listed in README.md.
"""

import datetime
import os
from pathlib import Path

import dj_database_url
from celery.schedules import crontab
from csp.constants import NONCE, NONE, SELF
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    if value.lower() in {"1", "true", "yes", "on"}:
        return True
    if value.lower() in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {value!r}")


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    try:
        return int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {value!r}") from None


def env_list(name: str, default: list[str]) -> list[str]:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return [item.strip() for item in value.split(",") if item.strip()]


DEBUG = env_bool("DEBUG", False)
# The embedded default is for trying the app on one's own machine: it needs DEBUG on.
# Anything else must set its own secret key (check --deploy also refuses a weak one).
SECRET_KEY = os.environ.get("SECRET_KEY") or ""
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off")
    SECRET_KEY = "insecure-development-key-only-for-the-embedded-default"

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "crispy_forms",
    "crispy_forms_gds",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "pbudget",
    "assessment",
    "ras",
    "support_planning",
    "signoff",
    "reviews",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "pbudget.middleware.SessionLimitsMiddleware",
    "pbudget.middleware.LoginRequiredMiddleware",
    # Not django-otp's OTPMiddleware: it loads the device on every request (a query on every page).
    "pbudget.middleware.SecondFactorMiddleware",
    "pbudget.middleware.FriendlyMethodNotAllowedMiddleware",
    "pbudget.middleware.PersonalDataNoStoreMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "pbudget.urls"
WSGI_APPLICATION = "pbudget.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "pbudget.context_processors.site",
            ],
        },
    },
]

# --- Database: PostgreSQL in deployment and in the test suite, SQLite for the embedded default.
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    # The embedded default: writers queue for the lock instead of failing with "database is locked".
    DATABASES["default"]["OPTIONS"] = {"transaction_mode": "IMMEDIATE", "timeout": 20}
if os.environ.get("TEST_DATABASE_NAME"):
    # Lets several test runs share one PostgreSQL server without trampling each other.
    DATABASES["default"]["TEST"] = {"NAME": os.environ["TEST_DATABASE_NAME"]}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "pbudget.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",  # refuses sign-in while an account or address is locked out
    "django.contrib.auth.backends.ModelBackend",
]
# Sign-in throttling: 10 failures from one address, or against one email address, locks it for
# 5 minutes. The message never says whether the account exists.
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 10)
AXES_COOLOFF_TIME = datetime.timedelta(minutes=5)
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_RESET_ON_SUCCESS = True
AXES_USERNAME_FORM_FIELD = "username"  # what the sign-in form posts (it defaults to USERNAME_FIELD, "email")
AXES_IPWARE_PROXY_COUNT = env_int("PROXY_COUNT", 0)  # how many proxies set X-Forwarded-For in front of the app
# Production must say (check --deploy): 0 trusts no X-Forwarded-For; 1 or more behind a proxy, or
# every user shares the proxy's address and one person's failures lock everyone out.
PROXY_COUNT_SET = bool(os.environ.get("PROXY_COUNT"))
AXES_CLIENT_IP_CALLABLE = "pbudget.client_address.client_address"
AXES_VERBOSE = False
LOGIN_URL = "login"
# Two-factor sign-in (pbudget/accounts/two_factor.py): the name authenticator apps show.
OTP_TOTP_ISSUER = os.environ.get("OTP_TOTP_ISSUER") or "Personal budgets"
PASSWORD_RESET_TIMEOUT = 60 * 60  # a reset link works for an hour
CSRF_FAILURE_VIEW = "pbudget.errors.csrf_failure"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "pbudget.passwords.NCSCPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]
# Django's default is 14 days; personal data deserves less. SessionLimitsMiddleware sets the idle
# limit on every request (30 minutes for staff, 4 hours for people) and ends any session at 12 hours.
SESSION_COOKIE_AGE = 12 * 60 * 60

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
# Built by `npm run build` (scripts/setup runs it): compiled GOV.UK Frontend and its assets.
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

CRISPY_ALLOWED_TEMPLATE_PACKS = ["gds"]
CRISPY_TEMPLATE_PACK = "gds"

# --- Email: the console in the embedded default; SMTP when EMAIL_URL-style settings are given.
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND") or "django.core.mail.backends.console.EmailBackend"
EMAIL_HOST = os.environ.get("EMAIL_HOST") or "localhost"
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER") or ""
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD") or ""
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
# An SMTP server that hangs must not outlast a reminder's claim (15 minutes), or it could go twice.
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 30)
EMAIL_FILE_PATH = os.environ.get("EMAIL_FILE_PATH") or str(BASE_DIR / ".run" / "emails")
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL") or "personal-budgets@example.org"
SITE_URL = os.environ.get("SITE_URL") or "http://127.0.0.1:8000"

# --- Celery: with no REDIS_URL, tasks run inline in the process that queues them.
REDIS_URL = os.environ.get("REDIS_URL") or ""
CELERY_BROKER_URL = REDIS_URL or "memory://localhost/"
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_IGNORE_RESULT = True
CELERY_TIMEZONE = TIME_ZONE
# A web request must not hang on a broker that does not answer (STACK-NOTES: a black-holed
# host can hang far longer than a refused one). The sweep catches up whatever was not queued.
CELERY_BROKER_CONNECTION_TIMEOUT = 2
CELERY_BROKER_TRANSPORT_OPTIONS = {"max_retries": 1, "socket_timeout": 2, "socket_connect_timeout": 2}
CELERY_TASK_DEFAULT_QUEUE = os.environ.get("CELERY_QUEUE") or "celery"
# Seconds between review-reminder sweeps; unset, hourly at quarter past (the tests set a few seconds).
REVIEW_SWEEP_SECONDS = env_int("REVIEW_SWEEP_SECONDS", 0)
# A reminder claimed by a worker this long ago and not sent may be claimed again (the worker died);
# one handed to the broker this long ago and still unsent is handed over again (the message was lost).
REVIEW_REMINDER_CLAIM_SECONDS = env_int("REVIEW_REMINDER_CLAIM_SECONDS", 15 * 60)
REVIEW_REMINDER_REQUEUE_SECONDS = env_int("REVIEW_REMINDER_REQUEUE_SECONDS", 30 * 60)
CELERY_BEAT_SCHEDULE = {
    # Idempotent: finding what is due twice records and sends nothing twice.
    "review-reminder-sweep": {
        "task": "reviews.tasks.review_reminder_sweep",
        "schedule": REVIEW_SWEEP_SECONDS or crontab(minute=15),
    },
    # Idempotent: an anonymised record is never picked again.
    "retention-sweep": {
        "task": "pbudget.tasks.retention_sweep",
        "schedule": crontab(hour=2, minute=30),
    },
    "summary-sheet-sweep": {
        "task": "signoff.tasks.summary_sheet_sweep",
        "schedule": 10 * 60,
    },
    # Idempotent: each waiting row is claimed before it is handed over (pbudget/queued.py).
    "queued-work-sweep": {
        "task": "pbudget.tasks.queued_work_sweep",
        "schedule": 10 * 60,
    },
}
# Rows that stand for work handed to the worker (state "queued", requested_at): handed over
# again by the sweep above when their message was lost. Model label -> task.
QUEUED_WORK = {
    "pbudget.SubjectAccessExport": "pbudget.tasks.prepare_subject_access_export",
    "assessment.Document": "assessment.tasks.render_document",
    "ras.AllocationLetter": "ras.tasks.render_allocation_letter",
    "support_planning.PlanDocument": "support_planning.tasks.render_plan_document",
}

# --- Security. Production settings are simply DEBUG off; `check --deploy` must be clean.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEBUG)
# Off only for the test suite's plain-http live server.
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = env_bool("SECURE_COOKIES", not DEBUG)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", not DEBUG)
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
# No inline script or style: the one inline script (the GOV.UK "js-enabled" class) carries a nonce.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}

# seed_demo refuses to run unless this is on: demo passwords must never reach a real council.
DEMO_MODE = env_bool("DEMO_MODE", DEBUG)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL") or "INFO"},
    "loggers": {
        "weasyprint": {"level": "ERROR"},
        "weasyprint.progress": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}
