from .application import Attachment, Metric, TeamMember
from .log import ProjectTransition
from .project import Project
from .similarity import ProjectFingerprint

__all__ = ["Attachment", "Metric", "Project", "ProjectFingerprint", "ProjectTransition", "TeamMember"]
