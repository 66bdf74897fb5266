from apps.office.views.review.panels import assignment_recuse, audit_trail, project_top_up, draw_detail, panel_add_member, panel_assign, panel_chair, panel_detail, panel_list, score_reopen
from apps.office.views.review.pool import expert_add, expert_detail, expert_export, expert_import, expert_list, expert_status
from apps.office.views.review.results import adjust, close, project_scores, results, results_export

__all__ = [
    "adjust",
    "assignment_recuse",
    "project_top_up",
    "audit_trail",
    "close",
    "draw_detail",
    "expert_add",
    "expert_detail",
    "expert_export",
    "expert_import",
    "expert_list",
    "expert_status",
    "panel_add_member",
    "panel_assign",
    "panel_chair",
    "panel_detail",
    "panel_list",
    "project_scores",
    "results",
    "results_export",
    "score_reopen",
]
