"""
Benchmark: the review-reminder sweep over 1,000,000 personal budgets (all of England) in PostgreSQL.

Builds, with set-based SQL (generate_series, no Python loop), 150 councils of 5 teams each, 4
social workers and a manager per team, and N people with a budget each (default 1,000,000): 70%
in place, 5% under review, the rest at earlier stages. Every budget in place or under review has
an open review due somewhere from 35 days ago to a year ahead, and a third of the councils remind
21 days ahead instead of 14. Then it times `reminders_record_due` (reviews.sweep):

  - first run: records everything due from nothing, on a data set never swept before: a one-off
    catch-up, owing every reminder of the last weeks at once (see the note in main()), rolled back
    each time (with the foreign-key checks a commit makes);
  - second run: the same day again, which must record nothing;
  - next day: the everyday sweep, recording only what has news today, rolled back each time.

Target (DESIGN.md section 7): finding what is due across 1,000,000 budgets in under 5 s.

    scripts/services && .venv/bin/python bench/reminders.py [--budgets 1000000] [--repeat 5]
"""

import argparse
import datetime
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/pbudget_bench_i7")
os.environ.setdefault("SECRET_KEY", "bench-only-secret-key-0123456789abcdefghijklmnopqrstuvwxyz")
os.environ.update(DEBUG="false", SECURE_SSL_REDIRECT="false", SECURE_COOKIES="false", ALLOWED_HOSTS="testserver")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pbudget.settings")

from bench.caseload import ensure_database  # noqa: E402  (after DATABASE_URL is set: it creates that one)

COUNCILS, TEAMS_PER_COUNCIL, WORKERS_PER_TEAM = 150, 5, 4


BUILD = """
INSERT INTO pbudget_council (id, name, slug, retention_years)
SELECT c, 'Council ' || c, 'council-' || c, 8 FROM generate_series(1, {councils}) c;

INSERT INTO pbudget_team (id, council_id, name)
SELECT t, (t - 1) / {tpc} + 1, 'Team ' || t FROM generate_series(1, {teams}) t;

-- Social workers (ids 1..teams*wpt), then one manager per team.
INSERT INTO pbudget_user (id, email, full_name, council_id, role, team_id, is_active, is_staff, is_superuser,
                          date_joined, password)
SELECT u, 'worker' || u || '@bench.example', 'Worker ' || u, ((u - 1) / {wpt}) / {tpc} + 1, 'social_worker',
       (u - 1) / {wpt} + 1, mod(u, 97) <> 0, false, false, now(), '!'
FROM generate_series(1, {teams} * {wpt}) u;
INSERT INTO pbudget_user (id, email, full_name, council_id, role, team_id, is_active, is_staff, is_superuser,
                          date_joined, password)
SELECT {teams} * {wpt} + t, 'manager' || t || '@bench.example', 'Manager ' || t, (t - 1) / {tpc} + 1,
       'team_manager', NULL, true, false, false, now(), '!'
FROM generate_series(1, {teams}) t;
INSERT INTO pbudget_team_managers (team_id, user_id) SELECT t, {teams} * {wpt} + t FROM generate_series(1, {teams}) t;

-- People: one in ten without an allocated worker (the team is told instead).
INSERT INTO pbudget_person (id, council_id, team_id, allocated_worker_id, first_name, last_name, email,
                            client_group, created_at, legal_hold)
SELECT i, mod(i - 1, {teams}) / {tpc} + 1, mod(i - 1, {teams}) + 1,
       CASE WHEN mod(i, 10) = 0 THEN NULL ELSE mod(i - 1, {teams}) * {wpt} + mod(i, {wpt}) + 1 END,
       'P' || i, 'Person ' || i, 'p' || i || '@bench.example', 'older_people', now(), false
FROM generate_series(1, {budgets}) i;

INSERT INTO pbudget_personalbudget (id, council_id, person_id, status, opened_at, status_changed_at,
                                    agreed_weekly_pence)
SELECT i, mod(i - 1, {teams}) / {tpc} + 1, i,
       CASE WHEN mod(i, 20) < 14 THEN 'active' WHEN mod(i, 20) = 14 THEN 'review' WHEN mod(i, 20) = 15 THEN 'assessment'
            WHEN mod(i, 20) = 16 THEN 'planning' WHEN mod(i, 20) = 17 THEN 'sign_off' ELSE 'closed' END,
       now(), now(), 25000
FROM generate_series(1, {budgets}) i;

INSERT INTO reviews_review (budget_id, kind, due_date, status, scheduled_at, notes, outcomes_met, next_step)
SELECT b.id, 'annual', %(today)s::date + (mod(b.id * 7919, 400) - 35)::int,
       CASE WHEN b.status = 'review' THEN 'in_progress' ELSE 'scheduled' END, now(), '', '', ''
FROM pbudget_personalbudget b WHERE b.status IN ('active', 'review');

INSERT INTO reviews_reviewsettings (council_id, first_review_weeks, annual_review_months, reminder_lead_days)
SELECT c, 8, 12, 21 FROM generate_series(1, {councils}) c WHERE mod(c, 3) = 0;

SELECT setval(pg_get_serial_sequence('pbudget_user', 'id'), (SELECT max(id) FROM pbudget_user));
SELECT setval(pg_get_serial_sequence('pbudget_person', 'id'), (SELECT max(id) FROM pbudget_person));
SELECT setval(pg_get_serial_sequence('pbudget_personalbudget', 'id'), (SELECT max(id) FROM pbudget_personalbudget));
"""


