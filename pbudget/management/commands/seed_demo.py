"""
Two demo councils with people at every stage, made by driving the real services, so the demo
data is exactly what the app itself would have written. Like the home pages, this sits above the
stage apps. Refuses to run unless DEMO_MODE is on (it is by default only with DEBUG).
"""

import base64
import datetime
from decimal import Decimal

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django_otp.plugins.otp_totp.models import TOTPDevice

from assessment.defaults import default_questionnaire
from assessment.selectors import question_next
from assessment.services import assessment_answer, assessment_start, assessment_submit, eligibility_decide
from pbudget.accounts import two_factor
from pbudget.lifecycle import Status
from pbudget.models import ClientGroup, Council, Person, Representative, Role, Team, User
from pbudget.services import budget_open
from ras.defaults import default_allocation_table
from ras.services import allocation_share
from reviews.conduct import review_person_part_save
from reviews.selectors import review_open, review_plan_outcomes
from reviews.services import local_today, review_request
from signoff.defaults import default_delegation_rules
from signoff.rule_services import senior_managers_set
from signoff.services import signoff_approve
from support_planning.services import (
    plan_help_request,
    plan_line_add,
    plan_outcome_add,
    plan_set_money_management,
    plan_start,
    plan_submit,
    plan_update_about,
    plan_update_contingency,
    plan_update_over_budget_reason,
    planner_accept,
    planner_invite,
)
from support_planning.services.planners import token_hash

PASSWORD = "demo-password-2026"
DEMO_TOTP_KEY = b"personal-budgets-demo"[:20]  # published: demo staff accounts' authenticator secret
ORDER = [
    Status.ASSESSMENT, Status.ELIGIBILITY, Status.ALLOCATION, Status.PLANNING, Status.SIGN_OFF, Status.ACTIVE,
]

# (first, last, client group, stage, signs in?, answer pattern)
NORTHSHIRE_PEOPLE = [
    ("Alice", "Adams", ClientGroup.OLDER_PEOPLE, Status.ASSESSMENT, True, 0),
    ("Bob", "Brown", ClientGroup.PHYSICAL_DISABILITY, Status.ELIGIBILITY, False, 1),
    ("Carol", "Clark", ClientGroup.LEARNING_DISABILITY, Status.ALLOCATION, False, 2),
    ("Dev", "Desai", ClientGroup.PHYSICAL_DISABILITY, Status.PLANNING, True, 1),
    ("Erin", "Evans", ClientGroup.OLDER_PEOPLE, Status.SIGN_OFF, False, 2),
    ("Farah", "Fields", ClientGroup.MENTAL_HEALTH, Status.SIGN_OFF, False, 3),
    ("Frank", "Foster", ClientGroup.OLDER_PEOPLE, Status.ACTIVE, True, 1),
    ("Grace", "Green", ClientGroup.LEARNING_DISABILITY, Status.ACTIVE, False, 2),
    ("Hetty", "Hill", ClientGroup.PHYSICAL_DISABILITY, Status.SIGN_OFF, False, 4),
]
# More Northshire people whose budgets were agreed over the past year, so the managers' figures
# have months to chart (the names are made up).
NORTHSHIRE_HISTORY = [
    (first, last, group, Status.ACTIVE, False, i % 4)
    for i, (first, last, group) in enumerate([
        ("Harry", "Hughes", ClientGroup.OLDER_PEOPLE), ("Iris", "Ingram", ClientGroup.MENTAL_HEALTH),
        ("Jack", "Jones", ClientGroup.PHYSICAL_DISABILITY), ("Kiran", "Kaur", ClientGroup.LEARNING_DISABILITY),
        ("Lena", "Lewis", ClientGroup.OLDER_PEOPLE), ("Mo", "Malik", ClientGroup.PHYSICAL_DISABILITY),
        ("Nia", "Norris", ClientGroup.MENTAL_HEALTH), ("Omar", "Owen", ClientGroup.OLDER_PEOPLE),
        ("Priya", "Patel", ClientGroup.LEARNING_DISABILITY), ("Quinn", "Quest", ClientGroup.OLDER_PEOPLE),
        ("Rosa", "Reid", ClientGroup.PHYSICAL_DISABILITY), ("Seth", "Stone", ClientGroup.MENTAL_HEALTH),
    ])
]
# Demo only: days each budget spends at each stage, by answer pattern (assessment, eligibility,
# indicative budget, planning, sign-off), so the timelines and figures show waits like real ones.
STAGE_DAYS = [(9, 4, 5, 18, 3), (14, 6, 4, 26, 8), (21, 3, 9, 35, 12), (30, 8, 6, 44, 21)]
# Hetty's plan needs two carers at night: above the team manager limit, it waits for the panel of
# two senior managers (Sara and Hugh, who manage no team and see no one's record).
PANEL_PATTERN = 4
SOUTHVALE_PEOPLE = [
    ("Sam", "Shaw", ClientGroup.OLDER_PEOPLE, Status.ASSESSMENT, True, 0),
    ("Tara", "Thomas", ClientGroup.MENTAL_HEALTH, Status.PLANNING, False, 1),
]


