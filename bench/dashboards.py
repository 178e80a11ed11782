"""
Benchmark: the managers' dashboards on one large council with five years of history.

Builds (bulk inserts and one COPY, no per-row saves) a council of N budgets (default 25,000: a
large county) in 50 teams with 200 social workers. Each budget has a timeline of up to five years:
opened at a random moment, through assessment, eligibility, the indicative budget, planning and
sign-off (some plans returned once), then yearly reviews (most continue; some vary the plan or
reassess, which go round the stages again; a few end). Budgets in place have an open review.
That is several hundred thousand BudgetEvent rows, which is what the figures page reads.

Then it reports, for each dashboard, the median server time of sequential requests (Django test
client, target under 300 ms) and its query count; and, with --concurrent, the p50/p95 of the
same pages served by gunicorn to 20 concurrent users (a thread pool of HTTP clients).

    scripts/services && .venv/bin/python bench/dashboards.py [--budgets 25000] [--repeat 15] [--concurrent]
"""

import argparse
import datetime
import http.client
import os
import random
import statistics
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/pbudget_bench_dashboards")
os.environ.setdefault("SECRET_KEY", "bench-only-secret-key-0123456789abcdefghijklmnopqrstuvwxyz")
os.environ.update(DEBUG="false", SECURE_SSL_REDIRECT="false", SECURE_COOKIES="false", ALLOWED_HOSTS="testserver,127.0.0.1")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pbudget.settings")

from bench.caseload import empty_council, ensure_database, measure, signed_in  # noqa: E402  (after DATABASE_URL is set)

YEARS = 5
DAY = datetime.timedelta(days=1)


def timeline(rnd, opened, now):
    """One budget's moves from `opened` until now: [(move, from, to, at)], and its status now."""
    events, status, at = [("open", "", "assessment", opened)], "assessment", opened

    def step(move, target, low, high):
        nonlocal status, at
        at = at + rnd.uniform(low, high) * DAY
        if at >= now:
            return False
        events.append((move, status, target, at))
        status = target
        return True

    def to_agreed():
        for move, target, low, high in [("submit_assessment", "eligibility", 1, 40), ("decide_eligible", "allocation", 1, 14),
                                        ("share_allocation", "planning", 1, 21)]:
            if not step(move, target, low, high):
                return False
        return to_signed_off()

    def to_signed_off():
        if not step("submit_plan", "sign_off", 5, 60):
            return False
        if rnd.random() < 0.15 and not (step("return_plan", "planning", 1, 20) and step("submit_plan", "sign_off", 1, 15)):
            return False
        return step("approve_plan", "active", 1, 30)

    if not to_agreed():
        return events, status
    first = True
    while True:
        gap = (56, 70) if first else (330, 380)
        first = False
        if not (step("start_review", "review", *gap)):
            return events, status
        roll = rnd.random()
        if roll < 0.80:
            if not step("continue_after_review", "active", 1, 30):
                return events, status
        elif roll < 0.90:
            if not (step("vary_plan", "planning", 1, 30) and to_signed_off()):
                return events, status
        elif roll < 0.97:
            if not (step("reassess", "assessment", 1, 30) and to_agreed()):
                return events, status
        else:
            step("end_after_review", "closed", 1, 30)
            return events, status


def build(budgets: int):
    from django.db import connection
    from django.utils import timezone

    from pbudget.models import Person, PersonalBudget, Role, User
    from reviews.models import Review, ReviewKind

    council, teams, workers, manager = empty_council()
    admin = User.objects.create(email="admin@bench.example", full_name="Admin", council=council, role=Role.COUNCIL_ADMIN, password="!")
    groups = ["older_people", "physical_disability", "learning_disability", "mental_health"]
    people = Person.objects.bulk_create(
        [Person(council=council, team=teams[i % 50], allocated_worker=workers[i % 200], first_name=f"P{i}",
                last_name=f"Person {i:05d}", client_group=groups[i % 4]) for i in range(budgets)],
        batch_size=5000,
    )
    rnd, now = random.Random(8), timezone.now()
    histories = [timeline(rnd, now - rnd.uniform(0, 365 * YEARS) * DAY, now) for _ in people]
    rows = PersonalBudget.objects.bulk_create(
        [PersonalBudget(council=council, person=person, status=status, opened_at=events[0][3], status_changed_at=events[-1][3],
                        closed_at=events[-1][3] if status == "closed" else None, agreed_weekly_pence=25000)
         for person, (events, status) in zip(people, histories)],
        batch_size=5000,
    )
    # Each move with the two times BudgetEvent.save works out (when the stage it leaves began; on the
    # approval ending a journey, when that began), written in the order of time as a live system
    # appends them.
    moves = []
    for budget, (events, _) in zip(rows, histories):
        actor, previous, started = workers[budget.pk % 200].pk, None, None
        for move, source, target, at in events:
            journey = started if move == "approve_plan" else None
            started = at if move in ("open", "reassess") else (None if move == "approve_plan" else started)
            moves.append((at, budget.pk, actor, move, source, target, previous, journey))
            previous = at
    moves.sort()
    with connection.cursor() as cursor, cursor.connection.cursor().copy(
        "COPY pbudget_budgetevent (budget_id, actor_id, move, from_status, to_status, reason, at, stage_entered_at, journey_started_at) FROM STDIN"
    ) as copy:
        for at, budget, actor, move, source, target, previous, journey in moves:
            copy.write_row((budget, actor, move, source, target, "", at, previous, journey))
    today = timezone.localdate()
    Review.objects.bulk_create(
        [Review(budget=b, kind=ReviewKind.ANNUAL, due_date=(events[-1][3] + 365 * DAY).date())
         for b, (events, status) in zip(rows, histories) if status == "active"],
        batch_size=5000,
    )
    with connection.cursor() as cursor:
        cursor.execute("analyze")
        cursor.execute("select count(*) from pbudget_budgetevent")
        count = cursor.fetchone()[0]
    print(f"built {budgets} budgets with {count} events over {YEARS} years (today {today})", flush=True)
    return manager, admin, people[0]


