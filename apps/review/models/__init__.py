from .audit import ReviewAuditEvent
from .panel import Panel, PanelDraw, PanelMember, ReviewAssignment, ScoringStatus
from .pool import PLEDGE_TEXT, ConfidentialityPledge, Conflict, Expert, ExpertStatus
from .proposal import BestOrganizationEntry, ProposalEntry
from .score import CriterionScore, Score

__all__ = [
    "PLEDGE_TEXT",
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
    "ScoringStatus",
]
