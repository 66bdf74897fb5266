"""Reads of training (第十二条) and tracking service (第十三条), constant queries per list."""

import rules
from django.db.models import Count, F, OuterRef, Prefetch, Q

from apps.core.statements import Statement, page_bounds
from apps.core.subqueries import count_of, max_of
from apps.projects.states import PLAN_STATES
from apps.projects.models import Project, TeamMember
from apps.projects.policy import STAFF_VISIBLE, sees_as_staff
from apps.projects.selectors import visible_projects

from .models import Attendance, TrackingVisit, TrainingSession, VisitForm

# 第十二条/第十三条: training and tracking concern the projects in the published plan
# (in_progress and every later state).
TRAINABLE_STATES = PLAN_STATES
TRACKABLE_STATES = PLAN_STATES


def attendance_for_project(project) -> list[Attendance]:
    """Who of the project's team attended which session (第十二条), by session date."""
    return list(
        Attendance.objects.filter(project=project)
        .select_related("session", "team_member")
        .order_by("-session__held_on", "session_id", "team_member__role", "team_member_id")
    )


def visits_for_project(project, *, with_recorder=True) -> list[TrackingVisit]:
    """The tracking visits and guidance on the project (第十三条), newest first; who recorded
    each is joined unless ``with_recorder`` is False (the project page's panel does not show it)."""
    related = ("recommender", "recorded_by") if with_recorder else ("recommender",)
    return list(TrackingVisit.objects.filter(project=project).select_related(*related))


def session_list(*, campaign=None):
    qs = TrainingSession.objects.select_related("campaign").annotate(
        n_attendees=Count("attendances"), n_projects=Count("attendances__project", distinct=True)
    )
    if campaign is not None:
        qs = qs.filter(campaign=campaign)
    return qs.order_by("-held_on", "-pk")


def session_attendance(session):
    return (
        Attendance.objects.filter(session=session)
        .select_related("team_member", "project__organization", "project__recommender", "project__campaign")
        .order_by("project__organization__name", "project_id", "team_member__role", "team_member_id")
    )


def trainable_projects(campaign, *, q="", recommender=""):
    """Projects whose team may be registered as trained, with their team (one prefetch)."""
    qs = Project.objects.for_lists().filter(campaign=campaign, state__in=TRAINABLE_STATES)
    if q:
        qs = qs.filter(Q(title__icontains=q) | Q(organization__name__icontains=q))
    if recommender:
        qs = qs.filter(recommender_id=recommender)
    return qs.prefetch_related(
        Prefetch("team_members", queryset=TeamMember.objects.order_by("role", "pk"))
    ).order_by("organization__name", "pk")


def _trackable(user, campaign):
    if sees_as_staff(user):
        return _staff_trackable(*_year(campaign))
    qs = visible_projects(user).filter(state__in=TRACKABLE_STATES)
    if rules.has_perm("accounts.recommender", user):
        qs = qs.filter(recommender_id=user.recommender_id) if user.recommender_id else qs.none()
    else:
        qs = qs.none()
    if campaign is not None:
        qs = qs.filter(campaign=campaign)
    return qs


def _with_visits(projects):
    # Subqueries, not a join and GROUP BY over every trackable project's columns (apps.core.subqueries);
    # both answered from the visits' index of project and date (training 0002), COUNT(*) included.
    visits = TrackingVisit.objects.filter(project_id=OuterRef("pk"))
    return projects.annotate(n_visits=count_of(visits, counted=None), last_visit=max_of(visits, "visited_on"))


def _tracking_order(last_visit):
    # Never visited first, then the longest since the last visit (NULLS FIRST on every
    # database), then by organisation.
    return (F(last_visit).asc(nulls_first=True), "organization__name", "pk")


# The list's order, on the last visit each project keeps (Project.last_visit_on,
# apps.training.receivers).
TRACKING_ORDER = _tracking_order("last_visit_on")


