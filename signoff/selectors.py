"""Public reads of the sign-off stage."""

import datetime
from dataclasses import dataclass

from django.db.models import Count, Exists, OuterRef, Q
from django.utils import timezone

from pbudget.dates import LONDON
from pbudget.lifecycle import Status
from pbudget.models import PersonalBudget, Role
from ras.selectors import indicative_budget
from signoff.checklist import ChecklistItem, PlanFacts, checklist
from signoff.delegation import NO_RULES, PANEL, SOCIAL_WORKER, TEAM_MANAGER, Facts, Outcome, evaluate
from signoff.models import DelegationRuleSet, PanelApproval, SignoffDecision, SignoffRequest, SummarySheet
from signoff.working_days import working_days_between
from support_planning.selectors import plan_costs

DEFAULT_TARGET_WORKING_DAYS = 5


def decision_latest(*, budget) -> SignoffDecision | None:
    return SignoffDecision.objects.filter(budget=budget).select_related("decided_by").order_by("-decided_at", "-pk").first()


def summary_sheet_latest(*, budget) -> SummarySheet | None:
    """The newest summary sheet, without loading its PDF bytes."""
    return SummarySheet.objects.filter(budget=budget).defer("pdf").order_by("-requested_at", "-pk").first()


def delegation_rules_live(*, council_id, team_id=None) -> DelegationRuleSet | None:
    """The rules in force: the team's newest published version if it has one, else the council's."""
    published = DelegationRuleSet.objects.filter(council_id=council_id, published_at__isnull=False).order_by("-version")
    team_rules = published.filter(team_id=team_id).first() if team_id else None
    return team_rules or published.filter(team__isnull=True).first()


def delegation_rule_sets(*, council_id) -> list[DelegationRuleSet]:
    """Every version of the council's rules and its teams' rules, for the administrators' page."""
    return list(
        DelegationRuleSet.objects.filter(council_id=council_id).select_related("team", "published_by")
        .order_by("team__name", "-version")
    )


def plan_facts(*, budget, plan) -> tuple[Facts, PlanFacts]:
    """What the rules and the checklist look at, from the plan and the indicative budget."""
    indicative = indicative_budget(budget=budget)
    yearly = plan_costs(plan=plan).yearly_pence
    indicative_yearly = indicative.yearly_pence if indicative else None
    # Support planning records risks and the reason for going over the indicative budget
    # (issue 5); until a plan can hold them they are neither flagged nor asked for.
    risks = _text_field(plan, "risks")
    reason = _text_field(plan, "over_budget_reason")
    rule_facts = Facts(yearly, indicative_yearly, risk_flag=bool(risks and risks.strip()))
    return rule_facts, PlanFacts(
        plan_yearly_pence=yearly, indicative_yearly_pence=indicative_yearly, money_management=plan.money_management,
        provider_name=plan.provider_name, contingency=plan.contingency, over_budget_reason=reason, risks=risks,
        risk_management=_text_field(plan, "risk_management"),
    )


def _text_field(plan, name) -> str | None:
    """A plan's text field if it has one by this name (anything else, like a related manager, is not it)."""
    value = getattr(plan, name, None)
    return value if isinstance(value, str) else None


def signoff_level(*, budget, plan) -> tuple[DelegationRuleSet | None, Outcome, Facts]:
    """The rules in force for this person's team, what they decide for this plan, and on what facts."""
    rule_set = delegation_rules_live(council_id=budget.council_id, team_id=budget.person.team_id)
    facts, _ = plan_facts(budget=budget, plan=plan)
    return rule_set, level_for(rule_set, facts), facts


def level_for(rule_set, facts: Facts) -> Outcome:
    outcome = evaluate(rule_set.as_rules() if rule_set else NO_RULES, facts)
    if rule_set is None:
        return Outcome(outcome.level, "No delegation rules published", outcome.reason)
    return Outcome(outcome.level, f"{outcome.rule} (version {rule_set.version})", outcome.reason)


def signoff_checklist(*, budget, plan) -> list[ChecklistItem]:
    """What sign-off needs from this plan, each with whether it is there yet."""
    _, facts = plan_facts(budget=budget, plan=plan)
    return checklist(facts)


def signoff_request_current(*, budget) -> SignoffRequest | None:
    return (
        SignoffRequest.objects.filter(budget=budget, closed_at__isnull=True)
        .select_related("rule_set", "requested_by").prefetch_related("panel_approvals__approver").first()
    )


