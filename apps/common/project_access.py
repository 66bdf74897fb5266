"""Object access for the project pages: a project the user may not see is a 404, whatever its id."""

from django.db.models import Prefetch
from django.shortcuts import get_object_or_404

from apps.projects.models import ProjectTransition
from apps.projects.selectors import visible_projects

# The log's columns the project page reads (timeline, return reason, resubmission times), its
# actor written as str(user) does: not the user's whole row (password, contacts, flags).
LOG_COLUMNS = ("project", "transition", "from_state", "to_state", "role", "comment", "created_at", "actor__username", "actor__full_name")


def project_or_404(user, pk, *, full=False):
    qs = visible_projects(user)
    if full:
        # The page's duplicate check (第七条(四)) in the same row: similarity.fingerprint_shown.
        qs = qs.select_related("fingerprint").prefetch_related(
            "metrics",
            "team_members",
            "attachments",
            Prefetch("transitions", queryset=ProjectTransition.objects.select_related("actor").only(*LOG_COLUMNS)),
        )
    return get_object_or_404(qs, pk=pk)
