"""CI's dependency audit: findings always fail; an unreachable PyPI warns loudly instead of passing quietly."""

import importlib.util
import json
from pathlib import Path

SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "audit_dependencies.py"
spec = importlib.util.spec_from_file_location("audit_dependencies", SCRIPT)
audit = importlib.util.module_from_spec(spec)
spec.loader.exec_module(audit)


def _report(*vulns):
    deps = [{"name": "django", "version": "5.2.19", "vulns": list(vulns)}, {"name": "celery", "version": "5.7.0", "vulns": []}]
    return json.dumps({"dependencies": deps, "fixes": []})


def test_a_known_vulnerability_fails_the_run():
    code, message = audit.verdict(1, _report({"id": "PYSEC-2026-1", "fix_versions": ["5.2.20"]}), "")
    assert code == 1 and "django 5.2.19: PYSEC-2026-1 (fixed in 5.2.20)" in message


def test_a_clean_audit_passes():
    assert audit.verdict(0, _report(), "") == (0, "No known vulnerabilities in 2 pinned dependencies.")


def test_an_unreachable_pypi_warns_that_nothing_was_audited():
    code, message = audit.verdict(1, "", "requests.exceptions.ConnectionError: Max retries exceeded with url: /pypi/django/json")
    assert code == 0 and "NOT audited" in message


def test_findings_are_never_hidden_by_a_network_error():
    stderr = "ConnectionError: Max retries exceeded"
    code, _ = audit.verdict(1, _report({"id": "GHSA-xxxx", "fix_versions": []}), stderr)
    assert code == 1


def test_any_other_failure_fails():
    assert audit.verdict(2, "", "usage: pip-audit ...")[0] == 1
