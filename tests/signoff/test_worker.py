"""
A real Celery worker process renders the summary sheet: approval commits, the task goes through
Redis, the worker reads and writes the test database, and the PDF appears.
"""

import subprocess
import time

import pytest

from signoff import services
from signoff.models import SummarySheet
from tests.processes import celery_process

pytestmark = pytest.mark.worker


@pytest.fixture
def worker(tmp_path):
    log = tmp_path / "worker.log"
    with celery_process(log) as proc:
        yield proc, log


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