class Command(BaseCommand):
    help = "Create two demo councils with staff and people at every stage of the cycle."

    def handle(self, *args, **options):
        if not settings.DEMO_MODE:
            raise CommandError(
                "seed_demo only runs with DEMO_MODE on (the default only when DEBUG is on): "
                "it creates accounts with a published password."
            )
        if Council.objects.filter(slug="northshire").exists():
            self.stdout.write("The demo councils are already there.")
        else:
            with transaction.atomic():
                self._council("Northshire Council", "northshire", "North adults team", NORTHSHIRE_PEOPLE + NORTHSHIRE_HISTORY, {
                    "manager": ("Mandy Manager", "mandy"), "workers": [("Wendy Worker", "wendy"), ("Will Walker", "will")],
                    "admin": ("Adam Admin", "adam"), "representative": ("Rita Adams", "rita", "Alice", "Daughter"),
                    "senior_managers": [("Sara Senior", "sara"), ("Hugh Hart", "hugh")],
                })
                self._help_with_planning(Person.objects.get(council__slug="northshire", first_name="Dev"))
                self._council("Southvale Council", "southvale", "Vale adults team", SOUTHVALE_PEOPLE, {
                    "manager": ("Stella Stone", "stella"), "workers": [("Sophie Sharp", "sophie"), ("Steve Sykes", "steve")],
                    "admin": ("Sue Admin", "sue"), "representative": ("Simon Shaw", "simon", "Sam", "Son"),
                })
        self._second_factor()
        self.stdout.write(f"Demo sign-ins (password for all: {PASSWORD}):")
        for user in User.objects.filter(council__slug__in=["northshire", "southvale"]).select_related("council").order_by("council__name", "role", "email"):
            self.stdout.write(f"  {user.email:<28} {user.get_role_display():<26} {user.council.name}")

    def _help_with_planning(self, person):
        """
        Dev, who is writing his plan, has invited an independent broker (who has signed up: a
        planner account, with the demo second factor like staff) and asked the council for help,
        which waits on the North team's work list.
        """
        budget = person.budgets.get(status=Status.PLANNING)
        invitation = planner_invite(budget=budget, actor=person.user, email="pat@northshire.demo", name="Pat Price", kind="broker")
        # The emailed link's token is not kept anywhere; give the demo invitation one it can accept with.
        token = "demo-invitation-" + invitation.email
        type(invitation).objects.filter(pk=invitation.pk).update(token_hash=token_hash(token))
        # The demo's published password would fail the sign-up's password rules: make the account as
        # staff accounts are made, then accept as a planner already signed in does.
        pat = self._user(budget.council, "Pat Price (independent broker)", "pat", Role.PLANNER)
        planner_accept(token=token, full_name=pat.full_name, password="", existing_user=pat)
        plan_help_request(
            budget=budget, actor=person.user,
            message="I'd like someone to go through the costs with me: I'm not sure what a personal assistant should cost.",
        )

    def _second_factor(self):
        """
        Staff sign in with a code from an authenticator app. Every demo staff account shares one
        published secret (README), and the two-factor page shows the current code in DEMO_MODE.
        """
        staff = User.objects.filter(council__slug__in=["northshire", "southvale"], role__in=two_factor.STAFF_ROLES)
        for user in staff.exclude(totpdevice__name=two_factor.DEMO_DEVICE):
            TOTPDevice.objects.create(user=user, name=two_factor.DEMO_DEVICE, key=DEMO_TOTP_KEY.hex(), confirmed=True)
        self.stdout.write(
            f"Staff also enter a code: the two-factor page shows it in the demo, or add the key "
            f"{base64.b32encode(DEMO_TOTP_KEY).decode()} to an authenticator app."
        )

    def _user(self, council, name, local, role, team=None):
        return User.objects.create_user(
            f"{local}@{council.slug}.demo", PASSWORD, full_name=name, council=council, role=role, team=team
        )

    def _council(self, name, slug, team_name, people, staff):
        council = Council.objects.create(name=name, slug=slug)
        team = Team.objects.create(council=council, name=team_name)
        manager = self._user(council, *staff["manager"], Role.TEAM_MANAGER)
        team.managers.add(manager)
        workers = [self._user(council, *w, Role.SOCIAL_WORKER, team=team) for w in staff["workers"]]
        admin = self._user(council, *staff["admin"], Role.COUNCIL_ADMIN)
        for senior in staff.get("senior_managers", []):
            # Put on the sign-off panel as the council administrator would, on the senior managers page.
            self._user(council, *senior, Role.TEAM_MANAGER)
        if staff.get("senior_managers"):
            panel = User.objects.filter(council=council, email__in=[f"{local}@{slug}.demo" for _, local in staff["senior_managers"]])
            senior_managers_set(council=council, actor=admin, user_ids=list(panel.values_list("pk", flat=True)))
        default_questionnaire(council=council)
        default_allocation_table(council=council)
        default_delegation_rules(council=council)
        rep_name, rep_local, rep_for, relationship = staff["representative"]
        for index, (first, last, group, stage, signs_in, pattern) in enumerate(people):
            worker = workers[index % len(workers)]
            user = self._user(council, f"{first} {last}", first.lower(), Role.CITIZEN) if signs_in else None
            person = Person.objects.create(
                council=council, team=team, allocated_worker=worker, user=user, first_name=first, last_name=last,
                client_group=group, email=f"{first.lower()}@{slug}.demo",
                date_of_birth=datetime.date(1940 + (index * 6) % 60, 1 + index % 12, 10 + index % 18),
            )
            if first == rep_for:
                Representative.objects.create(
                    person=person, user=self._user(council, rep_name, rep_local, Role.CITIZEN),
                    relationship=relationship, authority="consent",
                )
            history = index >= len(NORTHSHIRE_PEOPLE) and slug == "northshire"
            budget = self._advance(person, stage, worker, manager, pattern, history=history)
            self._backdate(budget, index, pattern, history=history)
        self._allocation_draft(council, admin)

    def _backdate(self, budget, index, pattern, history=False):
        """
        Demo only: the services wrote everything just now; spread this budget's history over the past
        months instead. Each move gets a time some days after the one before it (STAGE_DAYS), ending
        a few days to eleven months ago, and every time on the budget's records moves with the move it
        followed (so the order, and who did what, stay exactly as the services wrote them).
        """
        from django.apps import apps
        from django.db import models
        from django.utils import timezone

        from pbudget.models import BudgetEvent, PersonalBudget

        events = list(BudgetEvent.objects.filter(budget=budget).order_by("at", "pk"))
        gaps = [datetime.timedelta(days=d, hours=3 * k) for k, d in enumerate(STAGE_DAYS[pattern % 4])]
        gaps = gaps[:len(events) - 1]
        ended = timezone.now() - datetime.timedelta(days=2 + (index * 23) % 300)
        new = [ended - sum(gaps[k:], datetime.timedelta()) for k in range(len(events))]
        old = [event.at for event in events]

        def moved(value):
            if value is None:
                return None
            k = max([i for i, at in enumerate(old) if at <= value] or [0])
            return new[k] + (value - old[k])

        def to_budget(model):
            """How a row reaches its budget: itself, its `budget`, or one hop on (an eligibility decision's assessment)."""
            if model is PersonalBudget:
                return "pk"
            links = [f for f in model._meta.concrete_fields if isinstance(f, models.ForeignKey)]
            if any(f.name == "budget" and f.related_model is PersonalBudget for f in links):
                return "budget"
            return next((f"{f.name}__budget" for f in links if f.related_model is not PersonalBudget and any(
                g.name == "budget" and g.related_model is PersonalBudget for g in f.related_model._meta.concrete_fields
                if isinstance(g, models.ForeignKey))), None)

        for model in apps.get_models():  # PersonalBudget itself among them
            budget_field = to_budget(model)
            times = [f.attname for f in model._meta.concrete_fields if isinstance(f, models.DateTimeField)]
            if budget_field is None or not times:
                continue
            for row in model._base_manager.filter(**{budget_field: budget.pk}):
                model._base_manager.filter(pk=row.pk).update(**{name: moved(getattr(row, name)) for name in times})
        review = review_open(budget=budget) if history else None
        if review is not None:
            review.due_date = (new[-1] + datetime.timedelta(days=365)).date()
            review.save(update_fields=["due_date"])

    def _allocation_draft(self, council, admin):
        """A draft allocation table, so the administrator can compare it and try it on the caseload."""
        from ras.tables import allocation_table_draft_start

        allocation_table_draft_start(
            council=council, client_group="", actor=admin,
            fields={"name": "Council-wide allocation table (draft: £9 a point)", "price_per_point_pence": 900},
        )

    def _advance(self, person, stage, worker, manager, pattern, history=False):
        """Walk a new budget through the real services up to `stage`."""
        budget = budget_open(person=person, actor=worker)
        target = ORDER.index(stage)
        if target >= 1:
            assessment = assessment_start(budget=budget, actor=worker)
            # Answer the questions asked, in turn: an answer may ask or skip a later question.
            while (question := question_next(assessment=assessment)) is not None:
                options = list(question.options.all())
                option = options[min(len(options) - 1, (pattern + question.order) % (pattern + 2))]
                assessment_answer(assessment=assessment, question=question, option=option, actor=worker)
            assessment_submit(assessment=assessment, actor=worker)
        if target >= 2:
            eligibility_decide(
                assessment=assessment, actor=worker, impairment=True, unable_two_or_more=True, significant_impact=True,
                reasons="Needs arise from a long-term condition; several outcomes can't be achieved without help.",
            )
        if target >= 3:
            allocation_share(budget=budget, actor=worker)
        if target >= 4:
            self._plan(budget, worker, pattern)
        if target >= 5:
            plan = budget.plans.get(status="submitted")
            approver = manager if pattern >= 3 else worker
            signoff_approve(budget=budget, actor=approver, plan_lock_version=plan.lock_version)
            review = review_open(budget=budget)
            if history:  # agreed months ago (see _backdate): the review falls due a year after agreement
                return budget
            # Demo only: bring the first review near, so reminders and the reviews list have something to show.
            review.due_date = local_today() + datetime.timedelta(days=10 if pattern == 1 else -3)
            review.save(update_fields=["due_date"])
            self._review_demo(budget, review, worker)
        return budget

    def _review_demo(self, budget, review, worker):
        """Reviews: a person who signs in has filled in their part online; for another, the worker asked for one sooner."""
        person = budget.person
        if person.user is not None:
            review_person_part_save(
                review=review, actor=person.user,
                outcomes={
                    outcome.pk: {"person_achieved": "partly", "person_working": "My carer comes on time and we get on well.",
                                 "person_not_working": "Some mornings I still feel rushed."}
                    for outcome in review_plan_outcomes(budget=budget)
                },
                ratings={"quality_of_life": 4, "choice_control": 4, "dignity": 3, "relationships": 3, "health": 2},
            )
        else:
            review_request(budget=budget, actor=worker, trigger="carer_unable",
                           details="Her sister, who helped every evening, has moved away.")

    def _plan(self, budget, actor, pattern):
        plan = plan_start(budget=budget, actor=actor)
        plan = plan_update_about(
            plan=plan, actor=actor, lock_version=plan.lock_version, led_by="person",
            what_matters="Staying in my own home, seeing my friends at the community centre, and keeping my garden going.",
        )
        washing = plan_outcome_add(
            plan=plan, actor=actor, lock_version=plan.lock_version,
            description="I get up, washed and dressed each morning in time to start my day.", care_act_outcomes=["hygiene", "clothing"],
        )
        plan.refresh_from_db()
        out = plan_outcome_add(
            plan=plan, actor=actor, lock_version=plan.lock_version,
            description="I go to the lunch club twice a week and see my friends.", care_act_outcomes=["community", "relationships"],
        )
        plan.refresh_from_db()
        plan_line_add(
            plan=plan, actor=actor, lock_version=plan.lock_version, description="Personal assistant, morning calls",
            outcome=washing, unit_cost_pence=1650, units_per_week=Decimal(5 + pattern), provider="A personal assistant I employ",
        )
        plan.refresh_from_db()
        plan_line_add(
            plan=plan, actor=actor, lock_version=plan.lock_version, description="Lunch club with transport",
            outcome=out, unit_cost_pence=1200, units_per_week=Decimal(2), provider="Northgate Community Centre",
        )
        plan.refresh_from_db()
        plan_set_money_management(plan=plan, actor=actor, lock_version=plan.lock_version, method="direct_payment")
        plan.refresh_from_db()
        plan_update_contingency(
            plan=plan, actor=actor, lock_version=plan.lock_version,
            contingency="If my PA is ill, my daughter covers mornings; the agency on the council's list is my back-up.",
        )
        plan.refresh_from_db()
        if pattern == PANEL_PATTERN:
            plan_line_add(
                plan=plan, actor=actor, lock_version=plan.lock_version, description="Waking night support, two carers",
                outcome=washing, unit_cost_pence=2600, units_per_week=Decimal(35), provider="Northgate Home Care",
            )
            plan.refresh_from_db()
            plan_update_over_budget_reason(
                plan=plan, actor=actor, lock_version=plan.lock_version,
                over_budget_reason="Two carers are needed through the night to turn and move me safely since my stroke.",
            )
            plan.refresh_from_db()
        plan_submit(plan=plan, actor=actor, lock_version=plan.lock_version)
