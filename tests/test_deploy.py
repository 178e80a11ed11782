"""Configuration checks that must hold on every commit."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


PRODUCTION = {
    "DEBUG": "false",
    "SECRET_KEY": "a-long-random-production-key-9f8e7d6c5b4a3f2e1d0c9b8a7f6e5d4c",
    "ALLOWED_HOSTS": "pb.example.org",
    "DATABASE_URL": "postgres://pbudget@db.example.org/pbudget",
    "REDIS_URL": "redis://redis.example.org:6379/0",
    "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
    "SITE_URL": "https://pb.example.org",
    "PROXY_COUNT": "1",
}


def _manage(*args, **env):
    full_env = {k: v for k, v in os.environ.items() if k not in {"DEBUG", "SECURE_COOKIES", "SECURE_SSL_REDIRECT", "DJANGO_ALLOW_ASYNC_UNSAFE"}}
    full_env.update(env)
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=full_env, capture_output=True, text=True, timeout=120
    )


def test_check_deploy_is_clean_with_production_settings():
    result = _manage("check", "--deploy", "--fail-level", "WARNING", **PRODUCTION)
    assert result.returncode == 0, result.stdout + result.stderr


def test_check_deploy_refuses_the_embedded_defaults():
    embedded = {**PRODUCTION, "DATABASE_URL": "", "REDIS_URL": "", "EMAIL_BACKEND": "", "SITE_URL": ""}
    result = _manage("check", "--deploy", **embedded)
    assert result.returncode != 0
    for check in ("pbudget.E001", "pbudget.E002", "pbudget.E003", "pbudget.E004"):
        assert check in result.stderr, result.stderr


def test_production_settings_refuse_to_start_without_a_secret_key():
    result = _manage("check", DEBUG="false", SECRET_KEY="")
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_migrations_match_the_models():
    result = _manage("makemigrations", "--check", "--dry-run", DEBUG="true")
    assert result.returncode == 0, result.stdout + result.stderr