def pages(manager, admin, person):
    return [
        ("manager: caseload", manager, "/caseload/"),
        ("manager: caseload, sorted by name, page 3", manager, "/caseload/?sort=name&page=3"),
        ("manager: workload", manager, "/caseload/workload/"),
        ("manager: figures, 12 months", manager, "/caseload/figures/"),
        ("manager: figures CSV", manager, "/caseload/figures.csv"),
        ("manager: person timeline", manager, f"/people/{person.pk}/"),
        ("manager: home", manager, "/"),
        ("admin: caseload (council)", admin, "/caseload/"),
        ("admin: figures, 12 months (council)", admin, "/caseload/figures/"),
        ("admin: figures CSV (council)", admin, "/caseload/figures.csv"),
    ]


def sequential(targets, repeat):
    from django.db import connection

    results = {}
    for label, user, url in targets:
        client = signed_in(user)
        connection.force_debug_cursor = True  # the log is cleared when each request starts
        status = client.get(url).status_code
        queries = len(connection.queries_log)
        connection.force_debug_cursor = False
        assert status == 200, (label, status)
        results[label] = (measure(lambda: client.get(url), repeat), queries)
    return results


def concurrent(targets, users=20, per_user=3, port=8765):
    """p50/p95 over `users` threads each asking for every page `per_user` times, via gunicorn."""
    cookies = {}
    for _, user, _ in targets:
        if user.pk not in cookies:
            client = signed_in(user)
            cookies[user.pk] = f"sessionid={client.cookies['sessionid'].value}"
    server = subprocess.Popen(
        [str(ROOT / ".venv/bin/gunicorn"), "pbudget.wsgi", "--bind", f"127.0.0.1:{port}", "--workers", "4", "--log-level", "warning"],
        cwd=ROOT, env={**os.environ, "ALLOWED_HOSTS": "127.0.0.1"},
    )
    try:
        for _ in range(100):
            try:
                http.client.HTTPConnection("127.0.0.1", port, timeout=1).request("GET", "/healthz")
                break
            except OSError:
                time.sleep(0.2)

        def user_session(n):
            conn, timings = http.client.HTTPConnection("127.0.0.1", port, timeout=60), []
            order = targets[n % len(targets):] + targets[:n % len(targets)]
            for _ in range(per_user):
                for label, user, url in order:
                    start = time.perf_counter()
                    conn.request("GET", url, headers={"Cookie": cookies[user.pk], "Host": "127.0.0.1"})
                    response = conn.getresponse()
                    response.read()
                    assert response.status == 200, (label, response.status)
                    timings.append((label, (time.perf_counter() - start) * 1000))
            return timings

        start = time.perf_counter()
        with ThreadPoolExecutor(users) as pool:
            timings = [t for batch in pool.map(user_session, range(users)) for t in batch]
        elapsed = time.perf_counter() - start
    finally:
        server.terminate()
        try:
            server.wait(30)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
    return timings, elapsed


def percentile(values, q):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--budgets", type=int, default=25000)
    parser.add_argument("--repeat", type=int, default=15)
    parser.add_argument("--concurrent", action="store_true", help="also measure p95 with 20 concurrent users via gunicorn")
    parser.add_argument("--small", type=int, default=2500, help="the small council to compare with (0 to skip)")
    args = parser.parse_args()
    ensure_database()
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    small = sequential(pages(*build(args.small)), args.repeat) if args.small else None
    targets = pages(*build(args.budgets))
    full = sequential(targets, args.repeat)
    print(f"\n{'dashboard (median of ' + str(args.repeat) + ')':<42} {args.small:>7} budgets {args.budgets:>7} budgets  ratio  queries")
    for label, (f_ms, f_q) in full.items():
        s_ms, s_q = small[label] if small else (float("nan"), "-")
        print(f"{label:<42} {s_ms:>10.1f} ms {f_ms:>10.1f} ms {f_ms / s_ms:>6.2f}  {s_q} / {f_q}")
    if args.concurrent:
        timings, elapsed = concurrent(targets)
        print(f"\n20 concurrent users, gunicorn 4 workers, {len(timings)} requests in {elapsed:.1f} s "
              f"({len(timings) / elapsed:.0f}/s)")
        print(f"{'page':<42} {'p50':>8} {'p95':>8}")
        for label, _, _ in targets:
            mine = [ms for name, ms in timings if name == label]
            print(f"{label:<42} {percentile(mine, 0.5):>6.0f} ms {percentile(mine, 0.95):>6.0f} ms")
        every = [ms for _, ms in timings]
        print(f"{'all pages':<42} {percentile(every, 0.5):>6.0f} ms {percentile(every, 0.95):>6.0f} ms")


if __name__ == "__main__":
    main()