def local_date(moment: datetime.datetime) -> datetime.date:
    return timezone.localtime(moment, LONDON).date()


@dataclass
class QueueRow:
    request: SignoffRequest
    budget: PersonalBudget
    working_days_waited: int
    target_working_days: int
    panel_approvals: int

    @property
    def overdue(self) -> bool:
        return self.working_days_waited > self.target_working_days


def signoff_queue(*, user) -> list[QueueRow]:
    """
    What waits for `user`, oldest first: for a social worker, plans in their team that a social
    worker may sign off; for a team manager, plans in their teams that need a team manager; for a
    senior manager, also every plan in the council waiting for the panel, leaving out those they
    submitted or have approved already (they can't be one of its two). One query.
    """
    if user.role == Role.SOCIAL_WORKER:
        waiting = Q(level=SOCIAL_WORKER, budget__in=PersonalBudget.objects.visible_to(user))
    elif user.role == Role.TEAM_MANAGER:
        waiting = Q(level=TEAM_MANAGER, budget__in=PersonalBudget.objects.visible_to(user))
        if user.is_senior_manager and user.council_id is not None:
            mine = PanelApproval.objects.filter(request=OuterRef("pk"), approver=user)
            waiting |= Q(level=PANEL, budget__council_id=user.council_id) & ~Q(requested_by=user) & ~Q(Exists(mine))
    else:
        return []
    requests = (
        SignoffRequest.objects.filter(waiting, closed_at__isnull=True, budget__status=Status.SIGN_OFF)
        .select_related("budget__person__team", "budget__person__allocated_worker", "rule_set", "plan")
        .annotate(approvals=Count("panel_approvals"))
        .order_by("requested_at", "pk")
    )
    today = local_date(timezone.now())
    return [
        QueueRow(
            request=r, budget=r.budget, working_days_waited=working_days_between(local_date(r.requested_at), today),
            target_working_days=r.rule_set.target_working_days if r.rule_set else DEFAULT_TARGET_WORKING_DAYS,
            panel_approvals=r.approvals,
        )
        for r in requests
    ]


def decisions_for_budgets(*, budget_ids) -> list[SignoffDecision]:
    """Every sign-off decision on these budgets with the plan version it was about and who decided it (a panel's two) (one query)."""
    return list(
        SignoffDecision.objects.filter(budget_id__in=budget_ids)
        .select_related("decided_by", "panel_first_approver", "plan").order_by("decided_at", "pk")
    )


def signoff_figures(*, council_id, team_ids=None, start: datetime.date, end: datetime.date) -> list:
    """
    Sign-off figures by team and month for a council (or some of its teams), for decisions made
    from `start` up to but not including `end` (dates in Europe/London): the share of approvals
    made at social-worker level, the median days from submission to decision, and the returned-plan
    rate; also each month for all the teams in scope together (team_id None). Returns
    `signoff.figures.SignoffFigure` rows ordered by month then team. One query, whatever the size.
    """
    from signoff.figures import DecisionFact, summarise

    since = datetime.datetime.combine(start, datetime.time(), LONDON)
    until = datetime.datetime.combine(end, datetime.time(), LONDON)
    decisions = SignoffDecision.objects.filter(budget__council_id=council_id, decided_at__gte=since, decided_at__lt=until)
    if team_ids is not None:
        decisions = decisions.filter(budget__person__team_id__in=team_ids)
    rows = decisions.values_list("budget__person__team_id", "decided_at", "decision", "level", "request__requested_at")
    return summarise([
        DecisionFact(
            team_id=team_id, month=local_date(decided_at).replace(day=1), decision=decision, level=level,
            days_waited=None if requested_at is None else (decided_at - requested_at).total_seconds() / 86400,
        )
        for team_id, decided_at, decision, level, requested_at in rows
    ])


def decisions_on_plans_by(*, user, days=14, limit=5) -> list[SignoffDecision]:
    """
    Recent sign-off decisions on plans `user` wrote (a worker who wrote a plan with the person is
    told on their home page), on people they can still see. One query.
    """
    since = timezone.now() - datetime.timedelta(days=days)
    return list(
        SignoffDecision.objects.filter(
            plan__created_by=user, decided_at__gte=since, budget__in=PersonalBudget.objects.visible_to(user)
        ).select_related("budget__person", "decided_by").order_by("-decided_at", "-pk")[:limit]
    )