def tracking_projects(user, *, campaign=None):
    """Projects a user follows in the tracking service (第十三条): for a recommender the
    projects routed to its unit; for the commission and the agency all. With the number of
    visits and the date of the last one, both read from the visits themselves, and in the
    list's order on that date."""
    return _with_visits(_trackable(user, campaign).for_lists()).order_by(*_tracking_order("last_visit"))


def tracking_project_ids(user, *, campaign=None):
    """The keys of tracking_projects, in its order: the list is paged on these, and
    tracking_rows reads one page of them as its subquery. Every trackable project of the year
    (two thousand at design scale) is ordered by the last visit it keeps and its
    organisation's name, read from the index (project_state_queue_idx) and the
    organisations: not by looking up each one's visits (1.2 ms more on PostgreSQL, and more
    as visits are recorded)."""
    return _trackable(user, campaign).order_by(*TRACKING_ORDER).values_list("pk", flat=True)


def tracking_count(user, *, campaign=None) -> int:
    """How many projects the tracking list of ``user`` holds (of ``campaign``, or of every
    year). The staff's list is what every member of the staff sees (projects.policy
    .STAFF_VISIBLE): counted by a statement compiled once a process."""
    if sees_as_staff(user):
        return sum(_STAFF_TRACKABLE_COUNTS.rows(*_year(campaign)))  # one count a year
    return _trackable(user, campaign).count()


def tracking_page(user, page, *, campaign=None) -> list[dict]:
    """The rows of tracking_rows on ``page`` (a page of the tracking list of ``user``: its
    number and its paginator's size are read), in the list's order. The staff's page is read by
    a statement compiled once a process for each page's bounds (building and compiling the
    page's keys took about 0.5 ms a request); a unit's by its own keys (tracking_project_ids)."""
    bottom, size = page_bounds(page)
    if sees_as_staff(user):
        rows = _STAFF_TRACKING_PAGE.rows(*_year(campaign), shape=(bottom, size))
        return _tracking_dicts(rows)
    return tracking_rows(tracking_project_ids(user, campaign=campaign)[bottom : bottom + size])


def _year(campaign):
    return () if campaign is None else (campaign.pk,)


def _staff_trackable(*campaign_id):
    qs = Project.objects.filter(STAFF_VISIBLE, state__in=sorted(TRACKABLE_STATES))
    return qs.filter(campaign_id=campaign_id[0]) if campaign_id else qs


_STAFF_TRACKABLE_COUNTS = Statement(
    lambda *campaign_id: _staff_trackable(*campaign_id).order_by().values("campaign_id").annotate(n=Count("*")).values_list("n", flat=True)
)


def _staff_tracking_page(*values):
    *campaign_id, bottom, size = values
    keys = _staff_trackable(*campaign_id).order_by(*TRACKING_ORDER).values("pk")[bottom : bottom + size]
    return _tracking_rows_of(keys)


_STAFF_TRACKING_PAGE = Statement(_staff_tracking_page)


def tracking_rows(ids):
    """The projects ``ids`` (a page of tracking_project_ids, a sliced query: read in this one
    query as its subquery, not first on its own) with what the list shows of each, in the
    list's order: key, number, title, state, the organisation's and the unit's names, the
    number of visits and the date of the last one, read as values (building a project, its
    year, organisation and unit for each row took longer than the query). The visits are
    counted for the page's rows only. The statement around the page is compiled once a
    process (_TRACKING_ROWS), the page's own query, which holds who may see what, each time:
    building and compiling the whole took longer (1.5 ms) than PostgreSQL took to plan it."""
    # A list that can hold nothing (none()) reads no rows and runs no query (Statement.rows).
    return _tracking_dicts(_TRACKING_ROWS.rows(subquery=ids))


def _tracking_dicts(rows):
    found = [dict(zip(_TRACKING_KEYS, row)) for row in rows]
    for row in found:
        row["number"] = Project.number_of(row["campaign__year"], row["pk"])
    return found


