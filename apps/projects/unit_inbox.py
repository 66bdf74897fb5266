"""The recommending unit's inbox: the projects routed to it (第九条, 第十条, 第十五条), each list a
constant number of queries."""

import rules
from django.db.models import Count

from apps.core.statements import Statement
from apps.projects.selectors import log_of, read_related, visible_projects
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


def _routed_project(pk, recommender_id):
    from apps.projects.models import Project

    # One row by its key: no order (sorting the columns cost its compiling a fifth), no limit.
    return (
        Project.objects.with_list_data()
        .select_related("fingerprint")  # its duplicate check (第七条(四))
        .filter(pk=pk, recommender_id=recommender_id)
        .order_by()
    )


_ROUTED_PROJECT = Statement(_routed_project)


def project_for_review(user, pk):
    """The project as its recommender sees it on the verification screen, or None: a project
    of the unit's inbox (:func:`inbox`), asked of ``projects.view_project`` (第六条、第九条),
    the list form of which :func:`inbox` filters on. The unit is the project's recommender,
    read with its row (one statement, compiled once), so the scope check (第六条) reads the
    unit no second time. Its rows (metrics, team, files, log) are read by :func:`review_rows`,
    once the project is granted and only for a page that shows them."""
    if not rules.has_perm("recommenders.use_inbox", user) or not user.recommender_id:
        return None
    found = _ROUTED_PROJECT.rows(pk, user.recommender_id)
    if not found:
        return None
    project = found[0]
    user.recommender = project.recommender
    return project if rules.has_perm("projects.view_project", user, project) else None


def review_rows(project):
    """What the verification screen lists of ``project`` (granted by :func:`project_for_review`):
    its metrics, team, attachments and log, read as the project page reads them
    (:func:`apps.projects.selectors.read_related`), once the project is granted and only for a
    page that shows them."""
    read_related(project)
    return {
        "metrics": list(project.metrics.all()),
        "team": list(project.team_members.all()),
        "attachments": list(project.attachments.all()),
        "log": log_of(project),
    }


def _verification_columns(project_id, unit_id):
    from apps.recommenders.models import RecommenderVerification

    return RecommenderVerification.objects.filter(project_id=project_id, unit_id=unit_id).values_list(
        "stage", "answers", "opinion", "created_at", "verified_by__full_name", "verified_by__username"
    )


_VERIFICATION_COLUMNS = Statement(_verification_columns)


def verifications_shown(project, unit_id):
    """The unit's verification records of ``project`` (第十条、第十五条) as its screen lists them,
    newest first: the stage's label, when, who (as str(user) writes the user: its name, else
    its username; None when no user is recorded), the checklist's items with the answers and
    the opinion. Read as columns, not as records with their users (one statement, compiled
    once)."""
    from apps.recommenders.models import VerificationStage, checklist_items

    labels = dict(VerificationStage.choices)
    rows = _VERIFICATION_COLUMNS.rows(project.pk, unit_id)
    return [
        {
            "stage": labels.get(stage, stage),
            "created_at": created_at,
            "verified_by": full_name or username or None,
            "items": checklist_items(stage, answers),
            "opinion": opinion,
        }
        for stage, answers, opinion, created_at, full_name, username in rows
    ]
