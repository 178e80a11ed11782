"""
Known vulnerabilities in the pinned dependencies (requirements.lock), for CI (.ci/run).

pip-audit asks PyPI's JSON API, which lists known vulnerabilities but not their severity, so any
known vulnerability fails the run (high and critical ones included); a finding that has been
looked at and judged harmless goes in .ci/pip-audit-ignore with the reason. If PyPI can't be
reached, the run is NOT failed but says loudly that the dependencies were not audited: a
network outage must not block a release, and it must not pass for a clean audit either.
Findings are never hidden: when pip-audit reports any, they fail the run whatever else happened.
"""

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
IGNORE = ROOT / ".ci" / "pip-audit-ignore"
UNREACHABLE = ("ConnectionError", "Max retries exceeded", "Name or service not known", "Temporary failure in name resolution",
               "timed out", "Connection refused", "Failed to establish a new connection")


def ignored() -> list[str]:
    if not IGNORE.exists():
        return []
    return [line.split("#")[0].strip() for line in IGNORE.read_text().splitlines() if line.split("#")[0].strip()]


def verdict(returncode: int, stdout: str, stderr: str) -> tuple[int, str]:
    """(exit code, message) from a pip-audit run with JSON output."""
    try:
        report = json.loads(stdout) if stdout.strip() else None
    except json.JSONDecodeError:
        report = None
    if report is not None:
        found = [
            f"{dep['name']} {dep['version']}: {vuln['id']} (fixed in {', '.join(vuln.get('fix_versions') or ['no release yet'])})"
            for dep in report.get("dependencies", []) for vuln in dep.get("vulns", [])
        ]
        if found:
            return 1, "Known vulnerabilities in the pinned dependencies:\n  " + "\n  ".join(found)
        if returncode == 0:
            return 0, f"No known vulnerabilities in {len(report.get('dependencies', []))} pinned dependencies."
    if any(sign in stderr for sign in UNREACHABLE):
        return 0, (
            "WARNING: the dependencies were NOT audited: PyPI's vulnerability data could not be reached.\n"
            "Run scripts/audit_dependencies.py again when the network is back before releasing.\n" + stderr[-500:]
        )
    return 1, f"pip-audit failed (exit {returncode}):\n{stderr[-2000:]}"


def main() -> int:
    command = [
        str(ROOT / ".venv" / "bin" / "pip-audit"), "-r", str(ROOT / "requirements.lock"), "--no-deps", "--disable-pip",
        "-f", "json", "--progress-spinner", "off", "--timeout", "20",
        *(arg for vuln in ignored() for arg in ("--ignore-vuln", vuln)),
    ]
    result = subprocess.run(command, capture_output=True, text=True, timeout=600)
    code, message = verdict(result.returncode, result.stdout, result.stderr)
    print(message, file=sys.stderr if code else sys.stdout)
    return code


if __name__ == "__main__":
    sys.exit(main())
