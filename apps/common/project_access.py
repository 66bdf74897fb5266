"""Object access for the project pages: a project the user may not see is a 404, whatever its id."""

from django.shortcuts import get_object_or_404

from apps.projects.models import Project
from apps.projects.selectors import read_related, visible_projects

ROUTED_TO = Project._meta.get_field("routed_to")

def project_or_404(user, pk, *, full=False):
    """The project ``pk`` if ``user`` may see it, else 404. ``full``: with its metrics, team,
    attachments and log (the log's actors joined), as ``project.metrics.all()`` and the other
    related managers then return them without a query."""
    qs = visible_projects(user)
    if full:
        # The page's duplicate check (第七条(四)) in the same row: similarity.fingerprint_shown.
        qs = qs.select_related("fingerprint")
    project = get_object_or_404(qs, pk=pk)
    if full:
        read_related(project)
        if project.routed_to_id is not None and project.routed_to_id == project.recommender_id:
            # The unit it was submitted to is the chosen one (unless the applicant chose another
            # after a return), whose row is joined already: not read again for the scope flag.
            ROUTED_TO.set_cached_value(project, project.recommender)
    return project
