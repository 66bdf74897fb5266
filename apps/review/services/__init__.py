"""Writes of the expert review: the pool (第五条(三)), conflicts and pledges (第二十二条,
第二十三条), panels and assignments, scores, the proposal (第十六条, 第四条) and closing.

Every function takes keyword arguments, runs in one transaction and writes the audit trail."""

from apps.projects.services import TransitionRefused

from .base import A, ReviewRefused, audit
from .live import enforce_recusal
from .panels import (
    add_panel_member,
    assign_projects,
    campaign_load,
    eligible_pool,
    form_panel,
    recuse,
    set_chair,
    top_up,
)
from .pool import (
    EXPERT_FIELDS,
    add_expert,
    declare_conflict,
    import_experts,
    set_expert_status,
    sign_pledge,
    update_expert,
)
from .proposal import (
    adjust_level,
    adjustment_refusal,
    can_adjust,
    chair_conflicts,
    chaired_projects,
    close_review,
    compute,
    may_export_ranking,
    refresh_proposal,
    unassigned_projects,
    visible_proposal_projects,
)
from .scoring import has_signed, reopen_score, save_score, weighted_total

__all__ = [
    "A",
    "EXPERT_FIELDS",
    "ReviewRefused",
    "TransitionRefused",
    "add_expert",
    "add_panel_member",
    "adjust_level",
    "adjustment_refusal",
    "assign_projects",
    "audit",
    "campaign_load",
    "can_adjust",
    "chair_conflicts",
    "chaired_projects",
    "close_review",
    "compute",
    "declare_conflict",
    "enforce_recusal",
    "eligible_pool",
    "form_panel",
    "has_signed",
    "import_experts",
    "may_export_ranking",
    "recuse",
    "refresh_proposal",
    "reopen_score",
    "save_score",
    "set_chair",
    "set_expert_status",
    "sign_pledge",
    "top_up",
    "unassigned_projects",
    "update_expert",
    "visible_proposal_projects",
    "weighted_total",
]
