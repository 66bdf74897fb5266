"""Object access for the project pages: a project the user may not see is a 404, whatever its id."""

from django.shortcuts import get_object_or_404

from apps.projects.models import Attachment, Metric, Project, ProjectTransition, TeamMember
from apps.projects.selectors import visible_projects

ROUTED_TO = Project._meta.get_field("routed_to")

# The log's columns the project page reads (timeline, return reason, resubmission times), its
# actor written as str(user) does: not the user's whole row (password, contacts, flags).
LOG_COLUMNS = ("project", "transition", "from_state", "to_state", "role", "comment", "created_at", "actor__username", "actor__full_name")


def project_or_404(user, pk, *, full=False):
    """The project ``pk`` if ``user`` may see it, else 404. ``full``: with its metrics, team,
    attachments and log (the log's actors joined), as ``project.metrics.all()`` and the other
    related managers then return them without a query."""
    qs = visible_projects(user)
    if full:
        # The page's duplicate check (第七条(四)) in the same row: similarity.fingerprint_shown.
        qs = qs.select_related("fingerprint")
    project = get_object_or_404(qs, pk=pk)
    if full:
        _read_related(project)
        if project.routed_to_id is not None and project.routed_to_id == project.recommender_id:
            # The unit it was submitted to is the chosen one (unless the applicant chose another
            # after a return), whose row is joined already: not read again for the scope flag.
            ROUTED_TO.set_cached_value(project, project.recommender)
    return project


def _read_related(project):
    """The project's rows of each kind, one query each, kept where prefetch_related keeps
    them: the same rows and order as ``prefetch_related("metrics", …)`` on one project,
    without its machinery (a lookup on the instances, a related manager per kind), which cost
    the page about 0.7 ms a kind."""
    cache = project.__dict__.setdefault("_prefetched_objects_cache", {})
    related = (
        ("metrics", _rows_of(Metric, project)),
        ("team_members", _rows_of(TeamMember, project)),
        ("attachments", _rows_of(Attachment, project)),
        ("transitions", ProjectTransition.objects.filter(project_id=project.pk).select_related("actor").only(*LOG_COLUMNS)),
    )
    for name, rows in related:
        field = rows.model._meta.get_field("project")
        for row in rows:  # evaluates the queryset once: its rows stay in it
            field.set_cached_value(row, project)
        cache[name] = rows


# The statement reading one project's rows of a kind (its key a parameter, in the model's
# order), per database and model: the compiler writes the same statement for every project,
# at about 0.3 ms of CPU a query.
_STATEMENTS = {}


def _rows_of(model, project):
    """``model.objects.filter(project_id=project.pk)``, evaluated: its rows read with the
    statement compiled for the first project (``raw``, which builds the same instances with
    the same converters), kept in the queryset as prefetch_related keeps them. Anything
    asked of it beyond its rows (``filter``, ``order_by``) is a new query, as usual."""
    rows = model.objects.filter(project_id=project.pk)
    key = (rows.db, model)
    sql = _STATEMENTS.get(key)
    if sql is None:
        sql, params = rows.query.sql_with_params()
        if list(params) != [project.pk]:  # pragma: no cover - a statement with another parameter
            raise ValueError(f"{model.__name__}: the statement takes {params}, not the project's key alone")
        _STATEMENTS[key] = sql
    rows._result_cache = list(model.objects.db_manager(rows.db).raw(sql, [project.pk]))
    rows._prefetch_done = True
    return rows
