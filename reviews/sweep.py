"""
The reminder sweep's recording step: one set-based INSERT ... SELECT that records every reminder
due today, for every council at once, and records nothing it recorded before.

Why SQL and not a loop: England has about a million personal budgets, and the sweep must find what
is due across all of them in seconds (DESIGN.md section 7). The database does the joining; the
unique constraint on (review, kind, overdue week, email) with ON CONFLICT DO NOTHING makes a second
run, an overlapping run or a retried run record nothing twice. It runs on PostgreSQL (deployments)
and SQLite (the embedded default); only the date difference is written per database.
"""

import datetime

from django.db import connection
from django.db.models import Max
from django.utils import timezone

from pbudget.lifecycle import Status
from pbudget.models import Person, PersonalBudget, Representative, Role, Team, User
from reviews.models import OPEN_REVIEW_STATUSES, ReminderKind, Review, ReviewReminder, ReviewSettings, ReviewStatus

# Reminders go out only while the budget is in place or under review.
REMINDED_STATUSES = [Status.ACTIVE, Status.REVIEW]

_DAYS_OVERDUE = {
    "postgresql": "(%s::date - r.due_date)",
    "sqlite": "CAST(julianday(%s) - julianday(r.due_date) AS INTEGER)",
}


def _quoted(values) -> str:
    # Only our own enum values go in here, never input.
    return ", ".join(f"'{value}'" for value in values)


def _sweep_sql(vendor: str) -> str:
    tables = {
        "review": Review._meta.db_table,
        "reminder": ReviewReminder._meta.db_table,
        "settings": ReviewSettings._meta.db_table,
        "budget": PersonalBudget._meta.db_table,
        "person": Person._meta.db_table,
        "user": User._meta.db_table,
        "rep": Representative._meta.db_table,
        "managers": Team.managers.through._meta.db_table,
    }
    return f"""
WITH due AS (
    SELECT r.id AS review_id, p.id AS person_id, p.team_id, p.allocated_worker_id AS worker_id,
           p.user_id AS person_user_id, p.email AS person_email,
           {_DAYS_OVERDUE[vendor]} AS days_overdue,
           COALESCE(s.reminder_lead_days, {ReviewSettings._meta.get_field("reminder_lead_days").default}) AS lead_days
    FROM {tables["review"]} r
    JOIN {tables["budget"]} b ON b.id = r.budget_id
    JOIN {tables["person"]} p ON p.id = b.person_id
    LEFT JOIN {tables["settings"]} s ON s.council_id = b.council_id
    WHERE r.status IN ({_quoted(OPEN_REVIEW_STATUSES)}) AND b.status IN ({_quoted(REMINDED_STATUSES)})
      AND r.due_date <= %s
),
workers AS (
    -- The allocated worker while they can act on it, else every social worker of the team.
    SELECT d.review_id, d.days_overdue, d.lead_days, u.id AS user_id, u.email
    FROM due d JOIN {tables["user"]} u ON u.id = d.worker_id AND u.is_active
    UNION ALL
    SELECT d.review_id, d.days_overdue, d.lead_days, u.id, u.email
    FROM due d JOIN {tables["user"]} u
      ON u.team_id = d.team_id AND u.role = '{Role.SOCIAL_WORKER}' AND u.is_active
    WHERE NOT EXISTS (SELECT 1 FROM {tables["user"]} a WHERE a.id = d.worker_id AND a.is_active)
),
wanted AS (
    -- The person at their own address, else at their sign-in address while they can sign in.
    SELECT d.review_id, '{ReminderKind.UPCOMING}' AS kind, 0 AS week, pu.id AS user_id,
           COALESCE(NULLIF(TRIM(d.person_email), ''), CASE WHEN pu.is_active THEN pu.email END) AS email
    FROM due d LEFT JOIN {tables["user"]} pu ON pu.id = d.person_user_id
    WHERE d.days_overdue >= -d.lead_days
    UNION ALL
    -- Representatives who still act for the person.
    SELECT d.review_id, '{ReminderKind.UPCOMING}', 0, u.id, u.email
    FROM due d
    JOIN {tables["rep"]} rep ON rep.person_id = d.person_id AND rep.ended_at IS NULL
    JOIN {tables["user"]} u ON u.id = rep.user_id AND u.is_active
    WHERE d.days_overdue >= -d.lead_days
    UNION ALL
    SELECT w.review_id, '{ReminderKind.UPCOMING}', 0, w.user_id, w.email FROM workers w
    WHERE w.days_overdue >= -w.lead_days
    UNION ALL
    -- On the day (or the first sweep after it, if beat missed the day).
    SELECT w.review_id, '{ReminderKind.DUE}', 0, w.user_id, w.email FROM workers w WHERE w.days_overdue >= 0
    UNION ALL
    -- Overdue: the team's managers, once for each week it stays overdue.
    SELECT d.review_id, '{ReminderKind.OVERDUE}', (d.days_overdue - 1) / 7, u.id, u.email
    FROM due d
    JOIN {tables["managers"]} tm ON tm.team_id = d.team_id
    JOIN {tables["user"]} u ON u.id = tm.user_id AND u.is_active
    WHERE d.days_overdue >= 1
)
INSERT INTO {tables["reminder"]} (review_id, kind, overdue_week, recipient_id, email, created_at)
SELECT review_id, kind, week, user_id, LOWER(TRIM(email)), %s FROM wanted
WHERE email IS NOT NULL AND TRIM(email) <> ''
ON CONFLICT DO NOTHING
"""


def reminders_record_due(*, today: datetime.date) -> int:
    """
    Record (not send) every reminder due on `today` (a council-calendar date), in one statement:
    UPCOMING to the person, their representatives and the worker (the allocated one, else the
    team's social workers) from the council's `reminder_lead_days` before the due date, and still
    after it if the window was missed; DUE to the worker from the due date; OVERDUE to the team's
    managers from the day after, one for each week it stays overdue. Also closes open reviews
    whose budget has been closed. Idempotent, three queries whatever the number of budgets.
    Returns the number of reminders newly recorded.
    """
    longest_lead = max(
        ReviewSettings.objects.aggregate(longest=Max("reminder_lead_days"))["longest"] or 0,
        ReviewSettings._meta.get_field("reminder_lead_days").default,
    )
    reviews_close_with_their_budgets()
    with connection.cursor() as cursor:
        cursor.execute(
            _sweep_sql(connection.vendor),
            [today, today + datetime.timedelta(days=longest_lead), timezone.now()],
        )
        return cursor.rowcount


def reviews_close_with_their_budgets() -> int:
    """An open review of a budget closed since (ended, moved away) is closed too: one UPDATE."""
    return Review.objects.filter(status__in=OPEN_REVIEW_STATUSES, budget__status=Status.CLOSED).update(
        status=ReviewStatus.CLOSED
    )
