"""
The world the authorisation matrix is walked in: one person per lifecycle status (each with the
records that status implies), and every persona the matrix speaks of, named by how they stand to
the person whose page is asked for.
"""

from dataclasses import dataclass, field
from datetime import timedelta

from django.utils import timezone

from pbudget.lifecycle import Status
from pbudget.models import Representative, Role, SubjectAccessExport
from signoff import services as signoff_services
from support_planning.models import PLANNER_KINDS, PlanHelpRequest, PlannerInvitation, PlanStatus
from tests.factories import BudgetFactory, PersonFactory, UserFactory
from tests.support_planning.factories import indicative, plan

# The columns of tests/authz_matrix.csv, in order.
PERSONAS = [
    "anonymous",
    "person",  # the person whose record it is
    "rep",  # their representative, with authority
    "rep_ended",  # a representative whose authority has ended
    "other_person",  # another person in the same team
    "worker",  # the allocated social worker
    "team_worker",  # another social worker in the person's team
    "other_team_worker",  # a social worker in another team of the same council
    "other_council_worker",  # a social worker in another council
    "manager",  # the manager of the person's team
    "planner_invited",  # a planner invited to help with the plan, who accepted
    "planner",  # a planner not invited
    "admin",  # the council administrator
    "senior",  # the manager of another team, a senior manager on the council's sign-off panel
]
# URL kwargs that name something of a person's: such URLs are walked for every status.
PERSONAL_KWARGS = {
    "budget_id", "person_id", "outcome_id", "line_id", "export_id", "invitation_id", "request_id", "number",
}
# Public pages that carry their own tokens (a password-reset link): reached without any record.
TOKEN_PAGES = {"password_reset_confirm", "planners:accept"}
WITH_PLAN = {Status.PLANNING, Status.SIGN_OFF, Status.ACTIVE, Status.REVIEW}


@dataclass
class Case:
    status: str
    person: object
    user: object
    budget: object
    plan: object = None
    kwargs: dict = field(default_factory=dict)


def build(p):
    """One case per status, all in the North team, allocated to Wendy, represented by Rita."""
    from reviews.selectors import review_open
    from reviews.conduct import review_start

    from assessment.defaults import default_questionnaire
    from assessment.models import Question
    from ras.defaults import default_allocation_table
    from ras.models import AllocationTable
    from signoff.defaults import default_delegation_rules as rules

    rule_set = rules(council=p.northshire)
    default_questionnaire(council=p.northshire)
    default_allocation_table(council=p.northshire)
    first_question = Question.objects.filter(questionnaire__council=p.northshire).order_by("questionnaire", "order").first()
    # Kinds of object that belong to the council rather than to a person.
    table = AllocationTable.objects.filter(council=p.northshire).order_by("pk").first()
    council_kwargs = {
        "rule_set_id": rule_set.pk, "key": first_question.key, "council_slug": p.northshire.slug,
        "section_key": first_question.section.key, "section_id": first_question.section_id,
        "questionnaire_id": first_question.questionnaire_id, "question_id": first_question.pk,
        "option_id": first_question.options.order_by("pk").first().pk, "table_id": table.pk,
    }
    will = UserFactory(council=p.northshire, role=Role.SOCIAL_WORKER, team=p.north, full_name="Will Walker")
    ron = UserFactory(council=p.northshire, full_name="Ron Former", email="ron@example.org")
    users = {
        "rep": p.rita, "rep_ended": ron, "other_person": p.bob, "worker": p.wendy, "team_worker": will,
        "other_team_worker": p.walter, "other_council_worker": p.xavier, "manager": p.mandy, "admin": p.adam,
        "planner_invited": UserFactory(council=p.northshire, role=Role.PLANNER, full_name="Priya Invited"),
        "planner": UserFactory(council=p.northshire, role=Role.PLANNER, full_name="Paul Planner"),
        "senior": UserFactory(council=p.northshire, role=Role.TEAM_MANAGER, is_senior_manager=True, full_name="Sue Senior"),
    }
    p.south.managers.add(users["senior"])
    cases = []
    for status in Status:
        user = UserFactory(council=p.northshire, full_name=f"Canary {status.label}", email=f"canary-{status}@example.org")
        person = PersonFactory(
            team=p.north, user=user, allocated_worker=p.wendy, first_name="Canary", last_name=f"Zq{status.value}",
        )
        Representative.objects.create(person=person, user=p.rita, relationship="Friend", authority="lpa")
        Representative.objects.create(
            person=person, user=ron, relationship="Former friend", authority="consent", ended_at=timezone.now()
        )
        case = Case(status=status, person=person, user=user, budget=None)
        if status in WITH_PLAN:
            budget = BudgetFactory(person=person, status=Status.SIGN_OFF if status != Status.PLANNING else Status.PLANNING)
            indicative(budget=budget, weekly_pence=20000, actor=p.wendy)
            made = plan(budget=budget, actor=user, status=PlanStatus.DRAFT if status == Status.PLANNING else PlanStatus.SUBMITTED)
            if status in {Status.ACTIVE, Status.REVIEW}:
                signoff_services.signoff_approve(budget=budget, actor=p.wendy, plan_lock_version=made.lock_version)
            if status == Status.SIGN_OFF:
                # Waiting for the panel, so a senior manager from another team reaches its sign-off pages.
                signoff_services.signoff_request_open(budget=budget, plan=made, actor=user)
                budget.signoff_requests.update(level="panel")
            if status == Status.REVIEW:
                review_start(review=review_open(budget=budget), actor=p.wendy)
            budget.refresh_from_db()
            case.plan = made
        else:
            budget = BudgetFactory(person=person, status=status)
        assert budget.status == status, (budget.status, status)
        case.budget = budget
        export = SubjectAccessExport.objects.create(
            person=person, requested_by=p.wendy, state=SubjectAccessExport.State.DRAFT, data={}, html="<p>Draft</p>"
        )
        # planner_invited holds an accepted invitation to help with this budget's plan (a fixture shortcut).
        invitation = PlannerInvitation.objects.create(
            budget=budget, email=users["planner_invited"].email, name="Priya Invited", kind=PLANNER_KINDS[0],
            invited_by=p.wendy, expires_at=timezone.now() + timedelta(days=14), token_hash=f"authz-{budget.pk}",
            planner=users["planner_invited"], accepted_at=timezone.now(),
        )
        help_request = PlanHelpRequest.objects.create(budget=budget, requested_by=user, message="Help me plan")
        case.kwargs = {
            "budget_id": budget.pk, "person_id": person.pk, "export_id": export.pk, "invitation_id": invitation.pk,
            "request_id": help_request.pk, "number": 1, **council_kwargs,
        }
        if case.plan is not None:
            case.kwargs |= {"outcome_id": case.plan.outcomes.first().pk, "line_id": case.plan.lines.first().pk}
        cases.append(case)
    return users, cases, council_kwargs


def url_names():
    """(name, route) of every named URL in the URLconf but Django's admin (it has its own login)."""
    from django.urls import URLPattern, URLResolver, get_resolver

    def walk(resolver, prefix, namespace):
        for entry in resolver.url_patterns:
            if isinstance(entry, URLResolver):
                if entry.namespace != "admin":
                    yield from walk(entry, prefix + str(entry.pattern), entry.namespace or namespace)
            elif isinstance(entry, URLPattern) and entry.name:
                yield (f"{namespace}:{entry.name}" if namespace else entry.name), prefix + str(entry.pattern)

    return sorted(set(walk(get_resolver(), "", None)))
