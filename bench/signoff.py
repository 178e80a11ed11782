"""
Benchmark: the sign-off queues on a realistic council, and the summary sheet's render time.

Builds a council of N budgets (default 25,000) in 50 teams, 2,500 of them at sign-off with a
submitted plan and an open sign-off request (levels mixed: social worker, team manager, panel),
in a PostgreSQL database of its own, and reports the queue pages' medians, query counts and the
ratio between a small and the full council; then the median time to render one summary sheet
(WeasyPrint, as the worker does it) for a typical plan of four outcomes and eight lines.

    scripts/services && .venv/bin/python bench/signoff.py [--budgets 25000] [--repeat 15]
"""

import argparse
import datetime
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/pbudget_bench_i6")

from bench.caseload import empty_council, ensure_database, measure  # noqa: E402  (sets the environment first)

LEVELS = ["social_worker", "social_worker", "team_manager", "panel"]
WAITING = 2500


def build(budgets: int):
    from decimal import Decimal

    from django.db import connection
    from django.utils import timezone

    from pbudget.lifecycle import Status
    from pbudget.models import Person, PersonalBudget
    from signoff.defaults import default_delegation_rules
    from signoff.models import SignoffRequest, SummarySheet
    from support_planning.models import PlanOutcome, PlanStatus, SupportLine, SupportPlan

    council, teams, workers, manager = empty_council()
    # The manager of five teams is also a senior manager: their queue is the largest, with the
    # whole council's panel plans beside their teams' own.
    type(manager).objects.filter(pk=manager.pk).update(is_senior_manager=True)
    manager.is_senior_manager = True
    rules = default_delegation_rules(council=council)
    people = Person.objects.bulk_create(
        [Person(council=council, team=teams[i % 50], allocated_worker=workers[i % 200], first_name=f"P{i}",
                last_name=f"Person {i}") for i in range(budgets)], batch_size=5000,
    )
    now = timezone.now()
    rows = PersonalBudget.objects.bulk_create(
        # The same 2,500 plans wait (50 a team) whatever the council's size, so the ratio shows
        # what the rest of the caseload costs the queues: it should be about 1.
        [PersonalBudget(council=council, person=person, status=Status.SIGN_OFF if i < WAITING else Status.ACTIVE)
         for i, person in enumerate(people)], batch_size=5000,
    )
    waiting = [b for b in rows if b.status == Status.SIGN_OFF]
    plans = SupportPlan.objects.bulk_create(
        [SupportPlan(budget=b, status=PlanStatus.SUBMITTED, created_by=workers[0], money_management="direct_payment",
                     what_matters="Staying at home and seeing my friends.", contingency="Call my daughter.", submitted_at=now)
         for b in waiting], batch_size=5000,
    )
    SignoffRequest.objects.bulk_create(
        [SignoffRequest(budget=b, plan=plan, plan_lock_version=0, rule_set=rules, level=LEVELS[i % 4], rule="Rule",
                        reason="Why", plan_yearly_pence=520000, indicative_yearly_pence=520000, requested_by=workers[0],
                        requested_at=now - datetime.timedelta(days=i % 20))
         for i, (b, plan) in enumerate(zip(waiting, plans))], batch_size=5000,
    )
    typical = plans[0]
    for n in range(4):
        outcome = PlanOutcome.objects.create(plan=typical, order=n, description=f"Outcome {n + 1}: doing what matters each week")
        for m in range(2):
            SupportLine.objects.create(plan=typical, outcome=outcome, description=f"Support {n}-{m}", provider="Helping Hands",
                                       unit_cost_pence=1500, units_per_week=Decimal("3"))
    sheet = SummarySheet.objects.create(budget=typical.budget, plan=typical, plan_lock_version=0)
    with connection.cursor() as cursor:
        cursor.execute("analyze")
    return workers[0], manager, sheet


def signed_in(user):
    """A client signed in as `user`, past the second factor as a real staff sign-in would be."""
    from django.test import Client
    from django_otp import DEVICE_ID_SESSION_KEY

    from pbudget.accounts import two_factor
    from tests.browser.helpers import authenticator_for

    client = Client()
    client.force_login(user)
    session = client.session
    if session.get(two_factor.REQUIRED_KEY):
        session[DEVICE_ID_SESSION_KEY] = authenticator_for(user).persistent_id
        session.save()
    return client


def run(budgets, repeat, sheet_only=False):
    from django.db import connection

    from signoff.models import SummarySheet
    from signoff.sheets import summary_sheet_render

    worker, manager, sheet = build(budgets)
    results = {}
    for label, user in [] if sheet_only else [("sign-off queue (worker)", worker), ("sign-off queue (senior manager)", manager)]:
        client = signed_in(user)
        connection.force_debug_cursor = True  # the log is cleared when each request starts
        response = client.get("/sign-off/")
        queries = len(connection.queries_log)
        connection.force_debug_cursor = False
        assert response.status_code == 200, (label, response.status_code)
        results[label] = (measure(lambda c=client: c.get("/sign-off/"), repeat), queries)

    def render():
        SummarySheet.objects.filter(pk=sheet.pk).update(state=SummarySheet.State.QUEUED)
        summary_sheet_render(sheet_id=sheet.pk)

    results["summary sheet render"] = (measure(render, max(5, repeat // 2)), 0)
    # CPU time too: on a busy machine the wall clock measures the other processes as well.
    import statistics
    import time

    cpu = []
    for _ in range(max(5, repeat // 2)):
        start = time.process_time()
        render()
        cpu.append((time.process_time() - start) * 1000)
    results["summary sheet render (CPU)"] = (statistics.median(cpu), 0)
    return results


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--budgets", type=int, default=25000)
    parser.add_argument("--repeat", type=int, default=15)
    parser.add_argument("--sheet-only", action="store_true", help="only the summary sheet's render time, on the small council")
    args = parser.parse_args()
    ensure_database()
    import logging

    import django

    django.setup()
    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    small_n = WAITING
    small = run(small_n, args.repeat, sheet_only=args.sheet_only)
    if args.sheet_only:
        print(f"summary sheet render: median {small['summary sheet render'][0]:.1f} ms wall clock, "
              f"{small['summary sheet render (CPU)'][0]:.1f} ms CPU")
        return
    full = run(args.budgets, args.repeat)
    print(f"{'measure':<30} {small_n:>8} budgets {args.budgets:>8} budgets   ratio   queries")
    for label in full:
        s_ms, s_q = small[label]
        f_ms, f_q = full[label]
        print(f"{label:<30} {s_ms:>10.1f} ms {f_ms:>12.1f} ms {f_ms / s_ms:>7.2f}   {s_q} / {f_q}")


if __name__ == "__main__":
    main()