def build(budgets: int, today: datetime.date):
    from django.db import connection

    teams = COUNCILS * TEAMS_PER_COUNCIL
    sql = BUILD.format(councils=COUNCILS, tpc=TEAMS_PER_COUNCIL, teams=teams, wpt=WORKERS_PER_TEAM, budgets=budgets)
    started = time.perf_counter()
    with connection.cursor() as cursor:
        tables = ", ".join(connection.introspection.django_table_names(only_existing=True, include_views=False))
        cursor.execute(f"truncate {tables} restart identity cascade")
        for statement in filter(str.strip, sql.split(";\n")):
            cursor.execute(statement, {"today": today} if "%(today)s" in statement else None)
        cursor.execute("analyze")
        cursor.execute("select count(*) from reviews_review")
        reviews = cursor.fetchone()[0]
    print(f"built {budgets:,} budgets and {reviews:,} open reviews in {time.perf_counter() - started:.1f} s")


def timed(fn, repeat):
    times, result = [], None
    for _ in range(repeat):
        started = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - started)
    return statistics.median(times), min(times), max(times), result


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--budgets", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--no-build", action="store_true", help="reuse the data set already built")
    args = parser.parse_args()
    ensure_database()
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection, transaction

    from reviews.models import Review, ReviewReminder
    from reviews.sweep import reminders_record_due, reviews_set_next_reminder

    call_command("migrate", verbosity=0)
    today = datetime.date(2026, 11, 23)
    if not args.no_build:
        build(args.budgets, today)
    ReviewReminder.objects.all().delete()
    Review.objects.update(next_reminder_on=None)
    started = time.perf_counter()
    reviews_set_next_reminder()  # once, after the upgrade that added the dates
    print(f"next reminder dates for every open review set in {time.perf_counter() - started:.1f} s (once)")
    with connection.cursor() as cursor:
        cursor.execute("analyze reviews_review")

    def rolled_back(day):
        def run():
            with transaction.atomic():
                inserted = reminders_record_due(today=day)
                # The foreign keys are checked at commit: check them now, so the time includes
                # everything a committed run pays, then roll back to do the same work each time.
                with connection.cursor() as cursor:
                    cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
                transaction.set_rollback(True)
            return inserted
        return run

    results = [("first run (records all due)", *timed(rolled_back(today), args.repeat))]
    reminders_record_due(today=today)  # committed: now a second run finds everything recorded
    with connection.cursor() as cursor:
        cursor.execute("analyze reviews_reviewreminder")
    results.append(("second run (records nothing)", *timed(lambda: reminders_record_due(today=today), args.repeat)))
    results.append(("next day (records what is new)", *timed(rolled_back(today + datetime.timedelta(days=1)), args.repeat)))

    print(f"{'sweep over ' + format(args.budgets, ',') + ' budgets':<34} {'median':>8} {'min':>8} {'max':>8} {'inserted':>10}")
    for label, median, low, high, inserted in results:
        print(f"{label:<34} {median:>7.2f}s {low:>7.2f}s {high:>7.2f}s {inserted:>10,}")
    print("target: under 5 s; ratio median/target: " + ", ".join(f"{r[1] / 5:.2f} ({r[0].split(' (')[0]})" for r in results))


if __name__ == "__main__":
    main()
