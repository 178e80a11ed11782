"""
The reminder sweep's recording step: one set-based INSERT ... SELECT that records every reminder
due today, for every council at once, and records nothing it recorded before.

Each open review carries `next_reminder_on`, the date it next has news (its reminder window
opening, its due date, the day after, then weekly while overdue). The sweep looks only at reviews
whose date has come, records their reminders, and moves the date on, in one statement on
PostgreSQL (so the two can never disagree) and in one transaction on SQLite (one writer at a time).
A missed day is caught up: the date stays in the past until a sweep runs.

Why SQL and not a loop: England has about a million personal budgets, and the sweep must find what
is due across all of them in seconds (DESIGN.md section 7). The database does the joining; the
unique constraint on (review, kind, overdue week, email) with ON CONFLICT DO NOTHING makes a second
run, an overlapping run or a retried run record nothing twice. It runs on PostgreSQL (deployments)
and SQLite (the embedded default); only the date difference is written per database.
"""

import datetime

from django.db import connection, transaction
from django.db.models import F
from django.utils import timezone

from pbudget.lifecycle import Status
from pbudget.models import Person, PersonalBudget, Representative, Role, Team, User
from reviews.models import OPEN_REVIEW_STATUSES, ReminderKind, Review, ReviewReminder, ReviewSettings

# Reminders go out only while the budget is in place or under review.
REMINDED_STATUSES = [Status.ACTIVE, Status.REVIEW]

_DAYS_OVERDUE = {
    "postgresql": "(%(today)s::date - r.due_date)",
    "sqlite": "CAST(julianday(%(today)s) - julianday(r.due_date) AS INTEGER)",
}


def _quoted(values) -> str:
    # Only our own enum values go in here, never input.
    return ", ".join(f"'{value}'" for value in values)


def _tables() -> dict:
    return {
        "review": Review._meta.db_table,
        "reminder": ReviewReminder._meta.db_table,
        "budget": PersonalBudget._meta.db_table,
        "person": Person._meta.db_table,
        "user": User._meta.db_table,
        "rep": Representative._meta.db_table,
        "managers": Team.managers.through._meta.db_table,
    }


def _due_sql(vendor: str) -> str:
    """Open reviews of budgets in place whose next reminder date has come, with who to tell."""
    t = _tables()
    return f"""
due AS (
    SELECT r.id AS review_id, p.id AS person_id, p.team_id, p.allocated_worker_id AS worker_id,
           p.user_id AS person_user_id, p.email AS person_email, {_DAYS_OVERDUE[vendor]} AS days_overdue
    FROM {t["review"]} r
    JOIN {t["budget"]} b ON b.id = r.budget_id
    JOIN {t["person"]} p ON p.id = b.person_id
    WHERE r.status IN ({_quoted(OPEN_REVIEW_STATUSES)}) AND b.status IN ({_quoted(REMINDED_STATUSES)})
      AND r.next_reminder_on <= %(today)s
)"""


def _insert_sql() -> str:
    t = _tables()
    return f"""
workers AS (
    -- The allocated worker while they can act on it, else every social worker of the team.
    SELECT d.review_id, d.days_overdue, u.id AS user_id, u.email
    FROM due d JOIN {t["user"]} u ON u.id = d.worker_id AND u.is_active
    UNION ALL
    SELECT d.review_id, d.days_overdue, u.id, u.email
    FROM due d JOIN {t["user"]} u
      ON u.team_id = d.team_id AND u.role = '{Role.SOCIAL_WORKER}' AND u.is_active
    WHERE NOT EXISTS (SELECT 1 FROM {t["user"]} a WHERE a.id = d.worker_id AND a.is_active)
),
wanted AS (
    -- Upcoming (and still after the due date, if the window was missed): the person at their own
    -- address, else at their sign-in address while they can sign in; representatives who still
    -- act for them; the worker (before the due date).
    SELECT d.review_id, '{ReminderKind.UPCOMING}' AS kind, 0 AS week, pu.id AS user_id,
           COALESCE(NULLIF(TRIM(d.person_email), ''), CASE WHEN pu.is_active THEN pu.email END) AS email
    FROM due d LEFT JOIN {t["user"]} pu ON pu.id = d.person_user_id
    UNION ALL
    SELECT d.review_id, '{ReminderKind.UPCOMING}', 0, u.id, u.email
    FROM due d
    JOIN {t["rep"]} rep ON rep.person_id = d.person_id AND rep.ended_at IS NULL
    JOIN {t["user"]} u ON u.id = rep.user_id AND u.is_active
    UNION ALL
    -- The worker's upcoming reminder only before the due date: after it, their DUE one says the
    -- same (that it is overdue), and one email is enough.
    SELECT w.review_id, '{ReminderKind.UPCOMING}', 0, w.user_id, w.email FROM workers w WHERE w.days_overdue < 0
    UNION ALL
    -- On the day (or the first sweep after it, if beat missed the day).
    SELECT w.review_id, '{ReminderKind.DUE}', 0, w.user_id, w.email FROM workers w WHERE w.days_overdue >= 0
    UNION ALL
    -- Overdue: the team's managers, once for each week it stays overdue.
    SELECT d.review_id, '{ReminderKind.OVERDUE}', (d.days_overdue - 1) / 7, u.id, u.email
    FROM due d
    JOIN {t["managers"]} tm ON tm.team_id = d.team_id
    JOIN {t["user"]} u ON u.id = tm.user_id AND u.is_active
    WHERE d.days_overdue >= 1
)
INSERT INTO {t["reminder"]} (review_id, kind, overdue_week, recipient_id, email, created_at)
SELECT review_id, kind, week, user_id, LOWER(TRIM(email)), %(now)s FROM wanted
WHERE email IS NOT NULL AND TRIM(email) <> ''
ON CONFLICT DO NOTHING"""


