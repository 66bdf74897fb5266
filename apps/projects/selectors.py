"""Reads on projects that span apps, shaped so a list costs a constant number of queries."""

from dataclasses import dataclass

from apps.core.statements import Statement, Together

from . import policy
from .models import Attachment, AuthenticityCommitment, CommitmentPhase, Finding, Metric, Project, ProjectTransition, SimilarityFinding, TeamMember
from .similarity import UNREAD

# The finding's label as get_finding_display() writes it.
FINDING_LABELS = dict(Finding.choices)


def visible_projects(user):
    """Projects ``user`` may see: the list form of ``projects.view_project``
    (:func:`apps.projects.policy.visible_filter`), plain indexed joins on ``organization_id``
    and ``routed_to_id``."""
    base = Project.objects.with_list_data()
    seen = policy.visible_filter(user)
    if seen is None:
        return base.none()
    if user.organization_id and user.recommender_id:
        # Both grants at once (an account set up so by hand): the unit's membership join is
        # then an outer join and must not repeat the organisation's own rows.
        return base.filter(seen).distinct()
    return base.filter(seen)


def project_list(user, *, campaign=None, state=None, visible=None):
    """The user's project rows, newest first. ``visible``: :func:`visible_projects` of the
    user, when the caller has it already."""
    qs = visible_projects(user) if visible is None else visible
    if campaign is not None:
        qs = qs.filter(campaign=campaign)
    if state:
        qs = qs.filter(state=state)
    return qs.for_rows().order_by("-created_at", "-pk")


# The log's columns the project page reads (timeline, return reason, resubmission times), its
# actor written as str(user) does: not the user's whole row (password, contacts, flags).
LOG_COLUMNS = ("project", "transition", "from_state", "to_state", "role", "comment", "created_at", "actor__username", "actor__full_name")


def read_related(project):
    """The project's metrics, team, attachments and log (its actors' names joined, LOG_COLUMNS),
    one query each, kept where prefetch_related keeps them, so ``project.metrics.all()`` and the
    other related managers, and :func:`log_of`, return them without a query: the same rows and
    order as ``prefetch_related("metrics", …)`` on one project, without its machinery (a
    lookup on the instances, a related manager per kind), which cost a page about 0.7 ms a
    kind, and with statements compiled once (apps.core.statements); on PostgreSQL the four in
    one round trip (RELATED_TOGETHER). The project page (apps.common.project_access) and the
    unit's verification screen (apps.projects.unit_inbox.review_rows) read them so."""
    keep_related(project, RELATED_TOGETHER.rows(project.pk))


def keep_related(project, related):
    """Keep ``related`` (the rows of each of _RELATED's kinds, in its order) with ``project``,
    where prefetch_related keeps them (:func:`read_related`)."""
    cache = project.__dict__.setdefault("_prefetched_objects_cache", {})
    for (name, model, _), rows in zip(_RELATED, related):
        field = _PROJECT_FIELDS[model]
        for row in rows:
            field.set_cached_value(row, project)
        # Held by a queryset of the project's rows, as prefetch_related holds them: anything
        # asked of it beyond its rows (filter, order_by) is a new query of that kind, as usual.
        kept = model.objects.filter(project_id=project.pk)
        kept._result_cache = rows
        kept._prefetch_done = True
        cache[name] = kept


# A project's rows of each kind, in their model's order, compiled once (apps.core.statements).
_METRICS = Statement(lambda project_id: Metric.objects.filter(project_id=project_id))
_TEAM = Statement(lambda project_id: TeamMember.objects.filter(project_id=project_id))
_ATTACHMENTS = Statement(lambda project_id: Attachment.objects.filter(project_id=project_id))
_LOG = Statement(lambda project_id: ProjectTransition.objects.filter(project_id=project_id).select_related("actor").only(*LOG_COLUMNS))
_RELATED = (
    ("metrics", Metric, _METRICS),
    ("team_members", TeamMember, _TEAM),
    ("attachments", Attachment, _ATTACHMENTS),
    ("transitions", ProjectTransition, _LOG),
)
RELATED_STATEMENTS = tuple(statement for _, _, statement in _RELATED)
# The four in one round trip on PostgreSQL (apps.core.statements.Together).
RELATED_TOGETHER = Together(*RELATED_STATEMENTS)
_PROJECT_FIELDS = {model: model._meta.get_field("project") for model in (Metric, TeamMember, Attachment, ProjectTransition)}


def material_of(project_pk):
    """What a screen shows of an application besides the project's own row: its metrics, team
    and attachments, in their models' order, one query each (the expert's review screen)."""
    return {"metrics": _METRICS.rows(project_pk), "team": _TEAM.rows(project_pk), "attachments": _ATTACHMENTS.rows(project_pk)}


def log_of(project):
    """The project's log rows with their actors, oldest first: the rows :func:`read_related`
    (or a ``Prefetch("transitions", …)``) kept with the project when it did, else one query."""
    prefetched = getattr(project, "_prefetched_objects_cache", {}).get("transitions")
    if prefetched is not None:
        return sorted(prefetched, key=lambda row: (row.created_at, row.pk))
    return list(project.transitions.select_related("actor").order_by("created_at", "pk"))


