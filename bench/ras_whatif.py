"""
Benchmark: the RAS what-if (ras.whatif.allocation_whatif) over a council's whole caseload, and
the calibration (ras.selectors.allocation_calibration) over its agreed budgets.

Builds, in a PostgreSQL database of its own, one council of 25,000 open budgets and one of
1,000,000, each budget agreed (a sign-off event) with an indicative budget worked out from 10
answers (250,000 and 10,000,000 stored answer rows) and its compact row in CaseloadPoints (what
`allocation_answers_keep` writes beside every indicative budget), by INSERT ... SELECT
generate_series. Then times the what-if of a draft table (section weights, an adjustment, floor
and ceiling) over each council, and a single plain SQL aggregate over the same rows (the floor:
summing the compact rows' points of the same open budgets), and prints medians and the ratio.
The old floor (the same aggregate over every answer row, which the what-if read until it had
CaseloadPoints) is printed beside it for comparison.

Targets (DESIGN.md): 25,000 under 1 s, 1,000,000 under 5 s. Calibration: well under 1 s at 25,000.

    scripts/services && .venv/bin/python bench/ras_whatif.py [--repeat 5] [--rebuild]
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/pbudget_bench_s3_i4")
os.environ.setdefault("SECRET_KEY", "bench-only-secret-key-0123456789abcdefghijklmnopqrstuvwxyz")
os.environ.update(DEBUG="false", SECURE_SSL_REDIRECT="false", SECURE_COOKIES="false", ALLOWED_HOSTS="testserver")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pbudget.settings")

SIZES = {"bench-25k": 25_000, "bench-1m": 1_000_000}
ANSWERS = 10
SECTIONS = ["looking-after-yourself", "your-home", "people-and-places"]


def ensure_database():
    import psycopg

    name = os.environ["DATABASE_URL"].rsplit("/", 1)[1]
    with psycopg.connect("host=127.0.0.1 user=postgres dbname=postgres", autocommit=True) as conn:
        if not conn.execute("select 1 from pg_database where datname = %s", [name]).fetchone():
            conn.execute(f'create database "{name}"')


def clone(model, template_pk, overrides, source, params):
    """
    INSERT .. SELECT copies of one row made through the ORM (so every column, whoever added it,
    has its proper value), with `overrides` (column -> SQL over `source`) for what differs.
    """
    from django.db import connection

    quote = connection.ops.quote_name
    columns = [f.column for f in model._meta.concrete_fields if not f.primary_key]
    select = ", ".join(overrides.get(c, f"t.{quote(c)}") for c in columns)
    table = model._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"insert into {table} ({', '.join(quote(c) for c in columns)}) select {select} from {table} t, {source} and t.id = %s",
            [*params, template_pk],
        )


def points_of(budget_id):
    return [(budget_id * 7 + q * 13) % 13 for q in range(ANSWERS)]


def build_council(slug, budgets, actor):
    """People, budgets, assessments, indicative budgets and their answers: one made by the ORM, the rest copied set-based."""
    from django.db import connection
    from django.utils import timezone

    from assessment.models import Assessment, Channel, Questionnaire
    from pbudget.lifecycle import Status
    from pbudget.models import Council, Person, PersonalBudget, Team
    from ras.models import Allocation, AllocationAnswer, AllocationTable

    council = Council.objects.create(name=f"Bench {slug}", slug=slug)
    team = Team.objects.create(council=council, name="Bench team")
    table = AllocationTable.objects.create(
        council=council, client_group="", version=1, name="Live", price_per_point_pence=850, floor_weekly_pence=5_000,
        ceiling_weekly_pence=120_000, effective_from="2026-01-01", published_at="2026-01-01T00:00Z",
    )
    questionnaire = Questionnaire.objects.create(council=council, version=1, title="Bench", published_at=timezone.now())
    person = Person.objects.create(council=council, team=team, first_name="P", last_name="Person 0")
    budget = PersonalBudget.objects.create(council=council, person=person, status=Status.ACTIVE, agreed_weekly_pence=30_000)
    assessment = Assessment.objects.create(
        budget=budget, questionnaire=questionnaire, channel=Channel.ONLINE, started_by=actor, submitted_at=timezone.now(), submitted_by=actor,
    )
    points = sum(points_of(budget.pk))
    weekly = max(points * 850, 5_000)
    allocation = Allocation.objects.create(
        budget=budget, assessment=assessment, table=table, total_points=points, weighted_points=points, weekly_pence=weekly,
        yearly_pence=weekly * 52, calculated_weekly_pence=weekly, breakdown=[], steps=[], calculated_by=actor,
    )
    groups = "(array['older_people','physical_disability','learning_disability','mental_health'])[1 + g.i %% 4]"
    clone(Person, person.pk, {"last_name": "'Person ' || g.i", "client_group": groups}, "generate_series(1, %s) g(i) where true", [budgets - 1])
    clone(PersonalBudget, budget.pk, {"person_id": "p.id"}, "pbudget_person p where p.council_id = %s and p.id <> %s", [council.pk, person.pk])
    clone(Assessment, assessment.pk, {"budget_id": "b.id"}, "pbudget_personalbudget b where b.council_id = %s and b.id <> %s", [council.pk, budget.pk])
    # Points 0-12 per answer from a cheap hash of the budget and question; the stored figure is
    # the live table's (sum x 850p, floor 5,000p).
    figure = "greatest(s.points * 850, 5000)"
    clone(Allocation, allocation.pk, {
        "budget_id": "a.budget_id", "assessment_id": "a.id", "total_points": "s.points", "weighted_points": "s.points",
        "weekly_pence": figure, "yearly_pence": f"{figure} * 52", "calculated_weekly_pence": figure,
    }, f"""assessment_assessment a join pbudget_personalbudget b on b.id = a.budget_id
        cross join lateral (select sum((a.budget_id * 7 + q * 13) %% 13) as points from generate_series(0, {ANSWERS - 1}) q) s
        where b.council_id = %s""", [council.pk])
    with connection.cursor() as c:
        c.execute(f"""
            insert into ras_allocationanswer (allocation_id, "order", section_key, question_key, option_key, points)
            select al.id, q, (%s::text[])[1 + q %% 3], 'q' || q, 'o' || ((al.budget_id * 7 + q * 13) %% 13 / 4),
                   (al.budget_id * 7 + q * 13) %% 13
            from ras_allocation al join pbudget_personalbudget b on b.id = al.budget_id
            cross join generate_series(0, {ANSWERS - 1}) q
            where b.council_id = %s
        """, [SECTIONS, council.pk])
    assert AllocationAnswer.objects.filter(allocation=allocation).count() == ANSWERS
    add_compact_rows_and_sign_offs(council)
    return council


def add_compact_rows_and_sign_offs(council):
    """
    Each budget's CaseloadPoints row, worked out from its answers by the migration that backfills
    them (the same rows allocation_answers_keep writes), and its sign-off event, for a council
    built without them.
    """
    import importlib

    from django.db import connection

    from pbudget.lifecycle import Status

    backfill = importlib.import_module("ras.migrations.0005_caseload_points").BACKFILL_SQL
    with connection.cursor() as c:
        c.execute(backfill)
        c.execute("""
            insert into pbudget_budgetevent (budget_id, actor_id, move, from_status, to_status, reason, at)
            select b.id, null, 'approve_plan', %s, %s, '', al.calculated_at + (1 + b.id %% 300) * interval '1 day'
            from pbudget_personalbudget b join ras_allocation al on al.budget_id = b.id
            where b.council_id = %s and not exists (select 1 from pbudget_budgetevent e where e.budget_id = b.id and e.move = 'approve_plan')
        """, [Status.SIGN_OFF, Status.ACTIVE, council.pk])


def build():
    from django.db import connection

    from pbudget.models import Role, User

    with connection.cursor() as cursor:
        names = ", ".join(connection.introspection.django_table_names(only_existing=True, include_views=False))
        cursor.execute(f"truncate {names} restart identity cascade")
    actor = User.objects.create(email="bench@bench.example", full_name="Bench", role=Role.COUNCIL_ADMIN, password="!")
    for slug, budgets in SIZES.items():
        started = time.perf_counter()
        build_council(slug, budgets, actor)
        print(f"built {slug}: {budgets:,} budgets, {budgets * ANSWERS:,} answers in {time.perf_counter() - started:.0f} s", flush=True)
    with connection.cursor() as cursor:
        cursor.execute("analyze")


def draft_for(council):
    from ras.models import AllocationTable

    return AllocationTable.objects.filter(council=council, version=2).first() or AllocationTable.objects.create(
        council=council, client_group="", version=2, name="Draft", price_per_point_pence=900, floor_weekly_pence=6_000,
        ceiling_weekly_pence=100_000, effective_from="2027-04-01",
        section_weights={"looking-after-yourself": "1.5", "your-home": "0.75"},
        adjustments=[{"question_key": "q3", "option_key": "o2", "weekly_pence": -2_500, "label": "Family help"}],
    )


FLOOR_SQL = """
    select count(*), sum(c.total_points) from ras_caseloadpoints c
    where c.council_id = %(council)s
      and not exists (select 1 from pbudget_personalbudget b where b.council_id = %(council)s and b.status = 'closed' and b.id = c.budget_id)
