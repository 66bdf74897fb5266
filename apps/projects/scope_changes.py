"""第九条: an application waits at a unit only while the unit's scope includes its organisation.

When the scope changes under a submitted application — a group or association removes the
member, a district bureau's confirmation of a stated district is withdrawn, a department's
industries change, or the organisation's own district or industry changes — the unit stops
seeing it at once (:func:`apps.projects.policy.visible_filter`). So that nothing is lost, the
applications still waiting for that unit's decision (``submitted``: not yet recommended) go
back to the applicant through the one transition door (``return_to_applicant``), with a logged
reason citing 第九条 that the applicant reads on the project page and in the notification; the
applicant then chooses a unit whose scope includes the organisation and resubmits.

Later states do not go back to the applicant (a recommendation already made stands, 第十条).
Results waiting for the unit's evaluation (``results_submitted``) have no way to another unit
(第十五条: the unit that recommended the application evaluates the results), and an application
can be left waiting when the data changed without the receivers (a raw import): those are
flagged to the commission (:func:`outside_scope_filter`, :func:`outside_scope_notice`).

Called by the receivers of apps/projects/receivers.py for every way the data changes (the
services of apps.recommenders, the admin, a fixture), so no path forgets it."""

from django.db.models import Q

from apps.recommenders.scope import covered_filter, covers, scope_description

from .models import Project
from .states import State


def return_reason(unit, organization) -> str:
    return (
        f"根据第九条，推荐单位“{unit.name}”{scope_description(unit)}，“{organization.name}”已不在其推荐范围内，"
        "该单位不能再审核、推荐本项目，申报已退回；请选择推荐范围包括本组织的推荐单位后重新提交。"
    )


def return_out_of_scope(*, unit=None, organization=None) -> list[Project]:
    """Return to the applicant every application waiting at ``unit`` (or of ``organization``,
    or both) whose organisation the unit it was submitted to no longer covers. Returns the
    projects returned; those still in scope stay where they are."""
    from .services import TransitionRefused, transition

    waiting = Project.objects.filter(state=State.SUBMITTED, routed_to__isnull=False)
    if unit is not None:
        waiting = waiting.filter(routed_to=unit)
    if organization is not None:
        waiting = waiting.filter(organization=organization)
    returned = []
    for project in waiting.select_related("routed_to", "organization").order_by("pk"):
        if covers(project.routed_to, project.organization):
            continue
        try:
            # The system acts (no actor): the unit may no longer act on it, the applicant not yet.
            transition(
                project=project,
                name="return_to_applicant",
                actor=None,
                comment=return_reason(project.routed_to, project.organization),
                expected_state=State.SUBMITTED,
            )
        except TransitionRefused:
            continue  # moved meanwhile by someone else: it is no longer waiting
        returned.append(project)
    return returned


def scope_notice(project):
    """What the applicant's project page says while an application is edited with a unit that
    does not cover the organisation (第六条、第九条): the unit, and the units to choose from.
    None when the chosen unit covers it, or nothing is to be chosen."""
    from apps.recommenders.scope import units_covering

    from .states import EDITABLE_STATES

    if project.state not in EDITABLE_STATES or project.recommender is None:
        return None
    if covers(project.recommender, project.organization):
        return None
    return {"unit": project.recommender, "units": list(units_covering(project.organization).order_by("kind", "name"))}


# The states in which a project waits for a step of the unit it was submitted to (第十条, 第十五条).
WAITING_AT_UNIT = (State.SUBMITTED, State.RESULTS_SUBMITTED)


def outside_scope_filter():
    """A filter on Project: waiting for the unit it was submitted to, whose scope no longer
    includes the organisation (第六条、第九条) — the unit can no longer see it, so the commission
    handles it. The scope is read from the routed unit's row (:func:`covered_filter`), so the
    condition is the same whatever the number of units."""
    return Q(state__in=WAITING_AT_UNIT, routed_to__isnull=False) & ~covered_filter("routed_to", "organization")


def outside_scope_notice(project):
    """The flag on a project page: it waits for a unit whose scope no longer includes the
    organisation (第六条、第九条), or None."""
    if project.state not in WAITING_AT_UNIT or project.routed_to is None:
        return None
    if covers(project.routed_to, project.organization):
        return None
    return (
        f"根据第六条、第九条，推荐单位“{project.routed_to.name}”{scope_description(project.routed_to)}，"
        f"“{project.organization.name}”已不在其推荐范围内，该单位不能再查看、审核本项目，请市市场监管委处理。"
    )
