from .application import Attachment, Metric, TeamMember
from .log import ProjectTransition
from .project import Project

__all__ = ["Attachment", "Metric", "Project", "ProjectTransition", "TeamMember"]
