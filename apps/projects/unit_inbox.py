"""The recommending unit's inbox: the projects routed to it (第九条, 第十条, 第十五条), each list a
constant number of queries."""

import rules
from django.db.models import Count

from apps.projects.selectors import visible_projects
from apps.projects.states import State


def inbox(user):
    """第九条/第十条: the applications routed to the user's unit only (object grants and the
    chosen unit must both agree), newest first; a list shows them ``.for_rows()``."""
    if not rules.has_perm("recommenders.use_inbox", user):
        return visible_projects(user).none()
    return visible_projects(user).filter(recommender_id=user.recommender_id).order_by("-submitted_at", "-pk")


def inbox_counts(user, projects=None):
    """How many of the unit's projects wait for it: applications and results. ``projects``:
    :func:`inbox` of the user, when the caller has it already."""
    projects = inbox(user) if projects is None else projects
    counts = dict(projects.order_by().values_list("state").annotate(n=Count("pk")))
    return {
        "to_verify": counts.get(State.SUBMITTED, 0),
        "to_evaluate": counts.get(State.RESULTS_SUBMITTED, 0),
        "total": sum(counts.values()),
    }


def project_for_review(user, pk):
    """The project as its recommender sees it on the verification screen, or None: a project
    of the unit's inbox (:func:`inbox`), asked of ``projects.view_project`` (第六条、第九条),
    the list form of which :func:`inbox` filters on. The unit is the project's recommender,
    read with its row, so the scope check (第六条) reads the unit no second time."""
    from django.db.models import Prefetch

    from apps.projects.models import Project, ProjectTransition

    if not rules.has_perm("recommenders.use_inbox", user) or not user.recommender_id:
        return None
    project = (
        Project.objects.with_list_data()
        .select_related("fingerprint")  # its duplicate check (第七条(四))
        .prefetch_related(
            "metrics",
            "team_members",
            "attachments",
            Prefetch("transitions", queryset=ProjectTransition.objects.select_related("actor")),
        )
        .filter(pk=pk, recommender_id=user.recommender_id)
        .first()
    )
    if project is None:
        return None
    user.recommender = project.recommender
    return project if rules.has_perm("projects.view_project", user, project) else None
