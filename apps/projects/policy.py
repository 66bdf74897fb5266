"""Who may see and act on a project: the one permission policy of the projects app.

Predicates are django-rules predicates ``(user, project)``. Every grant follows from data:
the applicant organisation's users see and edit its projects (``Project.organization``), the
recommender unit sees the projects routed to it on (re)submission (``Project.routed_to``,
第九条), the commission and the agency see every submitted project. Nothing is stored per
object, so the same facts serve ``user.has_perm(...)`` and the list queries of
:func:`apps.projects.selectors.visible_projects`.

Each transition has a permission ``projects.<transition name>``; the state machine's
``permission=`` callables are :func:`may_fire` of that name, so the transition door, the
action endpoint and the screens all ask the same rule.
"""

import rules
from django.db.models import Q

from apps.accounts import policy as accounts
from apps.accounts.roles import Role

from .states import EDITABLE_STATES, RESULTS_EDITABLE_STATES, STAMPABLE_APPLICATION_STATES, STAMPABLE_RESULTS_STATES

is_active = accounts.is_active
is_applicant = accounts.has_role(Role.APPLICANT)
is_recommender = accounts.has_role(Role.RECOMMENDER)
is_commission = accounts.has_role(Role.COMMISSION)
is_programme_staff = accounts.has_role(Role.COMMISSION, Role.AGENCY)


@rules.predicate
def is_of_applicant_organization(user, project):
    """The user belongs to the organisation that applies."""
    return project is not None and user.organization_id is not None and user.organization_id == project.organization_id


@rules.predicate
def is_of_routed_unit(user, project):
    """第九条: the project was (last) submitted to the user's recommender unit."""
    return project is not None and user.recommender_id is not None and user.recommender_id == project.routed_to_id


@rules.predicate
def is_of_routed_unit_in_scope(user, project):
    """第六条、第九条: routed to the user's unit, and the organisation is within the unit's scope
    now. A unit neither sees nor recommends an organisation outside its scope: when a group
    membership ends, a stated district is no longer confirmed or a department's industries
    change, the project leaves the unit's lists and pages at once."""
    from apps.recommenders.scope import covers

    return is_of_routed_unit(user, project) and covers(user.recommender, project.organization)


@rules.predicate
def is_submitted(user, project):
    """An unsubmitted draft is the applicant organisation's own."""
    return project is not None and project.submitted_at is not None


@rules.predicate
def is_awaiting_recommender(user, project):
    return project is not None and project.state == "submitted"


@rules.predicate
def is_awaiting_approval(user, project):
    return project is not None and project.state == "recommended"


@rules.predicate
def is_application_editable(user, project):
    """第九条: the application is edited only as a draft or after a return."""
    return project is not None and project.state in EDITABLE_STATES


@rules.predicate
def is_results_editable(user, project):
    """第十四条: the results material is filled in while the project is in progress."""
    return project is not None and project.state in RESULTS_EDITABLE_STATES


@rules.predicate
def is_application_stampable(user, project):
    """The stamped 申报书 is uploaded while the application is edited and until the unit decides."""
    return project is not None and project.state in STAMPABLE_APPLICATION_STATES


@rules.predicate
def is_results_stampable(user, project):
    """The stamped 成果材料 is uploaded while the results are written and until the unit decides."""
    return project is not None and project.state in STAMPABLE_RESULTS_STATES


applicant_of_project = is_active & is_applicant & is_of_applicant_organization
recommender_of_project = is_active & is_recommender & is_of_routed_unit
commission = is_active & is_commission
programme_staff = is_active & is_programme_staff
# A return comes from the recommender (from submitted) or the commission (from recommended).
returner = (is_awaiting_recommender & recommender_of_project) | (is_awaiting_approval & commission)

can_view_project = is_active & (is_of_applicant_organization | is_of_routed_unit_in_scope | (is_programme_staff & is_submitted))

rules.add_perm("projects.view_project", can_view_project)


# What the commission and the agency see of the projects: every one once submitted (an
# unsubmitted draft is the applicant's own). The same for every member of the staff.
STAFF_VISIBLE = Q(submitted_at__isnull=False)


