"""django-guardian object permissions, granted as projects move (DESIGN.md §1)."""

from django.contrib.contenttypes.models import ContentType
from guardian.models import GroupObjectPermission
from guardian.shortcuts import assign_perm

APPLICANT_PERMS = ("projects.view_project", "projects.change_project")
RECOMMENDER_PERMS = ("projects.view_project", "projects.recommend_project")


def grant_applicant(project):
    """The applicant organisation's users see and edit their own projects."""
    for perm in APPLICANT_PERMS:
        assign_perm(perm, project.organization.group, project)


def route_to_recommender(project):
    """On (re)submission the chosen unit sees the project (第九条); a unit no longer chosen
    stops seeing it."""
    stale = GroupObjectPermission.objects.filter(
        content_type=ContentType.objects.get_for_model(project),
        object_pk=str(project.pk),
        group__name__startswith="推荐单位·",
    )
    if project.recommender_id:
        stale = stale.exclude(group_id=project.recommender.group_id)
    stale.delete()
    if project.recommender_id:
        for perm in RECOMMENDER_PERMS:
            assign_perm(perm, project.recommender.group, project)