def _tracking_rows_of(keys):
    return (
        Project.objects.filter(pk__in=keys)
        .annotate(n_visits=count_of(TrackingVisit.objects.filter(project_id=OuterRef("pk")), counted=None))
        .order_by(*TRACKING_ORDER)
        .values_list(*_TRACKING_COLUMNS)
    )


_TRACKING_COLUMNS = ("pk", "title", "state", "campaign__year", "organization__name", "recommender__name", "n_visits", "last_visit_on")
# A row's keys, as the list's rows name them (apps.common.templatetags.project_rows).
_TRACKING_KEYS = (*_TRACKING_COLUMNS[:-1], "last_visit")
_TRACKING_ROWS = Statement(_tracking_rows_of)


def _visits_seen_by(user, campaign):
    """The visits a user may list: its own unit's, or all for staff; of ``campaign``'s projects
    when given (the year each visit keeps: a year's newest are read from its index, not found
    by looking up the project of every visit), newest first."""
    qs = TrackingVisit.objects.all()
    if rules.has_perm("accounts.programme_staff", user):
        pass
    elif rules.has_perm("accounts.recommender", user):
        qs = qs.filter(recommender_id=user.recommender_id, project__recommender_id=user.recommender_id)
    else:
        return qs.none()
    if campaign is not None:
        qs = qs.filter(campaign=campaign)
    return qs.order_by("-visited_on", "-pk")


def tracking_visits(user, *, campaign=None):
    """The visits a user may list and export: its own unit's, or all for staff."""
    return _visits_seen_by(user, campaign).select_related("project__organization", "project__campaign", "recommender", "recorded_by")


def recent_visits(user, *, campaign=None, limit=10) -> list[dict]:
    """The newest ``limit`` of tracking_visits with what the tracking list shows of each, read
    as values: the date (``visited_on``), the form (``form_label``), the project's key and
    title (``project_id``, ``project__title``), the unit's name (``recommender__name``) and the
    guidance. The visits the user may see are chosen by their own query (_visits_seen_by), the
    statement around it that reads their columns is compiled once a process (_RECENT_VISITS)."""
    # A user who may list no visit (none()): no rows, no query (Statement.rows).
    page = _visits_seen_by(user, campaign).values("pk")[:limit]
    labels = dict(VisitForm.choices)
    return [
        {
            "visited_on": visited_on,
            "form_label": labels.get(form, form),
            "guidance": guidance,
            "project_id": project_id,
            "project__title": title,
            "recommender__name": recommender,
        }
        for visited_on, form, guidance, project_id, title, recommender in _RECENT_VISITS.rows(subquery=page)
    ]


_RECENT_VISITS = Statement(
    lambda page: TrackingVisit.objects.filter(pk__in=page)
    .order_by("-visited_on", "-pk")
    .values_list("visited_on", "form", "guidance", "project_id", "project__title", "recommender__name")
)


def project_panel(project, user) -> dict:
    """The panels the project page shows (its ``extras`` hook): training attendance
    (第十二条) and tracking visits (第十三条), once the project is in the published plan.
    The page shows each panel's heading and reads its rows only when the panel is opened
    (``body``: ``{% include "partials/training/project_training.html" %}`` or
    ``…/project_tracking.html`` with ``project`` in the context); ``may_record``: the
    tracking panel's link to record a visit (第十三条), for the unit that follows the project."""
    if project.state not in TRAINABLE_STATES:
        return {}
    from .services import may_record_visit  # services reads this module's states

    return {
        "panels": [
            {
                "name": "training",
                "title": "质量攻关培训（第十二条）",
                "open_label": "查看参训记录",
                "body": "partials/training/project_training.html",
            },
            {
                "name": "tracking",
                "title": "跟踪服务（第十三条）",
                "open_label": "查看跟踪服务记录",
                "body": "partials/training/project_tracking.html",
                "may_record": may_record_visit(project, user),
            },
        ]
    }
