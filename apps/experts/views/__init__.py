from .panels import assignment_recuse, audit_trail, project_top_up, draw_detail, panel_add_member, panel_assign, panel_chair, panel_detail, panel_list, score_reopen
from .pool import expert_add, expert_detail, expert_export, expert_import, expert_list, expert_status
from .results import adjust, close, project_scores, results, results_export
from .review import attachment, conflicts, my_reviews, pledge, recuse, review, score_detail

__all__ = [
    "adjust",
    "assignment_recuse",
    "project_top_up",
    "attachment",
    "audit_trail",
    "close",
    "conflicts",
    "draw_detail",
    "expert_add",
    "expert_detail",
    "expert_export",
    "expert_import",
    "expert_list",
    "expert_status",
    "my_reviews",
    "panel_add_member",
    "panel_assign",
    "panel_chair",
    "panel_detail",
    "panel_list",
    "pledge",
    "project_scores",
    "recuse",
    "results",
    "results_export",
    "review",
    "score_detail",
    "score_reopen",
]
