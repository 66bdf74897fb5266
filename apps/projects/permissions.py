"""Who may fire which transition (django-fsm ``permission=`` callables).

Object-level grants come from django-guardian: the applicant organisation's group holds
``change_project`` on its projects, the recommender unit's group ``recommend_project`` on the
projects routed to it (see :mod:`apps.projects.grants`)."""

from apps.accounts.roles import Role


def _active(user):
    return user is not None and user.is_authenticated and user.is_active


def applicant_of_project(project, user) -> bool:
    return _active(user) and user.has_role(Role.APPLICANT) and user.has_perm("projects.change_project", project)


def recommender_of_project(project, user) -> bool:
    return _active(user) and user.has_role(Role.RECOMMENDER) and user.has_perm("projects.recommend_project", project)


def commission(project, user) -> bool:
    """Final decisions are the commission's alone (第十一条, 第十七条, 第二十一条)."""
    return _active(user) and user.has_role(Role.COMMISSION)


def programme_staff(project, user) -> bool:
    """Administrative steps the agency may do on the commission's behalf (第五条(二))."""
    return _active(user) and user.has_role(Role.COMMISSION, Role.AGENCY)


def returner(project, user) -> bool:
    """A return comes from the recommender (from submitted) or the commission (from recommended)."""
    if project.state == "submitted":
        return recommender_of_project(project, user)
    if project.state == "recommended":
        return commission(project, user)
    return False
