"""
Support planning services (writes). Split by concern, all importable from here:
editing a draft (`editing`), comments (`comments`), versions (`versions`), planners and requests
for help (`planners`), and the printable plan (`document`).
"""

from support_planning.services.comments import plan_comments_record
from support_planning.services.document import plan_document_render, plan_document_request
from support_planning.services.editing import (
    STALE, PlanChanged, plan_copy, plan_line_add, plan_line_remove, plan_line_update, plan_outcome_add,
    plan_outcome_remove, plan_outcome_update, plan_set_money_management, plan_start, plan_submit,
    plan_update_about, plan_update_contingency, plan_update_over_budget_reason, plan_update_risks,
)
from support_planning.services.planners import (
    plan_help_answer, plan_help_request, planner_accept, planner_invitation_resend, planner_invitation_withdraw,
    planner_invitations_end, planner_invite,
)
from support_planning.services.versions import plan_reopen

__all__ = [
    "STALE", "PlanChanged", "plan_comments_record", "plan_copy", "plan_document_render", "plan_document_request",
    "plan_help_answer", "plan_help_request", "plan_line_add", "plan_line_remove", "plan_line_update",
    "plan_outcome_add", "plan_outcome_remove", "plan_outcome_update", "plan_reopen", "plan_set_money_management",
    "plan_start", "plan_submit", "plan_update_about", "plan_update_contingency", "plan_update_over_budget_reason",
    "plan_update_risks", "planner_accept", "planner_invitation_resend", "planner_invitation_withdraw",
    "planner_invitations_end", "planner_invite",
]
