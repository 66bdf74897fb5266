"""Reads on projects that span apps, shaped so a list costs a constant number of queries."""

from guardian.shortcuts import get_objects_for_user

from .models import Project


def visible_projects(user):
    """Projects ``user`` may see: commission and agency every project once it has been
    submitted (an unsubmitted draft is the applicant's own); others by guardian object grants."""
    base = Project.objects.with_list_data()
    if not user.is_authenticated:
        return base.none()
    if user.is_programme_staff:
        return base.filter(submitted_at__isnull=False)
    return get_objects_for_user(user, "projects.view_project", klass=base, accept_global_perms=False)


def project_list(user, *, campaign=None, state=None):
    qs = visible_projects(user)
    if campaign is not None:
        qs = qs.filter(campaign=campaign)
    if state:
        qs = qs.filter(state=state)
    return qs.order_by("-created_at")
