"""Object access for the project pages: a project the user may not see is a 404, whatever its id."""

import rules
from django.http import Http404
from django.shortcuts import get_object_or_404

from apps.core.statements import Statement, Together
from apps.projects.models import Project
from apps.projects.selectors import COMMITMENTS, RELATED_STATEMENTS, keep_commitments, keep_related, read_related, visible_projects

ROUTED_TO = Project._meta.get_field("routed_to")

# The project by its key with its year, organisation and unit (and, for its page, its
# duplicate check, 第七条(四), in the same row: similarity.fingerprint_shown), compiled once
# (apps.core.statements).
_PROJECT = Statement(lambda pk: Project.objects.with_list_data().filter(pk=pk).order_by())
_PROJECT_PAGE = Statement(lambda pk: Project.objects.with_list_data().select_related("fingerprint").filter(pk=pk).order_by())
# The project and its metrics, team, attachments and log, and its commitments (第二十一条)
# for the page: one round trip on PostgreSQL. Elsewhere the page reads the commitments only
# once the project has been submitted (selectors.commitments_shown).
_PROJECT_PAGE_WITH_RELATED = Together(_PROJECT_PAGE, *RELATED_STATEMENTS, also=(COMMITMENTS,))


def project_or_404(user, pk, *, full=False):
    """The project ``pk`` if ``user`` may see it (``projects.view_project``), else 404.
    ``full``: with its metrics, team, attachments and log (the log's actors joined), as
    ``project.metrics.all()`` and the other related managers then return them without a query
    (on PostgreSQL read with the project, and its commitments with them, in one round trip).

    A recommending unit's user is asked in the query, with the list's filter
    (:func:`visible_projects`): the unit's scope (第六条、第九条) is a join on the
    organisation there, where the permission would read the unit and its members. Anyone else
    is asked the permission of the project read by its key: the same rule
    (apps.projects.policy), on columns of the row."""
    related = None
    if getattr(user, "recommender_id", None):
        visible = visible_projects(user)
        project = get_object_or_404(visible.select_related("fingerprint") if full else visible, pk=pk)
    else:
        if full:
            found, *related, commitments = _PROJECT_PAGE_WITH_RELATED.rows(int(pk))
        else:
            found = _PROJECT.rows(int(pk))
        project = found[0] if found else None
        if project is None or not rules.has_perm("projects.view_project", user, project):
            raise Http404("No Project matches the given query.")
    if full:
        if related is None:
            read_related(project)
        else:
            keep_related(project, related)
            if commitments is not None:
                keep_commitments(project, commitments)
        if project.routed_to_id is not None and project.routed_to_id == project.recommender_id:
            # The unit it was submitted to is the chosen one (unless the applicant chose another
            # after a return), whose row is joined already: not read again for the scope flag.
            ROUTED_TO.set_cached_value(project, project.recommender)
    return project
