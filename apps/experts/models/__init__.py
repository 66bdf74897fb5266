from .audit import ReviewAuditEvent
from .panel import Panel, PanelDraw, PanelMember, ReviewAssignment
from .pool import ConfidentialityPledge, Conflict, Expert, ExpertStatus
from .proposal import BestOrganizationEntry, ProposalEntry
from .score import CriterionScore, Score

__all__ = [
    "BestOrganizationEntry",
    "ConfidentialityPledge",
    "Conflict",
    "CriterionScore",
    "Expert",
    "ExpertStatus",
    "Panel",
    "PanelDraw",
    "PanelMember",
    "ProposalEntry",
    "ReviewAssignment",
    "ReviewAuditEvent",
    "Score",
]