# The next date with news: the due date (before it), the day after (on it), a week on (after it).
_NEXT_DATE = """CASE WHEN d.days_overdue < 0 THEN r.due_date
                     WHEN d.days_overdue = 0 THEN %(tomorrow)s ELSE %(next_week)s END"""


def _advance_sql(vendor: str) -> str:
    table = _tables()["review"]
    if vendor == "postgresql":
        return f"""advanced AS (
    UPDATE {table} r SET next_reminder_on = {_NEXT_DATE} FROM due d WHERE r.id = d.review_id
)"""
    # SQLite has no UPDATE inside WITH, nor UPDATE ... FROM aliases for the target in older versions.
    return f"""WITH {_due_sql(vendor)}
UPDATE {table} SET next_reminder_on = (
    SELECT CASE WHEN d.days_overdue < 0 THEN {table}.due_date
                WHEN d.days_overdue = 0 THEN %(tomorrow)s ELSE %(next_week)s END
    FROM due d WHERE d.review_id = {table}.id
) WHERE id IN (SELECT review_id FROM due)"""


def reminders_record_due(*, today: datetime.date) -> int:
    """
    Record (not send) every reminder due on `today` (a council-calendar date): UPCOMING to the
    person and their representatives from the council's `reminder_lead_days` before the due
    date (and still after it, if the window was missed), and to the worker (the allocated one,
    else the team's social workers) before the due date; DUE to the worker from the due date;
    OVERDUE to the team's managers from the day after, once a week while it stays overdue.
    Moves each review's `next_reminder_on` on in the same statement. (Reviews of closed budgets
    are closed with the budget, by `reviews_close_with_budget`.) Idempotent (a unique constraint
    and ON CONFLICT DO NOTHING); a fixed number of queries whatever the number of budgets.
    Returns the number of reminders newly recorded.
    """
    params = {
        "today": today, "tomorrow": today + datetime.timedelta(days=1),
        "next_week": today + datetime.timedelta(days=7), "now": timezone.now(),
    }
    vendor = connection.vendor
    with transaction.atomic():
        reviews_set_next_reminder()
        with connection.cursor() as cursor:
            if vendor == "postgresql":
                cursor.execute(f"WITH {_due_sql(vendor)}, {_advance_sql(vendor)}, {_insert_sql()}", params)
                return cursor.rowcount
            cursor.execute(f"WITH {_due_sql(vendor)}, {_insert_sql()}", params)
            inserted = cursor.rowcount
            cursor.execute(_advance_sql(vendor), params)
            return inserted


def reviews_set_next_reminder(*, only_unset: bool = True) -> int:
    """
    Give open reviews without a next reminder date (newly scheduled, due date changed, the
    council's lead days changed) their reminder window's opening: the due date less the
    council's lead days. One UPDATE per distinct lead in use, never a loop over reviews.
    """
    reviews = Review.objects.filter(status__in=OPEN_REVIEW_STATUSES, next_reminder_on__isnull=True)
    if not reviews.exists():
        return 0
    default = ReviewSettings._meta.get_field("reminder_lead_days").default
    councils_by_lead = {}
    for council, lead in ReviewSettings.objects.values_list("council_id", "reminder_lead_days"):
        councils_by_lead.setdefault(lead, []).append(council)
    customised = [council for councils in councils_by_lead.values() for council in councils]
    changed = reviews.exclude(budget__council_id__in=customised).update(
        next_reminder_on=F("due_date") - datetime.timedelta(days=default)
    )
    for lead, councils in councils_by_lead.items():
        changed += reviews.filter(budget__council_id__in=councils).update(
            next_reminder_on=F("due_date") - datetime.timedelta(days=lead)
        )
    return changed
