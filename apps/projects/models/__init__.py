from .application import Attachment, Metric, TeamMember
from .commitment import AUTHENTICITY_COMMITMENT, COMMITMENT_PHASE, AuthenticityCommitment, CommitmentPhase
from .log import ProjectTransition
from .project import Project
from .similarity import CheckStatus, Finding, ProjectFingerprint, SimilarityFinding, SimilarityGram, SimilarityHashCount

__all__ = [
    "AUTHENTICITY_COMMITMENT",
    "COMMITMENT_PHASE",
    "Attachment",
    "AuthenticityCommitment",
    "CommitmentPhase",
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
