"""The rows of the project page's panels (owned by the projects screens, filled here):
``{% include "partials/training/project_training.html" %}`` and
``{% include "partials/training/project_tracking.html" %}`` with ``project`` in the context.
The panel's heading, and the link to record a visit, are the page's
(``partials/training/_project_panels.html``, from :func:`apps.training.selectors.project_panel`)."""

from django import template

from .. import selectors

register = template.Library()


@register.inclusion_tag("partials/training/_training_panel.html")
def training_panel(project):
    """第十二条: who of the project's team attended which training session."""
    attendances = selectors.attendance_for_project(project) if project.state in selectors.TRAINABLE_STATES else []
    sessions = {}
    for a in attendances:
        sessions.setdefault(a.session_id, {"session": a.session, "members": []})["members"].append(a.team_member)
    return {"project": project, "sessions": list(sessions.values()), "in_plan": project.state in selectors.TRAINABLE_STATES}


@register.inclusion_tag("partials/training/_tracking_panel.html")
def tracking_panel(project):
    """第十三条: the recommender's tracking visits and guidance opinions on the project."""
    in_plan = project.state in selectors.TRACKABLE_STATES
    return {
        "project": project,
        "visits": selectors.visits_for_project(project, with_recorder=False) if in_plan else [],
        "in_plan": in_plan,
    }