def last_return(project, log=None):
    """The log row that returned ``project`` to the applicant, while it is returned (its reason
    is shown on the project page), else None. ``log``: :func:`log_of`, when the page has it."""
    from .states import State

    if project.state != State.RETURNED:
        return None
    if log is None:
        return project.transitions.filter(to_state=State.RETURNED).select_related("actor").order_by("-created_at", "-pk").first()
    return next((row for row in reversed(log) if row.to_state == State.RETURNED), None)


@dataclass(frozen=True)
class TimelineEntry:
    """One line of a project's timeline: a state change, or a step of the duplicate check
    (第七条(四)) that changes no state (the unit's acknowledgement, the commission's finding)."""

    label: str
    created_at: object
    actor: object
    role: str
    comment: str
    from_label: str = ""
    to_label: str = ""
    kind: str = "transition"


def timeline(project, *, log=None, check=UNREAD) -> list[TimelineEntry]:
    """The project's state changes and duplicate-check findings, oldest first (three queries;
    one when the page passes its ``log`` (:func:`log_of`) and its duplicate ``check``: the
    project's :class:`ProjectFingerprint`, None when it has none; none at all then for a project
    that cannot have a finding)."""
    from .models import ProjectFingerprint
    from .states import State

    log = log_of(project) if log is None else log
    entries = [
        TimelineEntry(
            label=t.label,
            created_at=t.created_at,
            actor=t.actor,
            role=t.role,
            comment=t.comment,
            from_label=t.get_from_state_display(),
            to_label=t.get_to_state_display(),
        )
        for t in log
    ]
    # The findings as columns: the timeline writes the recorder as str(user) does (its name,
    # else its username), so no finding and no user is built for it. A finding answers a check
    # while the project awaits approval (similarity.record_finding refuses one without a check
    # or in another state); a check is never deleted and every state change is logged. So a
    # project known to have no check, or whose log never reached 立项审核, has none to read.
    findings = ()
    if check is not None and any(row.to_state == State.RECOMMENDED for row in log):
        findings = _FINDINGS.rows(project.pk)
    for finding, created_at, reason, full_name, username in findings:
        entries.append(
            TimelineEntry(
                label=f"查重认定：{FINDING_LABELS.get(finding, finding)}（第七条(四)）",
                created_at=created_at,
                actor=full_name or username,
                role="市市场监管委",
                comment=reason,
                kind="finding",
            )
        )
    if check is UNREAD:
        check = ProjectFingerprint.objects.filter(project=project, acknowledged_at__isnull=False).select_related("acknowledged_by").first()
    if check is not None and check.acknowledged_at is not None:
        entries.append(
            TimelineEntry(
                label="推荐单位确认已知悉查重结果（第七条(四)）",
                created_at=check.acknowledged_at,
                actor=check.acknowledged_by,
                role="推荐单位",
                comment="",
                kind="acknowledgement",
            )
        )
    return sorted(entries, key=lambda e: e.created_at)


# The findings as columns, with their recorders' names.
_FINDINGS = Statement(
    lambda project_id: SimilarityFinding.objects.filter(project_id=project_id).values_list(
        "finding", "created_at", "reason", "recorded_by__full_name", "recorded_by__username"
    )
)


def commitments_shown(project, log=None):
    """第二十一条: the project's confirmed authenticity commitments as its page lists them,
    oldest first: the phase's label, when, and who (as str(user) writes the user: its name,
    else its username; None when no user is recorded). Read as columns, not as commitments
    with their users. ``log``: :func:`log_of`, when the page has it: a commitment is recorded
    by the submission it goes with, in its transaction, so a log without a submission (a
    draft) has none to read. Rows read with the project (:func:`keep_commitments`) are not
    read again."""
    from .models import COMMITMENT_PHASE

    rows = project.__dict__.get(_COMMITMENTS_KEPT)
    if rows is None:
        if log is not None and not any(row.transition in COMMITMENT_PHASE for row in log):
            return []
        rows = COMMITMENTS.rows(project.pk)
    return [
        {"phase": _PHASE_LABELS.get(phase, phase), "confirmed_at": confirmed_at, "confirmed_by": full_name or username or None}
        for phase, confirmed_at, full_name, username in rows
    ]


def keep_commitments(project, rows):
    """Keep ``rows`` (COMMITMENTS, read with the project) for :func:`commitments_shown`."""
    project.__dict__[_COMMITMENTS_KEPT] = rows


_COMMITMENTS_KEPT = "_commitment_rows"


_PHASE_LABELS = dict(CommitmentPhase.choices)
COMMITMENTS = Statement(
    lambda project_id: AuthenticityCommitment.objects.filter(project_id=project_id).values_list(
        "phase", "confirmed_at", "confirmed_by__full_name", "confirmed_by__username"
    )
)


def pdca_sections(project):
    """The application's PDCA text by section (第七条(二)), for the project page and the 申报书:
    [{"letter", "title", "items": [(label, text), …]}, …]."""
    from .choices import PDCA_SECTIONS

    return [
        {
            "letter": letter,
            "title": title,
            "items": [(project._meta.get_field(name).verbose_name, getattr(project, name)) for name in names],
        }
        for letter, title, _hint, names in PDCA_SECTIONS
    ]
