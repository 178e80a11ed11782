"""
Benchmark: caseload pages and the review-reminder sweep on a realistic council.

Builds a council of N budgets (default 25,000: one large county) in 50 teams of social workers,
spread across the stages, with a review for every budget in place, in a PostgreSQL database of
its own, and reports medians, query counts and the ratio between a small and the full council.
Pages should cost the same whatever the council's size (they read one team or one manager's
teams through indexes).

    scripts/services && .venv/bin/python bench/caseload.py [--budgets 25000] [--repeat 15]
"""

import argparse
import datetime
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/pbudget_bench")
os.environ.setdefault("SECRET_KEY", "bench-only-secret-key-0123456789abcdefghijklmnopqrstuvwxyz")
os.environ.update(DEBUG="false", SECURE_SSL_REDIRECT="false", SECURE_COOKIES="false", ALLOWED_HOSTS="testserver")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pbudget.settings")


def ensure_database():
    import psycopg

    name = os.environ["DATABASE_URL"].rsplit("/", 1)[1]
    with psycopg.connect("host=127.0.0.1 user=postgres dbname=postgres", autocommit=True) as conn:
        if not conn.execute("select 1 from pg_database where datname = %s", [name]).fetchone():
            conn.execute(f'create database "{name}"')


def empty_council():
    """Empty the database, then one council of 50 teams, 200 social workers and a manager of five teams."""
    from django.db import connection

    from pbudget.models import Council, Role, Team, User

    with connection.cursor() as cursor:
        tables = ", ".join(connection.introspection.django_table_names(only_existing=True, include_views=False))
        cursor.execute(f"truncate {tables} restart identity cascade")
    council = Council.objects.create(name="Bench County Council", slug="bench")
    teams = Team.objects.bulk_create([Team(council=council, name=f"Team {i:02d}") for i in range(50)])
    password = "!"  # unusable: the bench signs in with force_login
    workers = User.objects.bulk_create(
        [User(email=f"worker{i}@bench.example", full_name=f"Worker {i:03d}", council=council, role=Role.SOCIAL_WORKER,
              team=teams[i % 50], password=password) for i in range(200)]
    )
    manager = User.objects.create(email="manager@bench.example", full_name="Manager", council=council,
                                  role=Role.TEAM_MANAGER, password=password)
    for team in teams[:5]:
        team.managers.add(manager)
    return council, teams, workers, manager


def build(budgets: int):
    from django.db import connection
    from django.utils import timezone

    from pbudget.lifecycle import Status
    from pbudget.models import Person, PersonalBudget
    from reviews.models import Review, ReviewKind

    council, teams, workers, manager = empty_council()
    people = Person.objects.bulk_create(
        [Person(council=council, team=teams[i % 50], allocated_worker=workers[i % 200], first_name=f"P{i}",
                last_name=f"Person {i}", email=f"p{i}@bench.example") for i in range(budgets)],
        batch_size=5000,
    )
    statuses = [Status.ACTIVE] * 6 + [Status.ASSESSMENT, Status.ELIGIBILITY, Status.PLANNING, Status.SIGN_OFF]
    now = timezone.now()
    rows = PersonalBudget.objects.bulk_create(
        [PersonalBudget(council=council, person=person, status=statuses[i % 10], agreed_weekly_pence=25000,
                        status_changed_at=now - datetime.timedelta(days=i % 90)) for i, person in enumerate(people)],
        batch_size=5000,
    )
    today = timezone.localdate()
    Review.objects.bulk_create(
        [Review(budget=b, kind=ReviewKind.ANNUAL, due_date=today + datetime.timedelta(days=(i % 365) - 30))
         for i, b in enumerate(rows) if b.status == Status.ACTIVE],
        batch_size=5000,
    )
    with connection.cursor() as cursor:
        cursor.execute("analyze")
    return workers[0], manager


def signed_in(user):
    """A test client signed in as `user`, past the second factor staff need (as django_otp.login marks it)."""
    from django.test import Client
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from pbudget.accounts import two_factor

    client = Client()
    client.force_login(user)
    session = client.session
    if session.get(two_factor.REQUIRED_KEY):
        device = TOTPDevice.objects.filter(user=user, confirmed=True).first() or TOTPDevice.objects.create(
            user=user, name="Bench authenticator", confirmed=True
        )
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
        session.save()
    return client


def measure(fn, repeat):
    fn()  # warm caches
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def run(budgets, repeat):
    from django.db import connection, transaction
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    from reviews.models import ReviewReminder
    from reviews.services import reminders_record_due

    worker, manager = build(budgets)
    results = {}
    for label, user, url in [("worker home", worker, "/"), ("manager home", manager, "/"),
                             ("sign-off queue (worker)", worker, "/sign-off/"), ("reviews due (worker)", worker, "/reviews/")]:
        client = signed_in(user)
        connection.force_debug_cursor = True  # the log is cleared when each request starts
        status = client.get(url).status_code
        queries = len(connection.queries_log)
        connection.force_debug_cursor = False
        assert status == 200, (label, status)
        results[label] = (measure(lambda: client.get(url), repeat), queries)

    def sweep():
        with transaction.atomic():
            reminders_record_due(today=timezone.localdate())
            transaction.set_rollback(True)  # measure the same work every time

    with CaptureQueriesContext(connection) as ctx:
        sweep()
    results["reminder sweep: record due"] = (measure(sweep, max(3, repeat // 3)), len(ctx.captured_queries))
    assert ReviewReminder.objects.count() == 0
    return results


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--budgets", type=int, default=25000)
    parser.add_argument("--repeat", type=int, default=15)
    args = parser.parse_args()
    ensure_database()
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    small_n = max(500, args.budgets // 10)
    small = run(small_n, args.repeat)
    full = run(args.budgets, args.repeat)
    print(f"{'measure':<30} {small_n:>8} budgets {args.budgets:>8} budgets   ratio   queries")
    for label in full:
        s_ms, s_q = small[label]
        f_ms, f_q = full[label]
        print(f"{label:<30} {s_ms:>10.1f} ms {f_ms:>12.1f} ms {f_ms / s_ms:>7.2f}   {s_q} / {f_q}")


if __name__ == "__main__":
    main()
