"""Real Celery processes for the tests: a worker (and beat) against the test database and Redis."""

import contextlib
import os
import subprocess
import time
import uuid
from pathlib import Path
from urllib.parse import quote

import pytest
from django.conf import settings

from pbudget.celery import app

ROOT = Path(settings.BASE_DIR)


def test_database_url() -> str:
    db = settings.DATABASES["default"]  # NAME is the test database's by now
    auth = quote(db.get("USER") or "", safe="")
    if db.get("PASSWORD"):
        auth += ":" + quote(db["PASSWORD"], safe="")
    return f"postgres://{auth}@{db.get('HOST') or '127.0.0.1'}:{db.get('PORT') or 5432}/{db['NAME']}"


@contextlib.contextmanager
def celery_process(log: Path, *args, queue: str | None = None, **env):
    """
    Start `celery -A pbudget worker ...` on a queue of its own (so parallel runs sharing Redis
    don't take each other's tasks), wait until it is ready, and always stop it.
    """
    if not os.environ.get("REDIS_URL") or settings.DATABASES["default"]["ENGINE"].endswith("sqlite3"):
        pytest.fail("This test needs PostgreSQL and Redis: run it through scripts/test")
    queue = queue or f"test-{uuid.uuid4().hex[:8]}"
    # What this test process queues goes to that queue too.
    previous_routes = app.conf.task_routes
    _route(app, {"*": {"queue": queue}})
    full_env = {**os.environ, "DATABASE_URL": test_database_url(), "CELERY_QUEUE": queue, **env}
    full_env.pop("TEST_DATABASE_NAME", None)
    with log.open("wb") as out:
        proc = subprocess.Popen(
            [str(ROOT / ".venv/bin/celery"), "-A", "pbudget", "worker", "--pool=solo", "-l", "info", "-Q", queue,
             "-n", f"{queue}@%h", "--without-heartbeat", "--without-gossip", "--without-mingle", *args],
            cwd=ROOT, env=full_env, stdout=out, stderr=subprocess.STDOUT,
        )
    try:
        deadline = time.monotonic() + 60
        while b" ready." not in log.read_bytes():
            if proc.poll() is not None or time.monotonic() > deadline:
                pytest.fail("The Celery worker did not start:\n" + log.read_text(errors="replace"))
            time.sleep(0.2)
        yield proc
    finally:
        _route(app, previous_routes)
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=5)


def _route(app, routes):
    app.conf.task_routes = routes
    app.amqp._rtable = None
    app.amqp.router = app.amqp.Router()


def wait_for(predicate, *, timeout=60, interval=0.5):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(interval)
    return predicate()
