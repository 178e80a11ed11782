"""The Celery app. Worker and beat run as separate processes (see docker-compose.yml)."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pbudget.settings")

app = Celery("pbudget")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