def sees_as_staff(user) -> bool:
    """Whether ``user`` sees the projects as every member of the staff does
    (:data:`STAFF_VISIBLE`): the reads the whole staff shares are compiled once on it."""
    return bool(programme_staff(user))


def visible_filter(user):
    """The list form of ``projects.view_project``, a filter on Project (None: nothing). The
    commission and the agency see every project once it has been submitted (an unsubmitted
    draft is the applicant's own); the applicant organisation's users its projects; a
    recommender unit's users the projects routed to it whose organisation is within the unit's
    scope now (第六条、第九条): ``routed_to_id`` and the organisation's row joined by its key
    (:func:`apps.recommenders.scope.in_scope_filter`), no subquery."""
    if sees_as_staff(user):
        return STAFF_VISIBLE
    if not is_active(user):
        return None
    seen = Q()
    if user.organization_id:
        seen |= Q(organization_id=user.organization_id)
    if user.recommender_id:
        from apps.recommenders.scope import in_scope_filter

        seen |= Q(routed_to_id=user.recommender_id) & in_scope_filter(user.recommender)
    return seen or None
# 第六条: an application is started by a user acting for a registered organisation.
rules.add_perm("projects.create", accounts.of_an_organization)
rules.add_perm("projects.change_project", is_active & is_of_applicant_organization)
rules.add_perm("projects.recommend_project", is_active & is_of_routed_unit)
# 第十条, 第十五条: the unit the project was routed to verifies it.
rules.add_perm("projects.verify", recommender_of_project)
rules.add_perm("projects.edit_application", applicant_of_project & is_application_editable)
rules.add_perm("projects.edit_results", applicant_of_project & is_results_editable)
# The scan of the printed, signed and stamped documents (apps.projects.stamped).
rules.add_perm("projects.upload_stamped_application", applicant_of_project & is_application_stampable)
rules.add_perm("projects.upload_stamped_results", applicant_of_project & is_results_stampable)

# Who fires which transition (DESIGN.md §2). The names on the right are shown on the
# public lifecycle page (apps.projects.workflow.WHO).
TRANSITION_ACTORS = {
    "submit": "applicant_of_project",
    "resubmit": "applicant_of_project",
    "withdraw": "applicant_of_project",
    "submit_results": "applicant_of_project",
    "recommend": "recommender_of_project",
    "decline": "recommender_of_project",
    "recommend_results": "recommender_of_project",
    "decline_results": "recommender_of_project",
    "return_results": "recommender_of_project",
    "return_to_applicant": "returner",
    "approve": "commission",
    "reject": "commission",
    "publish_plan": "commission",
    "publicize": "commission",
    "award": "commission",
    "not_award": "commission",
    "revoke": "commission",
    "halt": "commission",
    "assign_to_panel": "programme_staff",
    "close_review": "programme_staff",
}
ACTORS = {
    "applicant_of_project": applicant_of_project,
    "recommender_of_project": recommender_of_project,
    "commission": commission,
    "programme_staff": programme_staff,
    "returner": returner,
}
for _name, _actor in TRANSITION_ACTORS.items():
    rules.add_perm(f"projects.{_name}", ACTORS[_actor])


def may_fire(name):
    """The state machine's ``permission=`` callable for transition ``name``."""

    # The rule itself, not ``user.has_perm``: a superuser is not an applicant or a unit.
    def permission(project, user):
        return user is not None and rules.has_perm(f"projects.{name}", user, project)

    permission.__name__ = TRANSITION_ACTORS[name]
    return permission


@rules.predicate
def has_no_history(user, project):
    """A project with a logged transition is never deleted (its log is kept): withdraw it."""
    return project is None or not project.transitions.exists()


# Django's admin (apps.core.admin_utils.PolicyAdmin). The state changes only through the
# transitions; the log and the duplicate check's data are written by the domain alone.
accounts.admin_permissions("projects", "project", delete=has_no_history)
accounts.admin_permissions("projects", "metric", "teammember", "attachment")
accounts.admin_permissions(
    "projects", "projecttransition", "authenticitycommitment", "projectfingerprint", "similaritygram", "similarityfinding", "similarityhashcount", read_only=True
)
