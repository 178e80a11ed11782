"""The RAS data migrations: compact caseload rows and table history for what existed before them."""

import importlib

import pytest
from django.db import connection
from django.db.migrations.loader import MigrationLoader

from tests.migrations import migrate, newest_afterwards


def newest(app):
    """The app's newest migration, so its historical models have every column the database has."""
    return [node for node in MigrationLoader(connection).graph.leaf_nodes() if node[0] == app]


@pytest.mark.django_db(transaction=True)
def test_the_migration_backfills_each_budgets_newest_indicative_budget():
    with newest_afterwards():
        old = migrate([("ras", "0004_allocation_letter"), *newest("assessment")])
        old_ids = _old_caseload(old)
        new = migrate([("ras", "0005_caseload_points"), *newest("assessment")])
        rows = {r.budget_id: r for r in new.get_model("ras", "CaseloadPoints").objects.all()}
        assert set(rows) == {old_ids["budget"], old_ids["other_budget"]}  # the budget without answers too
        kept = rows[old_ids["budget"]]
        assert kept.allocation_id == old_ids["newest"] and kept.weekly_pence == 42_000  # not the older record
        assert (kept.total_points, kept.section_points, kept.answers) == (9, {"care": 7, "home": 2}, {"q1": "a", "q2": "b", "q3": "c"})
        other = rows[old_ids["other_budget"]]
        assert (other.total_points, other.section_points, other.answers) == (0, {}, {})
        # The other databases' way (the embedded SQLite default) gives the same rows as PostgreSQL's statement.
        CaseloadPoints = new.get_model("ras", "CaseloadPoints")
        by_sql = sorted(CaseloadPoints.objects.values_list("budget_id", "allocation_id", "weekly_pence", "total_points", "section_points", "answers"))
        CaseloadPoints.objects.all().delete()
        importlib.import_module("ras.migrations.0005_caseload_points").backfill_in_python(new)
        assert sorted(CaseloadPoints.objects.values_list("budget_id", "allocation_id", "weekly_pence", "total_points", "section_points", "answers")) == by_sql


def _old_caseload(old):
    """In the schema before CaseloadPoints: a budget with two indicative budgets, and one with no answers kept."""
    Council, Team, Person = (old.get_model("pbudget", n) for n in ("Council", "Team", "Person"))
    User, Budget = old.get_model("pbudget", "User"), old.get_model("pbudget", "PersonalBudget")
    council = Council.objects.create(name="Oldshire", slug="oldshire")
    team = Team.objects.create(council=council, name="Old team")
    actor = User.objects.create(email="old@example.org", full_name="Old", role="social_worker", council=council, team=team, password="!")
    questionnaire = old.get_model("assessment", "Questionnaire").objects.create(council=council, version=1, title="Old")
    table_ = old.get_model("ras", "AllocationTable").objects.create(
        council=council, version=1, name="Old", price_per_point_pence=1_000, floor_weekly_pence=0,
        ceiling_weekly_pence=100_000, effective_from="2026-01-01",
    )
    Allocation, Answer = old.get_model("ras", "Allocation"), old.get_model("ras", "AllocationAnswer")
    ids = {}
    for key in ("budget", "other_budget"):
        person = Person.objects.create(council=council, team=team, first_name="Old", last_name=key)
        budget = Budget.objects.create(council=council, person=person, status="planning")
        assessment = old.get_model("assessment", "Assessment").objects.create(
            budget=budget, questionnaire=questionnaire, channel="online", started_by=actor,
        )
        figures = (30_000, 42_000) if key == "budget" else (5_000,)
        for weekly in figures:
            allocation = Allocation.objects.create(
                budget=budget, assessment=assessment, table=table_, total_points=9, weekly_pence=weekly, yearly_pence=weekly * 52,
                calculated_weekly_pence=weekly, override_reason="Old" if weekly == 42_000 else "", breakdown=[], steps=[], calculated_by=actor,
            )
            if key == "budget":
                for n, (section, question, option, points) in enumerate([("care", "q1", "a", 4), ("home", "q2", "b", 2), ("care", "q3", "c", 3)]):
                    Answer.objects.create(allocation=allocation, order=n, section_key=section, question_key=question, option_key=option, points=points)
        ids[key] = budget.pk
        ids["newest" if key == "budget" else "other_newest"] = allocation.pk
    assert Allocation.objects.count() == 3
    return ids


@pytest.mark.django_db(transaction=True)
def test_the_history_migration_keeps_what_is_known_of_each_version():
    with newest_afterwards():
        old = migrate([("ras", "0005_caseload_points")])
        Council, Team, User = (old.get_model("pbudget", n) for n in ("Council", "Team", "User"))
        council = Council.objects.create(name="Oldshire", slug="oldshire")
        admin = User.objects.create(email="admin@example.org", full_name="Ada Admin", role="council_admin", council=council, password="!")
        Table, AuditEntry = old.get_model("ras", "AllocationTable"), old.get_model("pbudget", "AuditEntry")

        def table(group, name, **extra):
            return Table.objects.create(
                council=council, client_group=group, version=1, name=name, price_per_point_pence=1_000, floor_weekly_pence=0,
                ceiling_weekly_pence=100_000, effective_from="2026-01-01", created_by=admin, created_at="2026-02-01T10:00Z", **extra,
            )

        published = table("", "Council-wide", published_at="2026-03-01T09:00Z", published_by=admin)
        draft = table("older_people", "Older people")
        twins = [table(group, "Same name") for group in ("mental_health", "learning_disability")]
        for what in ("Changed draft allocation table Older people, version 1", "Changed draft allocation table Same name, version 1"):
            AuditEntry.objects.create(user=admin, council=council, action="change", what=what, at="2026-02-02T10:00Z")

        new = migrate([("ras", "0006_table_history")])
        events = new.get_model("ras", "AllocationTableEvent").objects.order_by("table_id", "at", "pk")
        kept = [(e.table_id, e.kind, e.actor_id, e.at.isoformat()) for e in events]
        assert kept == [
            (published.pk, "started", admin.pk, "2026-02-01T10:00:00+00:00"), (published.pk, "published", admin.pk, "2026-03-01T09:00:00+00:00"),
            (draft.pk, "started", admin.pk, "2026-02-01T10:00:00+00:00"), (draft.pk, "edited", admin.pk, "2026-02-02T10:00:00+00:00"),
            # The audit entry's words fit both of these, so neither is given the edit.
            (twins[0].pk, "started", admin.pk, "2026-02-01T10:00:00+00:00"), (twins[1].pk, "started", admin.pk, "2026-02-01T10:00:00+00:00"),
        ]