"""
# What the floor was when the what-if read every answer row (before CaseloadPoints).
OLD_FLOOR_SQL = """
    select count(*), sum(a.points) from ras_allocationanswer a
    join ras_allocation al on al.id = a.allocation_id
    join pbudget_personalbudget b on b.id = al.budget_id
    where b.council_id = %(council)s and b.status <> 'closed'
"""


def timed(fn, repeat):
    fn()  # warm the cache once
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        fn()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--rebuild", action="store_true")
    parser.add_argument("--only", choices=list(SIZES), help="time one council only")
    args = parser.parse_args()
    ensure_database()
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection, transaction

    from pbudget.models import BudgetEvent, Council
    from ras.models import CaseloadPoints
    from ras.selectors import allocation_calibration
    from ras.whatif import allocation_whatif

    started = time.perf_counter()
    call_command("migrate", verbosity=0)  # on a database built before CaseloadPoints, this backfills them
    print(f"migrated in {time.perf_counter() - started:.1f} s", flush=True)
    if args.rebuild or Council.objects.filter(slug__in=SIZES).count() != len(SIZES):
        build()
    for council in Council.objects.filter(slug__in=SIZES):
        if not BudgetEvent.objects.filter(budget__council=council, move="approve_plan").exists():  # a database built before them
            started = time.perf_counter()
            add_compact_rows_and_sign_offs(council)
            with connection.cursor() as cursor:
                cursor.execute("analyze")
            print(f"added compact rows and sign-offs to {council.slug} in {time.perf_counter() - started:.0f} s", flush=True)

    def aggregate(sql, council):
        def run():
            with transaction.atomic(), connection.cursor() as cursor:
                cursor.execute("SELECT set_config('jit', 'off', true), set_config('work_mem', '64MB', true)")  # as the what-if runs
                cursor.execute(sql, {"council": council.pk})
                cursor.fetchall()
        return run

    print(f"{'council':<12}{'budgets':>10}{'what-if':>10}{'floor':>9}{'ratio':>7}{'target':>8}{'old floor':>11}{'calibration':>13}")
    for slug, budgets in SIZES.items():
        if args.only and slug != args.only:
            continue
        council = Council.objects.get(slug=slug)
        draft = draft_for(council)
        assert CaseloadPoints.objects.filter(budget__council=council).count() == budgets
        result = allocation_whatif(table=draft)
        assert result.total.people == budgets, (result.total.people, budgets)
        calibration = allocation_calibration(council=council)
        assert calibration["all"].count == budgets, (calibration["all"].count, budgets)

        whatif_s = timed(lambda: allocation_whatif(table=draft), args.repeat)
        floor_s = timed(aggregate(FLOOR_SQL, council), args.repeat)
        old_floor_s = timed(aggregate(OLD_FLOOR_SQL, council), args.repeat)
        calibration_s = timed(lambda: allocation_calibration(council=council), max(1, args.repeat // 2) if budgets > 25_000 else args.repeat)
        target = 1.0 if budgets <= 25_000 else 5.0
        print(f"{slug:<12}{budgets:>10,}{whatif_s:>9.3f}s{floor_s:>8.3f}s{whatif_s / floor_s:>7.2f}{'ok' if whatif_s < target else 'SLOW':>8}"
              f"{old_floor_s:>10.3f}s{calibration_s:>12.3f}s", flush=True)
        t = result.total
        print(f"{'':<12}up {t.up:,}, down {t.down:,}, within 5% {t.within:,}, complex {t.complex:,}; "
              f"yearly £{t.before_yearly_pence / 100:,.0f} -> £{t.after_yearly_pence / 100:,.0f}; "
              f"calibration median ratio {calibration['all'].median_ratio}")


if __name__ == "__main__":
    main()
