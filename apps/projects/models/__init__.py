from .application import Attachment, Metric, TeamMember
from .log import ProjectTransition
from .project import Project
from .similarity import CheckStatus, Finding, ProjectFingerprint, SimilarityFinding, SimilarityGram, SimilarityHashCount

__all__ = [
    "Attachment",
    "CheckStatus",
    "Finding",
    "Metric",
    "Project",
    "ProjectFingerprint",
    "ProjectTransition",
    "SimilarityFinding",
    "SimilarityGram",
    "SimilarityHashCount",
    "TeamMember",
]
