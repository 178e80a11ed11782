"""
A real Celery worker process renders the summary sheet: approval commits, the task goes through
Redis, the worker reads and writes the test database, and the PDF appears.
"""

import os
import subprocess
import time
import uuid
from pathlib import Path
from urllib.parse import quote

import pytest
from django.conf import settings

from pbudget.celery import app
from signoff import services
from signoff.models import SummarySheet

pytestmark = pytest.mark.worker
ROOT = Path(settings.BASE_DIR)


def _database_url() -> str:
    db = settings.DATABASES["default"]  # NAME is the test database's by now
    auth = quote(db.get("USER") or "", safe="")
    if db.get("PASSWORD"):
        auth += ":" + quote(db["PASSWORD"], safe="")
    return f"postgres://{auth}@{db.get('HOST') or '127.0.0.1'}:{db.get('PORT') or 5432}/{db['NAME']}"


@pytest.fixture
def own_queue():
    """Send our task to a queue of our own, so parallel test runs sharing Redis don't steal it."""
    name = f"test-signoff-{uuid.uuid4().hex[:8]}"
    previous = app.conf.task_routes
    app.conf.task_routes = {"signoff.tasks.render_summary_sheet": {"queue": name}}
    app.amqp._rtable = None
    app.amqp.router = app.amqp.Router()
    yield name
    app.conf.task_routes = previous
    app.amqp._rtable = None
    app.amqp.router = app.amqp.Router()


@pytest.fixture
def worker(tmp_path, own_queue):
    if not os.environ.get("REDIS_URL") or settings.DATABASES["default"]["ENGINE"].endswith("sqlite3"):
        pytest.fail("The worker test needs PostgreSQL and Redis: run it through scripts/test")
    log = tmp_path / "worker.log"
    env = {**os.environ, "DATABASE_URL": _database_url(), "REDIS_URL": os.environ["REDIS_URL"]}
    env.pop("TEST_DATABASE_NAME", None)
    with log.open("wb") as out:
        proc = subprocess.Popen(
            [str(ROOT / ".venv/bin/celery"), "-A", "pbudget", "worker", "--pool=solo", "-l", "info",
             "-Q", own_queue, "-n", f"{own_queue}@%h", "--without-heartbeat", "--without-gossip", "--without-mingle"],
            cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT,
        )
    try:
        deadline = time.monotonic() + 60
        while b" ready." not in log.read_bytes():
            if proc.poll() is not None or time.monotonic() > deadline:
                pytest.fail("The worker did not start:\n" + log.read_text(errors="replace"))
            time.sleep(0.2)
        yield proc, log
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=5)


def test_a_real_worker_renders_the_summary_sheet_after_approval(transactional_db, p, at_signoff, worker):
    proc, log = worker
    budget, submitted = at_signoff
    services.signoff_approve(budget=budget, actor=p.wendy, plan_lock_version=submitted.lock_version)  # commits

    sheet = SummarySheet.objects.get(budget=budget)
    deadline = time.monotonic() + 60
    while sheet.state == SummarySheet.State.QUEUED and time.monotonic() < deadline:
        time.sleep(0.5)
        sheet.refresh_from_db()
    assert sheet.state == SummarySheet.State.READY, log.read_text(errors="replace")
    pdf = bytes(sheet.pdf)
    assert pdf.startswith(b"%PDF")
    text = subprocess.run(["pdftotext", "-", "-"], input=pdf, capture_output=True, check=True).stdout.decode()
    assert "Alice Adams" in text and "£100.00" in text
    assert proc.poll() is None and b"succeeded" in log.read_bytes()
